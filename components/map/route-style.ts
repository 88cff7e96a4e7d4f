// How a route's status is drawn. Never by colour alone: each status has its own dash pattern too
// (and the lines carry the status word in a tooltip, the legend names each pattern).
// Colours match the status badges in app/globals.css.

export const ROUTE_MAP_STATUSES = ["open", "caution", "closed", "unknown", "unconfirmed"] as const;
export type RouteMapStatus = (typeof ROUTE_MAP_STATUSES)[number];

export type RouteLineStyle = { color: string; dashArray?: string };

export const ROUTE_LINE_WEIGHT = 5;

export const ROUTE_LINE_STYLE: Record<RouteMapStatus, RouteLineStyle> = {
  open: { color: "#1b6e20" }, // solid
  caution: { color: "#b86e00", dashArray: "12 8" }, // dashed
  closed: { color: "#a0151b", dashArray: "1 9" }, // dotted (round caps make the dots)
  unknown: { color: "#5a5a5a", dashArray: "20 8 4 8" }, // long dash, short dash
  unconfirmed: { color: "#5a5a5a", dashArray: "20 8 4 8" }, // shown like unknown: not known to be open
};
