import { Link } from "@/i18n/navigation";
import { localizedName } from "@/lib/localized-name";

type TownNames = { nameUk: string; nameRu: string; nameEn: string };

/** Links to the coordinators' pages of the given routes, "Origin → Destination"; "—" when none. */
export function RouteLinkList({
  routes,
  locale,
  className,
}: {
  routes: { id: string; slug: string; origin: TownNames; destination: TownNames }[];
  locale: string;
  className?: string;
}) {
  if (routes.length === 0) return <p>—</p>;
  return (
    <ul className={className}>
      {routes.map((r) => (
        <li key={r.id}>
          <Link href={`/coordinate/routes/${r.slug}`}>
            {localizedName(r.origin, locale)} → {localizedName(r.destination, locale)}
          </Link>
        </li>
      ))}
    </ul>
  );
}
