// Runs once when a server process starts, before it handles requests. The condition is written
// out where the import is, so the bundler drops the Node.js-only start (process.exit, the
// database) from the edge bundle instead of warning that the edge runtime lacks them.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startServerProcess } = await import("./server/process-start");
    await startServerProcess();
  }
}
