import { createRoot } from "react-dom/client";
import type { RouteMapProps } from "@/components/map/route-map";
import { RouteMapView } from "@/components/map/route-map-view";
import { initialBounds, lonLatPoints } from "@/components/map/view";

// The map's code, loaded by islands/map.ts when the map is wanted: the same RouteMapView (React,
// react-leaflet, Leaflet) the staff pages use, mounted into the placeholder the server rendered.

export function mountRouteMap(element: HTMLElement, props: RouteMapProps): void {
  const { routes, marker, places, reception, towns, tiles, labels } = props;
  const bounds = initialBounds([[...(marker ? [marker] : []), ...(places ?? []), ...routes.flatMap((route) => lonLatPoints(route.waypoints))], towns]);
  createRoot(element).render(<RouteMapView routes={routes} marker={marker} places={places} reception={reception} towns={towns} tiles={tiles} bounds={bounds} labels={labels} />);
}
