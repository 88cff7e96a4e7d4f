"use client";

import type { LatLngBoundsLiteral, LatLngTuple } from "leaflet";
import { Circle, Marker, Polyline, Tooltip } from "react-leaflet";
import { BaseMap } from "./base-map";
import { ROAD_STYLE, showsRoads } from "./basemap-roads";
import { assemblyIcon, pointIcon, receptionIcon } from "./icons";
import { ROUTE_LINE_STYLE, ROUTE_LINE_WEIGHT, ROUTE_MAP_STATUSES } from "./route-style";
import type { MapPlace, MapReception, MapTiles, MapTown, RouteMapLabels, RouteMapProps, RouteMapRoute } from "./types";

// The map half of RouteMap (loaded lazily, browser only): every route's line in its status style,
// and the assembly points: a square at the rounded point inside a faint circle of about that
// rounding, so nobody reads the square as the exact door (the text names the exact place).

/** About the public rounding (0.01°, at most ~700 m from the true point at this latitude). */
const PLACE_AREA_METRES = 700;

export type RouteMapViewProps = {
  routes: RouteMapRoute[];
  marker?: RouteMapProps["marker"];
  places?: readonly MapPlace[];
  reception?: readonly MapReception[];
  towns: readonly MapTown[];
  tiles: MapTiles;
  bounds: LatLngBoundsLiteral;
  labels: RouteMapLabels;
};

export function RouteMapView({ routes, marker, places = [], reception = [], towns, tiles, bounds, labels }: RouteMapViewProps) {
  const shown = ROUTE_MAP_STATUSES.filter((status) => routes.some((route) => route.status === status));
  // The basemap has roads only in the east: the key names them where the map shows them.
  const roads = showsRoads(bounds);
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
        {places.map((place) => (
          <Circle
            key={`area-${place.lat},${place.lon},${place.name}`}
            center={[place.lat, place.lon]}
            radius={PLACE_AREA_METRES}
            pathOptions={{ color: "#5b3a8c", weight: 1, fillColor: "#5b3a8c", fillOpacity: 0.08 }}
            interactive={false}
          />
        ))}
        {places.map((place) => (
          <Marker key={`place-${place.lat},${place.lon},${place.name}`} position={[place.lat, place.lon]} icon={assemblyIcon} title={`${labels.assemblyPoint}: ${place.name}`} keyboard={false}>
            <Tooltip>{`${labels.assemblyPoint}: ${place.name}`}</Tooltip>
          </Marker>
        ))}
        {reception.map((town) => {
          // Name and judged status of each point, in words: the diamond alone never says which is full.
          const title = `${labels.receptionPoint}, ${town.town}: ${town.points.map((p) => `${p.name} (${p.status})`).join("; ")}`;
          return (
            <Marker key={`reception-${town.lat},${town.lon}`} position={[town.lat, town.lon]} icon={receptionIcon} title={title} keyboard={false}>
              <Tooltip>{title}</Tooltip>
            </Marker>
          );
        })}
        {marker && <Marker position={[marker.lat, marker.lon]} icon={pointIcon} title={marker.title} keyboard={false} />}
      </BaseMap>
      {(shown.length > 0 || places.length > 0 || reception.length > 0 || roads) && (
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
          {places.length > 0 && (
            <li>
              <span className="map-assembly-key" aria-hidden="true" />
              {labels.assemblyPoint}
            </li>
          )}
          {reception.length > 0 && (
            <li>
              <span className="map-reception-key" aria-hidden="true" />
              {labels.receptionPoint}
            </li>
          )}
          {roads && (
            <li>
              <svg aria-hidden="true" width="44" height="10" viewBox="0 0 44 10">
                <line x1="3" y1="5" x2="41" y2="5" stroke={ROAD_STYLE.casing.color} strokeWidth={ROAD_STYLE.casing.weight} strokeLinecap="round" />
                <line x1="3" y1="5" x2="41" y2="5" stroke={ROAD_STYLE.core.color} strokeWidth={ROAD_STYLE.core.weight} strokeLinecap="round" />
              </svg>
              {labels.mainRoad}
            </li>
          )}
        </ul>
      )}
    </>
  );
}
