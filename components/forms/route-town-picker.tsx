import { getTranslations } from "next-intl/server";
import { localizedName } from "@/lib/localized-name";
import { TownChoices, type ChoosableTown } from "./town-choices";
import { routeTownHref } from "@/lib/route-choices";
import { MAX_QUERY_LENGTH, type TownFilter } from "@/lib/town-search";

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
  town: TownFilter<ChoosableTown>;
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
        <TownChoices
          town={town}
          locale={locale}
          hrefFor={(choice, name) => routeTownHref(basePath, { slug: choice.slug, name })}
          chooseText={t("choose", { name: typed })}
          notFoundText={(name) => t("notFound", { name })}
        />
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
