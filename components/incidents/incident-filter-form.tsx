import { getTranslations } from "next-intl/server";
import { INCIDENT_CATEGORIES, SOURCE_KINDS, VERIFICATION_STATES } from "@/lib/enum-values";
import { DateRangeFields, FilterSelect } from "@/components/forms/filter-fields";
import { Link } from "@/i18n/navigation";
import type { IncidentFilterParams } from "@/lib/incident-filters";
import { listHref } from "@/lib/list-filters";
import { MAX_QUERY_LENGTH, type TownFilter } from "@/lib/town-search";
import { TownChoices, type ChoosableTown } from "@/components/forms/town-choices";
import { localizedName, type LocalizedName } from "@/lib/localized-name";

/**
 * The filters of an incident list as a plain GET form, so every filtered view has its own address
 * that can be shared, bookmarked and reloaded, and works before any script runs.
 */
export async function IncidentFilterForm({
  basePath,
  filters,
  town,
  routes,
  locale,
}: {
  basePath: string;
  filters: IncidentFilterParams;
  /** The town field, resolved (townFilter): never a list of every town. */
  town: TownFilter<ChoosableTown>;
  /** The chosen town's routes only (listIncidentRouteFilterOptions): every route would be thousands of options. */
  routes: { slug: string; origin: LocalizedName; destination: LocalizedName }[];
  locale: string;
}) {
  const t = await getTranslations("incidents");
  const tc = await getTranslations("category");
  const tv = await getTranslations("verification");
  const tk = await getTranslations("sourceKind");
  return (
    <form method="get" className="filters" aria-label={t("filters")}>
      <div className="field">
        <label htmlFor="f-q">{t("search")}</label>
        <input id="f-q" type="search" name="q" maxLength={200} defaultValue={filters.q ?? ""} aria-describedby="f-q-hint" />
        <p className="hint" id="f-q-hint">
          {t("searchHint")}
        </p>
      </div>
      <div className="field">
        <label htmlFor="f-town">{t("town")}</label>
        <input id="f-town" type="search" name="townName" maxLength={MAX_QUERY_LENGTH} defaultValue={filters.townName ?? ""} aria-describedby="f-town-hint" autoComplete="off" />
        {/* Keeps a chosen town while its name stays in the field (two towns may share a name). */}
        {town.town ? <input type="hidden" name="town" value={town.town.slug} /> : null}
        <p className="hint" id="f-town-hint">
          {t("townHint")}
        </p>
        <TownChoices
          town={town}
          locale={locale}
          hrefFor={(choice, name) => listHref(basePath, { ...filters, page: undefined, route: undefined, town: choice.slug, townName: name }, 1)}
          chooseText={t("townChoose", { name: filters.townName ?? "" })}
          notFoundText={(name) => t("townNotFound", { name })}
        />
      </div>
      <FilterSelect
        id="f-route"
        name="route"
        label={t("route")}
        anyLabel={t("any")}
        value={filters.route}
        hint={filters.town ? undefined : t("routeNeedsTown")}
        options={routes.map((r) => ({ value: r.slug, label: `${localizedName(r.origin, locale)} → ${localizedName(r.destination, locale)}` }))}
      />
      <FilterSelect id="f-category" name="category" label={t("category")} anyLabel={t("any")} value={filters.category} options={INCIDENT_CATEGORIES.map((c) => ({ value: c, label: tc(c) }))} />
      <FilterSelect
        id="f-verification"
        name="verification"
        label={t("verification")}
        anyLabel={t("any")}
        value={filters.verification}
        options={VERIFICATION_STATES.map((v) => ({ value: v, label: tv(v) }))}
      />
      <FilterSelect id="f-source-kind" name="sourceKind" label={t("sourceKind")} anyLabel={t("any")} value={filters.sourceKind} options={SOURCE_KINDS.map((k) => ({ value: k, label: tk(k) }))} />
      <DateRangeFields idPrefix="f" labels={{ from: t("from"), to: t("to") }} from={filters.from} to={filters.to} />
      <div className="filter-actions">
        <button type="submit" className="button">
          {t("apply")}
        </button>{" "}
        <Link href={basePath}>{t("clear")}</Link>
      </div>
    </form>
  );
}
