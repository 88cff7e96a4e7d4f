/** The database's own message: drizzle wraps it ("Failed query: ...") and keeps it as `cause`. */
export async function dbErrorOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause;
    return cause?.message ?? (error as Error).message;
  }
  throw new Error("expected the database to refuse the statement, but it succeeded");
}
