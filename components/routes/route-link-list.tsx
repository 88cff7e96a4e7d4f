import { Link } from "@/i18n/navigation";
import { localizedName, type LocalizedName } from "@/lib/localized-name";

/** Links to the coordinators' pages of the given routes, "Origin → Destination"; "—" when none. */
export function RouteLinkList({
  routes,
  locale,
  className,
}: {
  routes: { id: string; slug: string; origin: LocalizedName; destination: LocalizedName }[];
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
