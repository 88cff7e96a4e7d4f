import "server-only";
import { getLocale, getTranslations } from "next-intl/server";
import type { PointFieldLabels, RouteMapLabels, WaypointsFieldLabels } from "./types";

// The maps fill their own placeholders ({km}, {n}, {line}) as the user edits, so their strings
// are taken raw from the `map` messages rather than formatted here.

async function base(mapLabelKey: "mapLabelRoute" | "mapLabelPoint" | "mapLabelView") {
  const t = await getTranslations("map");
  return {
    t,
    base: { mapLabel: t(mapLabelKey), zoomIn: t("zoomIn"), zoomOut: t("zoomOut"), basemapUnavailable: t("basemapUnavailable"), language: await getLocale() },
  };
}

export async function waypointsFieldLabels(): Promise<WaypointsFieldLabels> {
  const { t, base: b } = await base("mapLabelRoute");
  const raw = (key: string) => t.raw(key) as string;
  return {
    ...b,
    legend: t("routeLegend"),
    mapHint: t("routeMapHint"),
    fixToEditMap: t("fixToEditMap"),
    textareaLabel: t("textareaLabel"),
    textareaHint: t("textareaHint"),
    length: raw("length"),
    tooFewPoints: t("tooFewPoints"),
    point: raw("point"),
    removePoint: raw("removePoint"),
    removeLast: t("removeLast"),
    closePopup: t("closePopup"),
    errorFormat: raw("errorFormat"),
    errorLatitude: raw("errorLatitude"),
    errorLongitude: raw("errorLongitude"),
  };
}

export async function pointFieldLabels(): Promise<PointFieldLabels> {
  const { t, base: b } = await base("mapLabelPoint");
  return { ...b, legend: t("pointLegend"), mapHint: t("pointMapHint"), latLabel: t("latLabel"), lonLabel: t("lonLabel"), marker: t("marker") };
}

export async function routeMapLabels(): Promise<RouteMapLabels> {
  const { t, base: b } = await base("mapLabelView");
  const s = await getTranslations("status");
  return {
    ...b,
    legend: t("lineStyles"),
    assemblyPoint: t("assemblyPoint"),
    mainRoad: t("mainRoad"),
    receptionPoint: t("receptionPoint"),
    status: { open: s("open"), caution: s("caution"), closed: s("closed"), unknown: s("unknown"), unconfirmed: s("unconfirmed") },
  };
}
