import { getTranslations } from "next-intl/server";
import { Link } from "@/i18n/navigation";
import { localizedName, type LocalizedName } from "@/lib/localized-name";
import { routeTownHref } from "@/lib/route-choices";
import { MAX_QUERY_LENGTH, type TownFilter } from "@/lib/town-search";

type PickerTown = LocalizedName & { slug: string; aliases: string[]; oblast?: LocalizedName | null };

/**
 * Which town's routes a form offers, chosen by typing the town's name (500 towns and 3,000 routes
 * are no list to scroll). A GET form of its own, placed before the record's form (forms cannot
 * nest): it reloads the page with the town in the address and works without JavaScript. A name
 * several towns share gives links to each; a name no town has is said.
 */
export async function RouteTownPicker({
  basePath,
  town,
  typed,
  more,
  max,
  locale,
}: {
  basePath: string;
  town: TownFilter<PickerTown>;
  /** What the field holds: the name typed, or the chosen town's name. */
  typed: string;
  /** The town has more routes than the form offers. */
  more: boolean;
  max: number;
  locale: string;
}) {
  const t = await getTranslations("routeChoice");
  const chosen = town.town ? localizedName(town.town, locale) : null;
  return (
    <form method="get" className="filters route-town" aria-label={t("formLabel")}>
      <div className="field">
        <label htmlFor="rc-town">{t("town")}</label>
        <input id="rc-town" type="search" name="townName" maxLength={MAX_QUERY_LENGTH} defaultValue={typed} aria-describedby="rc-town-hint" autoComplete="off" />
        {/* Keeps a chosen town while its name stays in the field (two towns may share a name). */}
        {town.town ? <input type="hidden" name="town" value={town.town.slug} /> : null}
        <p className="hint" id="rc-town-hint">
          {t("hint")}
        </p>
        {town.choices.length > 0 ? (
          <div role="status">
            <p>{t("choose", { name: typed })}</p>
            <ul>
              {town.choices.map((choice) => (
                <li key={choice.slug}>
                  <Link href={routeTownHref(basePath, { slug: choice.slug, name: localizedName(choice, locale) })}>
                    {localizedName(choice, locale)}
                    {choice.oblast ? ` (${localizedName(choice.oblast, locale)})` : null}
                  </Link>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {town.unmatched !== null ? (
          <p className="error" role="status">
            {t("notFound", { name: town.unmatched })}
          </p>
        ) : null}
        {chosen ? (
          <p role="status">
            {t("showing", { town: chosen })}
            {more ? ` ${t("more", { town: chosen, max })}` : null}
          </p>
        ) : null}
      </div>
      <div className="filter-actions">
        <button type="submit" className="button button-secondary">
          {t("submit")}
        </button>
      </div>
    </form>
  );
}
