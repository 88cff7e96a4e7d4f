"use client";

import type { LatLngBoundsLiteral, LeafletEvent, Marker as LeafletMarker } from "leaflet";
import { useEffect, useId } from "react";
import { Marker, useMapEvents } from "react-leaflet";
import { BaseMap } from "./base-map";
import { pointIcon } from "./icons";
import type { MapPoint, MapTiles, MapTown, PointFieldLabels } from "./types";
import { round5 } from "./view";

// The map half of PointField (loaded lazily, browser only): shows the inputs' point and reports
// clicks and drags; the two number inputs stay the submitted fields.

export type PointMapProps = {
  /** The inputs' point when both are valid numbers in range, else null (no marker). */
  point: MapPoint | null;
  onChange: (point: MapPoint) => void;
  towns: readonly MapTown[];
  tiles: MapTiles;
  bounds: LatLngBoundsLiteral;
  labels: PointFieldLabels;
};

export function PointMap({ point, onChange, towns, tiles, bounds, labels }: PointMapProps) {
  const hintId = useId();
  return (
    <>
      <p id={hintId} className="field-hint">
        {labels.mapHint}
      </p>
      <BaseMap testId="point-map" labels={labels} towns={towns} tiles={tiles} hintId={hintId} bounds={bounds} editing>
        <PointLayer point={point} onChange={onChange} title={labels.marker} />
      </BaseMap>
    </>
  );
}

function PointLayer({ point, onChange, title }: { point: MapPoint | null; onChange: (point: MapPoint) => void; title: string }) {
  const report = ({ lat, lng }: { lat: number; lng: number }) => onChange({ lat: round5(lat), lon: round5(lng) });
  const map = useMapEvents({ click: (event) => report(event.latlng.wrap()) });
  const lat = point?.lat;
  const lon = point?.lon;
  // A point typed into the inputs may be off screen: bring it into view (at once, no animation).
  useEffect(() => {
    if (lat === undefined || lon === undefined) return;
    if (!map.getBounds().contains([lat, lon])) map.panTo([lat, lon], { animate: false });
  }, [map, lat, lon]);
  if (!point) return null;
  return (
    <Marker
      position={[point.lat, point.lon]}
      icon={pointIcon}
      title={title}
      // Not focusable: it can only be dragged with a pointer; keyboard users type in the inputs.
      keyboard={false}
      draggable
      eventHandlers={{ dragend: (event: LeafletEvent) => report((event.target as LeafletMarker).getLatLng().wrap()) }}
    />
  );
}
