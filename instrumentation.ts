// Runs once when a server process starts, before it handles requests.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // Next keeps a client's X-Forwarded-For as sent; record the socket's address after it.
  const { installClientAddressHook } = await import("./lib/client-address-hook");
  installClientAddressHook();
  const { prepareDatabase } = await import("./db/startup");
  await prepareDatabase();
}
