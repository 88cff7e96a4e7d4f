/** Holds the map's place (same size) while its code loads, so nothing below it jumps. */
export function MapPlaceholder() {
  return <div className="map-frame map-placeholder" aria-hidden="true" />;
}
