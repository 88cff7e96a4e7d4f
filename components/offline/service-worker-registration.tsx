"use client";

import { useEffect } from "react";

/**
 * Registers public/sw.js, which keeps the public pages a resident has opened for offline reading
 * (the worker's header comment explains the strategy). Production only: in `next dev` the worker's
 * cache-first static files would fight hot reloading. Renders nothing.
 */
export function ServiceWorkerRegistration() {
  useEffect(() => {
    if (process.env.NODE_ENV !== "production" || !("serviceWorker" in navigator)) return;
    navigator.serviceWorker
      .register("/sw.js", { scope: "/" })
      .then(() => navigator.serviceWorker.ready)
      .then((registration) => {
        // This page loaded before the worker controlled it: ask the worker to keep it and its files.
        const files = performance
          .getEntriesByType("resource")
          .map((entry) => entry.name)
          .filter((name) => /^\/(_next\/static|basemap)\//.test(new URL(name, location.href).pathname));
        registration.active?.postMessage({ type: "keep", urls: [location.href, ...files] });
      })
      .catch(() => {
        // No worker (private mode, old browser): the pages work as before, just not offline.
      });
  }, []);
  return null;
}
