"use client";

import dynamic from "next/dynamic";
import { useEffect, useId, useState } from "react";
import { MapPlaceholder } from "./map-placeholder";
import type { MapPoint, MapTiles, MapTown, PointFieldLabels } from "./types";
import { initialBounds } from "./view";

export type { PointFieldLabels };

// A single point (a town's, an incident's) as a form field: two labelled number inputs are what
// is submitted and work without JavaScript; the map sets them by click or drag and follows them.

const PointMap = dynamic(() => import("./point-map").then((m) => m.PointMap), {
  ssr: false,
  loading: () => <MapPlaceholder />,
});

export type PointFieldProps = {
  latName: string;
  lonName: string;
  /** A string is the value as typed (to refill a form the server refused). */
  defaultLat?: number | string | null;
  defaultLon?: number | string | null;
  towns: MapTown[];
  /** Points the first view fits when there is no point yet; else the towns, Luhansk oblast. */
  focus?: MapPoint[];
  tiles: MapTiles;
  latError?: string;
  lonError?: string;
  required?: boolean;
  labels: PointFieldLabels;
  /** Told the valid point (or null) whenever it changes, e.g. to suggest routes near it. */
  onPointChange?: (point: MapPoint | null) => void;
};

const asText = (value: number | string | null | undefined) => (value === null || value === undefined ? "" : String(value));

/** The typed number if it is one and within [-limit, limit]; what the server accepts too. */
function coordinate(text: string, limit: number): number | null {
  if (!/^\s*[-+]?\d+(\.\d+)?\s*$/.test(text)) return null;
  const value = Number(text);
  return value >= -limit && value <= limit ? value : null;
}

export function PointField({
  latName,
  lonName,
  defaultLat,
  defaultLon,
  towns,
  focus = [],
  tiles,
  latError,
  lonError,
  required,
  labels,
  onPointChange,
}: PointFieldProps) {
  const id = useId();
  const [lat, setLat] = useState(() => asText(defaultLat));
  const [lon, setLon] = useState(() => asText(defaultLon));
  const latValue = coordinate(lat, 90);
  const lonValue = coordinate(lon, 180);
  const point = latValue !== null && lonValue !== null ? { lat: latValue, lon: lonValue } : null;
  const [bounds] = useState(() => initialBounds([point ? [point, ...focus] : focus, towns]));
  useEffect(() => {
    onPointChange?.(latValue !== null && lonValue !== null ? { lat: latValue, lon: lonValue } : null);
  }, [latValue, lonValue, onPointChange]);

  const onMapChange = (next: MapPoint) => {
    setLat(next.lat.toFixed(5));
    setLon(next.lon.toFixed(5));
  };

  return (
    <fieldset className="map-field">
      <legend>{labels.legend}</legend>
      <PointMap point={point} onChange={onMapChange} towns={towns} tiles={tiles} bounds={bounds} labels={labels} />
      <div className="map-coordinates">
        <div className="field">
          <label htmlFor={`${id}-lat`}>{labels.latLabel}</label>
          <input
            id={`${id}-lat`}
            name={latName}
            type="number"
            step="any"
            min={-90}
            max={90}
            value={lat}
            onChange={(event) => setLat(event.target.value)}
            required={required}
            aria-invalid={latError ? true : undefined}
            aria-describedby={latError ? `${id}-lat-error` : undefined}
          />
          {latError && (
            <p className="field-error" id={`${id}-lat-error`}>
              {latError}
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor={`${id}-lon`}>{labels.lonLabel}</label>
          <input
            id={`${id}-lon`}
            name={lonName}
            type="number"
            step="any"
            min={-180}
            max={180}
            value={lon}
            onChange={(event) => setLon(event.target.value)}
            required={required}
            aria-invalid={lonError ? true : undefined}
            aria-describedby={lonError ? `${id}-lon-error` : undefined}
          />
          {lonError && (
            <p className="field-error" id={`${id}-lon-error`}>
              {lonError}
            </p>
          )}
        </div>
      </div>
    </fieldset>
  );
}
