// What a Node.js server process does once at start, before it handles requests
// (instrumentation.ts calls it only in the Node.js runtime, so the edge bundle never sees it).
export async function startServerProcess(): Promise<void> {
  const { prepareDatabase } = await import("@/db/startup");
  await prepareDatabase();
  // The public response cache in front of Next (scripts/serve.ts) asks through this whether the
  // public data changed; it runs in this process but outside the app's bundle, hence the hook.
  const [{ publicCacheHooks }, { getDb, getDatabaseBreaker }, { readPublicVersion }] = await Promise.all([
    import("@/server/public-cache/hooks"),
    import("@/db"),
    import("@/db/public/version"),
  ]);
  publicCacheHooks().readVersion = async () => readPublicVersion(await getDb());
  const breaker = getDatabaseBreaker();
  publicCacheHooks().database = { isUnavailable: () => breaker.isOpen(), onUnavailable: (listener) => breaker.onOpen(listener) };
  // Messaging: a wrong SUBSCRIBER_KEY stops the start (a ConfigError, like any setting); any other
  // failure to start the queue leaves the site up, which matters more, says so, and is retried.
  const [{ startMessagingUntilRunning }, { ConfigError }] = await Promise.all([import("@/server/messaging/start"), import("@/lib/config-error")]);
  await startMessagingUntilRunning(undefined, { isConfigError: (error) => error instanceof ConfigError }).catch((error: unknown) => {
    console.error(`corridor: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
  // Personal details of closed transport requests are erased on their own timer (docs/requests.md).
  const { startTransportRequestRetention } = await import("@/server/transport-requests/retention");
  startTransportRequestRetention(await getDb());
}
