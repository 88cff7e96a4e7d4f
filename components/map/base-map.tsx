"use client";

import "leaflet/dist/leaflet.css";
import type { LatLngBoundsLiteral } from "leaflet";
import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import { MapContainer, TileLayer, ZoomControl, useMap } from "react-leaflet";
import { BasemapLayer } from "./basemap-layer";
import { TownMarkers } from "./town-markers";
import type { BaseMapLabels, MapTiles, MapTown } from "./types";
import { FIT_OPTIONS, formatViewBounds } from "./view";

// What every Corridor map shares: the frame with its accessible name and test id, the offline
// basemap, optional tiles, reference towns, translated zoom buttons and the attribution.
// Only ever loaded in the browser (through next/dynamic with ssr: false in the client wrappers).

const NATURAL_EARTH = '<a href="https://www.naturalearthdata.com/">Natural Earth</a>';
/**
 * The basemap's roads come from a tile set published under the Open Database License, which asks
 * for this notice wherever a map made from them is shown (docs/residents.md, "Maps").
 */
const ROADS_CREDIT = 'Natural Earth Vector Tiles (<a href="https://opendatacommons.org/licenses/odbl/1-0/">ODbL</a>)';
/** Leaflet's own prefix has an English title and a flag; a plain credit is enough. */
const LEAFLET_CREDIT = '<a href="https://leafletjs.com/">Leaflet</a>';

export type BaseMapProps = {
  testId: string;
  labels: BaseMapLabels;
  towns: readonly MapTown[];
  tiles: MapTiles;
  /** Id of the visible instructions above the map, read with its name. */
  hintId?: string;
  /**
   * The area to show: fitted when the map is made, and again whenever a new value (a new array)
   * is passed, e.g. when the person picks other towns. Never otherwise: the map does not move by
   * itself while someone is clicking on it.
   */
  bounds: LatLngBoundsLiteral;
  /** Clicks edit: no double-click zoom (two quick clicks are two points) and a crosshair cursor. */
  editing?: boolean;
  children?: ReactNode;
};

export function BaseMap({ testId, labels, towns, tiles, hintId, bounds, editing = false, children }: BaseMapProps) {
  const [basemapFailed, setBasemapFailed] = useState(false);
  const onBasemapUnavailable = useCallback(() => setBasemapFailed(true), []);
  return (
    <div className="map">
      {/* role="group": an aria-label on a role-less div is prohibited ARIA (axe: aria-prohibited-attr). */}
      <div
        className={editing ? "map-frame map-editing" : "map-frame"}
        role="group"
        aria-label={labels.mapLabel}
        aria-describedby={hintId}
        data-testid={testId}
      >
        <MapContainer
          className="map-canvas"
          bounds={bounds}
          boundsOptions={FIT_OPTIONS}
          minZoom={5}
          // Without tiles there is nothing finer than the basemap to show.
          maxZoom={tiles ? 18 : 13}
          zoomControl={false}
          doubleClickZoom={!editing}
          // Scrolling the page over a map must not zoom it; see WheelZoomWhenFocused.
          scrollWheelZoom={false}
        >
          <ZoomControl position="topleft" zoomInTitle={labels.zoomIn} zoomOutTitle={labels.zoomOut} />
          <Attribution />
          <WheelZoomWhenFocused />
          <FitWhenBoundsChange bounds={bounds} />
          <ViewAttributes />
          {tiles && <TileLayer url={tiles.url} attribution={tiles.attribution} />}
          <BasemapLayer onUnavailable={onBasemapUnavailable} language={labels.language} />
          <TownMarkers towns={towns} />
          {children}
        </MapContainer>
      </div>
      {basemapFailed && <p className="map-note">{labels.basemapUnavailable}</p>}
    </div>
  );
}

/** Credits the basemap's source from the start (not only once its file has arrived). */
function Attribution() {
  const map = useMap();
  useEffect(() => {
    const control = map.attributionControl;
    control.setPrefix(LEAFLET_CREDIT);
    control.addAttribution(NATURAL_EARTH);
    control.addAttribution(ROADS_CREDIT);
    return () => {
      control.removeAttribution(NATURAL_EARTH);
      control.removeAttribution(ROADS_CREDIT);
    };
  }, [map]);
  return null;
}

/** Fits a new `bounds` value; the first one was fitted by MapContainer itself. */
function FitWhenBoundsChange({ bounds }: { bounds: LatLngBoundsLiteral }) {
  const map = useMap();
  const fitted = useRef(bounds);
  useEffect(() => {
    if (fitted.current === bounds) return;
    fitted.current = bounds;
    map.fitBounds(bounds, FIT_OPTIONS);
  }, [map, bounds]);
  return null;
}

/**
 * The area on screen as data-view-bounds ("south,west,north,east") and data-view-zoom on the
 * map's element, so end-to-end tests (and anyone inspecting the page) can check what is shown.
 */
function ViewAttributes() {
  const map = useMap();
  useEffect(() => {
    const element = map.getContainer();
    const write = () => {
      element.dataset.viewBounds = formatViewBounds(map.getBounds());
      element.dataset.viewZoom = String(map.getZoom());
    };
    write();
    map.on("moveend zoomend resize", write);
    return () => {
      map.off("moveend zoomend resize", write);
    };
  }, [map]);
  return null;
}

/** The mouse wheel zooms only once the map has been clicked or focused. */
function WheelZoomWhenFocused() {
  const map = useMap();
  useEffect(() => {
    // "focus"/"blur" are fired by Leaflet's keyboard handler but missing from @types/leaflet's event map.
    const enable = () => map.scrollWheelZoom.enable();
    const disable = () => map.scrollWheelZoom.disable();
    map.on("focus", enable).on("blur", disable);
    return () => {
      map.off("focus", enable).off("blur", disable);
    };
  }, [map]);
  return null;
}
