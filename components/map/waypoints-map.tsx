"use client";

import type {
  LatLngBoundsLiteral,
  LatLngTuple,
  LeafletEvent,
  Marker as LeafletMarker,
  Polyline as LeafletPolyline,
  PopupEvent,
} from "leaflet";
import { useEffect, useId, useRef, type RefObject } from "react";
import { Marker, Polyline, Popup, useMap, useMapEvents } from "react-leaflet";
import { BaseMap } from "./base-map";
import { waypointIcon } from "./icons";
import { fill } from "./template";
import type { LonLat, MapTiles, MapTown, WaypointsFieldLabels } from "./types";
import { round5 } from "./view";

// The map half of WaypointsField (loaded lazily, browser only). It owns no state: it shows the
// field's points and reports edits, so the textarea stays the single source of truth.

export type WaypointsMapProps = {
  points: LonLat[];
  /** False while the textarea has a bad line: the map shows the last good line but does not edit it. */
  editable: boolean;
  onChange: (points: LonLat[]) => void;
  towns: readonly MapTown[];
  tiles: MapTiles;
  bounds: LatLngBoundsLiteral;
  labels: WaypointsFieldLabels;
};

const LINE_STYLE = { color: "#0b57a4", weight: 4, opacity: 0.9 };

export function WaypointsMap({ points, editable, onChange, towns, tiles, bounds, labels }: WaypointsMapProps) {
  const hintId = useId();
  return (
    <>
      <p id={hintId} className={editable ? "field-hint" : "map-note"}>
        {editable ? labels.mapHint : labels.fixToEditMap}
      </p>
      <BaseMap testId="waypoints-map" labels={labels} towns={towns} tiles={tiles} hintId={hintId} bounds={bounds} editing>
        <WaypointLayers points={points} editable={editable} onChange={onChange} labels={labels} />
      </BaseMap>
      <p className="map-actions">
        <button
          type="button"
          className="map-button"
          disabled={!editable || points.length === 0}
          onClick={() => onChange(points.slice(0, -1))}
        >
          {labels.removeLast}
        </button>
      </p>
    </>
  );
}

function WaypointLayers({
  points,
  editable,
  onChange,
  labels,
}: Pick<WaypointsMapProps, "points" | "editable" | "onChange" | "labels">) {
  const lineRef = useRef<LeafletPolyline>(null);
  // A click on the map first closes an open popup (Leaflet's "preclick"); that click must not
  // also add a point. Both events come from the same DOM event, so the flag lives for one task.
  const popupJustClosed = useRef(false);
  const map = useMapEvents({
    popupclose: () => {
      popupJustClosed.current = true;
      setTimeout(() => {
        popupJustClosed.current = false;
      }, 0);
    },
    click: (event) => {
      if (!editable || popupJustClosed.current) return;
      // wrap(): after panning across the antimeridian Leaflet reports longitudes beyond ±180.
      const { lat, lng } = event.latlng.wrap();
      onChange([...points, [round5(lng), round5(lat)]]);
    },
  });
  const positions = points.map(([lon, lat]): LatLngTuple => [lat, lon]);
  return (
    <>
      <Polyline ref={lineRef} positions={positions} interactive={false} pathOptions={LINE_STYLE} />
      {positions.map((position, index) => (
        <WaypointMarker
          // By index: point N stays marker N when others move, and its title "Point N" stays true.
          key={index}
          index={index}
          position={position}
          editable={editable}
          labels={labels}
          // While dragging only the drawn line follows; the field is told once, on drop.
          onDrag={(latlng) => lineRef.current?.setLatLngs(positions.map((p, j) => (j === index ? latlng : p)))}
          onDrop={(latlng) => onChange(points.map((p, j): LonLat => (j === index ? [round5(latlng[1]), round5(latlng[0])] : p)))}
          onRemove={() => {
            map.closePopup();
            onChange(points.filter((_, j) => j !== index));
            // The marker (and the focused button in its popup) goes away: keep focus on the map.
            map.getContainer().focus();
          }}
        />
      ))}
    </>
  );
}

function WaypointMarker({
  index,
  position,
  editable,
  labels,
  onDrag,
  onDrop,
  onRemove,
}: {
  index: number;
  position: LatLngTuple;
  editable: boolean;
  labels: WaypointsFieldLabels;
  onDrag: (latlng: LatLngTuple) => void;
  onDrop: (latlng: LatLngTuple) => void;
  onRemove: () => void;
}) {
  const markerRef = useRef<LeafletMarker>(null);
  const n = index + 1;
  const at = (event: LeafletEvent): LatLngTuple => {
    const { lat, lng } = (event.target as LeafletMarker).getLatLng().wrap();
    return [lat, lng];
  };
  return (
    <Marker
      ref={markerRef}
      position={position}
      icon={waypointIcon(n)}
      title={fill(labels.point, { n })}
      keyboard
      draggable={editable}
      eventHandlers={{ drag: (event) => onDrag(at(event)), dragend: (event) => onDrop(at(event)) }}
    >
      {editable && (
        <Popup closeButton={false}>
          <WaypointPopup n={n} labels={labels} markerRef={markerRef} onRemove={onRemove} />
        </Popup>
      )}
    </Marker>
  );
}

/** Opened by clicking the marker, or Enter on it: the pointer way to remove one point. */
function WaypointPopup({
  n,
  labels,
  markerRef,
  onRemove,
}: {
  n: number;
  labels: WaypointsFieldLabels;
  markerRef: RefObject<LeafletMarker | null>;
  onRemove: () => void;
}) {
  const map = useMap();
  const removeRef = useRef<HTMLButtonElement>(null);
  // Keyboard users land on the popup's actions. Its content is rendered when the popup first
  // opens (mount) and then kept while closed, so later openings are caught by the event.
  useEffect(() => {
    const button = removeRef.current;
    button?.focus();
    const onOpen = (event: PopupEvent) => {
      if (button && event.popup.getElement()?.contains(button)) button.focus();
    };
    map.on("popupopen", onOpen);
    return () => {
      map.off("popupopen", onOpen);
    };
  }, [map]);
  const close = () => {
    map.closePopup();
    markerRef.current?.getElement()?.focus();
  };
  return (
    <div
      className="map-popup"
      // Leaflet listens for Escape only while the map itself has focus, not inside a popup.
      onKeyDown={(event) => {
        if (event.key === "Escape") close();
      }}
    >
      <p className="map-popup-title">{fill(labels.point, { n })}</p>
      <button ref={removeRef} type="button" onClick={onRemove}>
        {fill(labels.removePoint, { n })}
      </button>{" "}
      <button type="button" onClick={close}>
        {labels.closePopup}
      </button>
    </div>
  );
}
