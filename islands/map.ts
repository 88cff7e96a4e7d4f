// The route page's map (components/public/route-map-island.tsx renders its placeholder and data).
// The text above it is complete without it, so its code (React, Leaflet and the map components
// the staff pages use, ~100 KB gzip) is fetched only when the map comes near the screen (a resident
// who reads the status and leaves never downloads it). This file itself is a few hundred
// bytes; the map's code is another island file, named at build time (scripts/build-islands.ts).

// Strings, so esbuild inlines them (an object would become a chunk every island imports).
declare const __MAP_VIEW_JS__: string;
/** The map's stylesheets (Leaflet's), space-separated. */
declare const __MAP_VIEW_CSS__: string;

/** How far below the screen the map starts loading (as before, in components/map/route-map.tsx). */
export const LOAD_MARGIN = "300px";

type MapViewModule = { mountRouteMap: (element: HTMLElement, data: unknown) => void };

let loading: Promise<MapViewModule> | null = null;

function loadMapView(): Promise<MapViewModule> {
  loading ??= (() => {
    // After a failed load, the links of the last try go first: one of each, and one that failed
    // offline is fetched again.
    for (const stale of document.head.querySelectorAll("link[data-map-stylesheet]")) stale.remove();
    for (const href of __MAP_VIEW_CSS__.split(" ").filter(Boolean)) {
      const link = document.createElement("link");
      link.dataset.mapStylesheet = "";
      link.rel = "stylesheet";
      link.href = href;
      document.head.append(link);
    }
    return import(/* @vite-ignore */ __MAP_VIEW_JS__) as Promise<MapViewModule>;
  })();
  return loading;
}

/** How long after a failed load (offline, or the server refused) the map tries again if still near. */
const RETRY_AFTER_MS = 10_000;

function show(container: HTMLElement, retry: () => void): void {
  if (container.dataset.mapState) return;
  container.dataset.mapState = "loading";
  const data = document.getElementById(container.dataset.mapData ?? "")?.textContent;
  if (!data) return;
  loadMapView().then(
    (module) => {
      module.mountRouteMap(container, JSON.parse(data));
      container.dataset.mapState = "shown";
    },
    () => {
      // Offline or refused: the placeholder stays, and the map tries again once the connection is
      // back or after a while, if it is still near the screen then (never giving up for good).
      loading = null;
      delete container.dataset.mapState;
      let done = false;
      const again = () => {
        if (done) return;
        done = true;
        window.removeEventListener("online", again);
        retry();
      };
      window.addEventListener("online", again);
      setTimeout(again, RETRY_AFTER_MS);
    },
  );
}

for (const container of document.querySelectorAll<HTMLElement>("[data-island~='map']")) {
  // Very old browsers: load it at once rather than never.
  if (!("IntersectionObserver" in window)) {
    const load = () => show(container, load);
    load();
    continue;
  }
  // Watched until the map is shown: observing again reports where it is now, so a retry happens
  // only if the map is near the screen at that moment (else at its next approach).
  const observer = new IntersectionObserver(
    (entries) => {
      if (entries.some((entry) => entry.isIntersecting)) {
        observer.unobserve(container);
        show(container, () => observer.observe(container));
      }
    },
    { rootMargin: LOAD_MARGIN },
  );
  observer.observe(container);
}
