"use client";

import { circleMarker, layerGroup, type CircleMarker } from "leaflet";
import { useEffect } from "react";
import { useMap } from "react-leaflet";
import type { MapTown } from "./types";

// Reference towns with their names always visible. Not interactive, so a click on a town passes
// through to the map (on an editing map it adds a point right there).
//
// Built with Leaflet directly rather than react-leaflet's <Tooltip>: that one fills its content a
// render later, so the names could not be measured for decluttering right after they are added.

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
        .bindTooltip(label, { permanent: true, direction: "right", offset: [5, 0], className: "map-town-label", pane: LABEL_PANE })
        .addTo(group);
      markers.push(marker);
    }
    group.addTo(map);
    // This run's labels only: removed ones linger in the DOM while they fade out.
    const labels = markers.flatMap((marker) => marker.getTooltip()?.getElement() ?? []);
    const onZoom = () => declutter(labels);
    onZoom();
    map.on("zoomend", onZoom);
    return () => {
      map.off("zoomend", onZoom);
      group.remove();
    };
  }, [map, towns]);
  return null;
}

/**
 * Zoomed out, neighbouring towns' names pile up into an unreadable blot: names that would overlap
 * one already shown are hidden (the dots stay). The earlier a town is in the list, the more it is
 * kept, so a page can put the towns that matter first.
 */
function declutter(labels: readonly HTMLElement[]): void {
  const shown: DOMRect[] = [];
  for (const label of labels) {
    label.style.visibility = "";
    const box = label.getBoundingClientRect();
    if (shown.some((s) => box.left < s.right && box.right > s.left && box.top < s.bottom && box.bottom > s.top)) {
      label.style.visibility = "hidden";
    } else shown.push(box);
  }
}
