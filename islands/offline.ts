// Registers public/sw.js, which keeps the public pages a resident has opened for offline reading
// (the worker's header comment explains the strategy; it inserts the "Saved copy from"
// banner into the kept HTML itself, so the banner needs no script here). Without this island the
// pages work as before, just not offline.

/** The files of this page worth keeping with it: Next's static files, the islands, the basemap. */
export function filesToKeep(resourceUrls: readonly string[], base: string): string[] {
  return resourceUrls.filter((name) => {
    const url = new URL(name, base);
    return url.origin === new URL(base).origin && /^\/(_next\/static|islands|basemap)\//.test(url.pathname);
  });
}

async function register(): Promise<void> {
  if (!("serviceWorker" in navigator)) return;
  await navigator.serviceWorker.register("/sw.js", { scope: "/" });
  const registration = await navigator.serviceWorker.ready;
  // This page loaded before the worker controlled it: ask the worker to keep it and its files.
  const files = filesToKeep(
    performance.getEntriesByType("resource").map((entry) => entry.name),
    location.href,
  );
  registration.active?.postMessage({ type: "keep", urls: [location.href, ...files] });
}

if (typeof window !== "undefined" && typeof document !== "undefined") {
  register().catch(() => {
    // No worker (private mode, old browser): the pages work as before, just not offline.
  });
}
