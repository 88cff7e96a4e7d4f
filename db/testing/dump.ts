import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "../client";

/** Every row of every table in the public schema as text: what a database dump would show. */
export async function wholeDatabaseText(db: Db): Promise<string> {
  const names = rowsOf<{ tablename: string }>(await db.execute(sql`select tablename from pg_tables where schemaname = 'public' order by tablename`)).map((r) => r.tablename);
  const parts: string[] = [];
  for (const name of names) parts.push(rowsOf<{ dump: string }>(await db.execute(sql.raw(`select coalesce(json_agg(t)::text, '') as dump from "${name}" t`)))[0]!.dump);
  return parts.join("\n");
}
