"use client";

import { circleMarker, layerGroup, type CircleMarker, type Map as LeafletMap } from "leaflet";
import { useEffect } from "react";
import { useMap } from "react-leaflet";
import type { MapTown } from "./types";
import { LABEL_GAP, labelSide } from "./view";

// Reference towns with their names always visible. Not interactive, so a click on a town passes
// through to the map (on an editing map it adds a point right there). Each name sits on the side
// of its dot that faces the middle of the map, so a town near the edge is never cut off, and it
// has a white halo (app/globals.css, .map-town-label) to stay legible over lines and borders.
//
// Built with Leaflet directly rather than react-leaflet's <Tooltip>: that one fills its content a
// render later, so the names could not be measured for placing right after they are added.

/**
 * Above the basemap and tiles, below route lines (overlayPane, 400) and markers (600): a name
 * never hides a line's dash pattern or a draggable point.
 */
const LABEL_PANE = "townLabels";
const LABEL_PANE_Z_INDEX = "350";

export function TownMarkers({ towns }: { towns: readonly MapTown[] }) {
  const map = useMap();
  useEffect(() => {
    if (!map.getPane(LABEL_PANE)) map.createPane(LABEL_PANE).style.zIndex = LABEL_PANE_Z_INDEX;
    const group = layerGroup();
    const markers: CircleMarker[] = [];
    for (const town of towns) {
      // A text node, never HTML: names are typed by staff.
      const label = document.createElement("span");
      label.textContent = town.name;
      const marker = circleMarker([town.lat, town.lon], {
        radius: 4,
        interactive: false,
        color: "#ffffff",
        weight: 1.5,
        fillColor: "#333333",
        fillOpacity: 1,
      })
        .bindTooltip(label, { permanent: true, direction: "right", offset: [LABEL_GAP, 0], className: "map-town-label", pane: LABEL_PANE })
        .addTo(group);
      markers.push(marker);
    }
    group.addTo(map);
    // This run's markers only: removed labels linger in the DOM while they fade out.
    const onMove = () => placeLabels(map, markers);
    onMove();
    map.on("moveend resize", onMove);
    return () => {
      map.off("moveend resize", onMove);
      group.remove();
    };
  }, [map, towns]);
  return null;
}

/**
 * Puts each name on the side of its dot with room for it, then hides (the dot stays) a name that
 * would still reach past the map's edge (its town is at the very edge or off screen) or overlap
 * one already shown: zoomed out, neighbouring towns' names pile up into an unreadable blot. The
 * earlier a town is in the list, the more it is kept, so a page can put the towns that matter first.
 */
function placeLabels(map: LeafletMap, markers: readonly CircleMarker[]): void {
  const width = map.getSize().x;
  const frame = map.getContainer().getBoundingClientRect();
  const shown: DOMRect[] = [];
  for (const marker of markers) {
    const tooltip = marker.getTooltip();
    const label = tooltip?.getElement();
    if (!tooltip || !label) continue;
    label.style.visibility = "";
    const side = labelSide(map.latLngToContainerPoint(marker.getLatLng()).x, width);
    if (tooltip.options.direction !== side) {
      tooltip.options.direction = side;
      tooltip.options.offset = [side === "left" ? -LABEL_GAP : LABEL_GAP, 0];
      tooltip.update();
    }
    const box = label.getBoundingClientRect();
    const inside = box.left >= frame.left && box.right <= frame.right && box.top >= frame.top && box.bottom <= frame.bottom;
    const overlaps = shown.some((s) => box.left < s.right && box.right > s.left && box.top < s.bottom && box.bottom > s.top);
    if (!inside || overlaps) label.style.visibility = "hidden";
    else shown.push(box);
  }
}
