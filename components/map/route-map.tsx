"use client";

import dynamic from "next/dynamic";
import { useEffect, useRef, useState } from "react";
import { MapPlaceholder } from "./map-placeholder";
import type { RouteMapLabels, RouteMapProps, RouteMapRoute, RouteMapStatus } from "./types";
import { initialBounds, lonLatPoints } from "./view";

// Routes on a map, display only. On public pages it comes after the text (which alone must be
// enough), so its code (Leaflet, ~45 KB gzip) and the basemap are fetched only when the map is
// about to scroll into view.

const RouteMapView = dynamic(() => import("./route-map-view").then((m) => m.RouteMapView), {
  ssr: false,
  loading: () => <MapPlaceholder />,
});

export type { RouteMapLabels, RouteMapProps, RouteMapRoute, RouteMapStatus };

/** How far below the screen the map starts loading. */
const LOAD_MARGIN = "300px";

export function RouteMap({ routes, marker, places, reception, towns, tiles, labels }: RouteMapProps) {
  const ref = useRef<HTMLDivElement>(null);
  const [near, setNear] = useState(false);
  const [bounds] = useState(() => initialBounds([[...(marker ? [marker] : []), ...(places ?? []), ...routes.flatMap((route) => lonLatPoints(route.waypoints))], towns]));
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) {
          setNear(true);
          observer.disconnect();
        }
      },
      { rootMargin: LOAD_MARGIN },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return (
    <div ref={ref} className="route-map">
      {near ? <RouteMapView routes={routes} marker={marker} places={places} reception={reception} towns={towns} tiles={tiles} bounds={bounds} labels={labels} /> : <MapPlaceholder />}
    </div>
  );
}
