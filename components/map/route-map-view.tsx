"use client";

import type { LatLngBoundsLiteral, LatLngTuple } from "leaflet";
import { Marker, Polyline, Tooltip } from "react-leaflet";
import { BaseMap } from "./base-map";
import { pointIcon } from "./icons";
import { ROUTE_LINE_STYLE, ROUTE_LINE_WEIGHT, ROUTE_MAP_STATUSES } from "./route-style";
import type { MapTiles, MapTown, RouteMapLabels, RouteMapProps, RouteMapRoute } from "./types";

// The map half of RouteMap (loaded lazily, browser only): every route's line in its status style.

export type RouteMapViewProps = {
  routes: RouteMapRoute[];
  marker?: RouteMapProps["marker"];
  towns: readonly MapTown[];
  tiles: MapTiles;
  bounds: LatLngBoundsLiteral;
  labels: RouteMapLabels;
};

export function RouteMapView({ routes, marker, towns, tiles, bounds, labels }: RouteMapViewProps) {
  const shown = ROUTE_MAP_STATUSES.filter((status) => routes.some((route) => route.status === status));
  return (
    <>
      <BaseMap testId="route-map" labels={labels} towns={towns} tiles={tiles} bounds={bounds}>
        {routes.map((route) => {
          const style = ROUTE_LINE_STYLE[route.status];
          return (
            <Polyline
              key={route.slug}
              positions={route.waypoints.map(([lon, lat]): LatLngTuple => [lat, lon])}
              pathOptions={{ color: style.color, dashArray: style.dashArray, weight: ROUTE_LINE_WEIGHT, lineCap: "round", opacity: 0.95 }}
            >
              <Tooltip sticky>
                {route.label}: {labels.status[route.status]}
              </Tooltip>
            </Polyline>
          );
        })}
        {marker && <Marker position={[marker.lat, marker.lon]} icon={pointIcon} title={marker.title} keyboard={false} />}
      </BaseMap>
      {shown.length > 0 && (
        <ul className="map-legend" aria-label={labels.legend}>
          {shown.map((status) => (
            <li key={status}>
              <svg aria-hidden="true" width="44" height="10" viewBox="0 0 44 10">
                <line
                  x1="3"
                  y1="5"
                  x2="41"
                  y2="5"
                  stroke={ROUTE_LINE_STYLE[status].color}
                  strokeWidth={ROUTE_LINE_WEIGHT}
                  strokeDasharray={ROUTE_LINE_STYLE[status].dashArray}
                  strokeLinecap="round"
                />
              </svg>
              {labels.status[status]}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
