import type { RouteMapProps } from "@/components/map/route-map";
import { MapPlaceholder } from "@/components/map/map-placeholder";
import { JsonData } from "./json-data";

/**
 * The route page's map as an island: the server renders its placeholder (same size, so nothing
 * below it moves) and its data; islands/map.ts loads the map's code (the same RouteMapView the
 * staff pages use) only when it comes near the screen. The page's text is complete without it.
 */
export function RouteMapIsland({ id, ...props }: RouteMapProps & { id: string }) {
  const dataId = `${id}-data`;
  return (
    <>
      <div className="route-map" id={id} data-island="map" data-map-data={dataId}>
        <MapPlaceholder />
      </div>
      <JsonData id={dataId} value={props} />
    </>
  );
}
