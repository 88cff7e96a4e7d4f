import { getTranslations } from "next-intl/server";
import type { PublicStatusCounts } from "@/db/public/types";
import { LocaleLink as Link } from "@/components/layout/locale-link";
import { localizedName } from "@/lib/localized-name";
import type { LocalizedName } from "@/lib/localized-name";

// The lists that lead a resident to a town among hundreds: oblasts on the home page, an oblast's
// towns on its page. Each entry is a link with its counts as words ("Open: 3 · Closed: 1"), never
// colour alone; only the statuses that occur are named.

const ORDER = ["open", "caution", "closed", "unconfirmed", "unknown"] as const;

/** "Open: 3 · Closed: 1", in the page's language, the statuses that occur only. */
export async function statusCountsText(counts: PublicStatusCounts): Promise<string> {
  const ts = await getTranslations("status");
  return ORDER.filter((s) => counts[s] > 0)
    .map((s) => `${ts(s)}: ${counts[s]}`)
    .join(" · ");
}

type Entry = LocalizedName & { slug: string; statusCounts: PublicStatusCounts; detail: string };

/** One linked place per item, its detail and counts beneath. `hrefOf` gives the page it leads to. */
export async function PlaceList({ places, locale, hrefOf, id }: { places: Entry[]; locale: string; hrefOf: (slug: string) => string; id: string }) {
  const th = await getTranslations("home");
  const items = await Promise.all(places.map(async (p) => ({ ...p, counts: await statusCountsText(p.statusCounts) })));
  return (
    <ul className="place-list" id={id}>
      {items.map((p) => (
        <li key={p.slug} data-place={p.slug}>
          <Link href={hrefOf(p.slug)} className="main-link">
            {localizedName(p, locale)}
          </Link>
          <span className="meta">
            {" "}
            {p.detail}. {th("statusCounts", { counts: p.counts })}
          </span>
        </li>
      ))}
    </ul>
  );
}
