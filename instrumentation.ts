// Runs once when a server process starts, before it handles requests.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { prepareDatabase } = await import("./db/startup");
  await prepareDatabase();
  // The public response cache in front of Next (scripts/serve.ts) asks through this whether the
  // public data changed; it runs in this process but outside the app's bundle, hence the hook.
  const [{ publicCacheHooks }, { getDb }, { readPublicVersion }] = await Promise.all([
    import("./server/public-cache/hooks"),
    import("./db"),
    import("./db/public/version"),
  ]);
  publicCacheHooks().readVersion = async () => readPublicVersion(await getDb());
  const { getDatabaseBreaker } = await import("./db");
  const breaker = getDatabaseBreaker();
  publicCacheHooks().database = { isUnavailable: () => breaker.isOpen(), onUnavailable: (listener) => breaker.onOpen(listener) };
  // Messaging: a wrong SUBSCRIBER_KEY stops the start (a ConfigError, like any setting); any other
  // failure to start the queue leaves the site up, which matters more, says so, and is retried.
  const [{ startMessagingUntilRunning }, { ConfigError }] = await Promise.all([import("./server/messaging/start"), import("./lib/config-error")]);
  await startMessagingUntilRunning(undefined, { isConfigError: (error) => error instanceof ConfigError }).catch((error: unknown) => {
    console.error(`corridor: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
  // Personal details of closed transport requests are erased on their own timer (docs/requests.md).
  const { startTransportRequestRetention } = await import("./server/transport-requests/retention");
  startTransportRequestRetention(await getDb());
}
