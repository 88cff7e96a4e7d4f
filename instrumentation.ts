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
}
