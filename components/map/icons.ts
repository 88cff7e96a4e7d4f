import { divIcon, type DivIcon } from "leaflet";

// Leaflet's default marker PNGs break under bundlers (their URLs are guessed from the CSS path),
// so every marker is a styled div. Icons are cached: a new icon object makes react-leaflet rebuild
// the marker's element, which would drop keyboard focus and cancel a drag in progress.

const waypointIcons = new Map<number, DivIcon>();

/** A numbered dot; the number is decoration (aria-hidden), the marker's title names it. */
export function waypointIcon(n: number): DivIcon {
  let icon = waypointIcons.get(n);
  if (!icon) {
    icon = divIcon({
      className: "map-waypoint",
      html: `<span aria-hidden="true">${n}</span>`,
      iconSize: [26, 26],
      iconAnchor: [13, 13],
      popupAnchor: [0, -13],
    });
    waypointIcons.set(n, icon);
  }
  return icon;
}

/** An assembly point: a square, so it is told from a town's dot and a point being edited by shape. */
export const assemblyIcon: DivIcon = divIcon({
  className: "map-assembly",
  html: '<span aria-hidden="true"></span>',
  iconSize: [24, 24],
  iconAnchor: [12, 12],
});

/** The single point of a town or incident: a ring with a dot, anchored at its centre. */
export const pointIcon: DivIcon = divIcon({
  className: "map-point",
  html: '<span aria-hidden="true"></span>',
  iconSize: [30, 30],
  iconAnchor: [15, 15],
});

/**
 * The reception points of a town: a diamond, told from the assembly square and a town's dot by
 * shape, set just above the town's dot (its name sits beside it) so neither hides the other.
 */
export const receptionIcon: DivIcon = divIcon({
  className: "map-reception",
  html: '<span aria-hidden="true"></span>',
  iconSize: [24, 24],
  iconAnchor: [12, 30],
});
