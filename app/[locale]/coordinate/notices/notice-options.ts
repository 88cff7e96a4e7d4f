import "server-only";
import type { Db } from "@/db/client";
import { listOblasts, listTownPoints } from "@/db/queries/towns";
import { localizedName } from "@/lib/localized-name";
import type { SessionUser } from "@/lib/session-user";

/** What a notice can be about, as "town:<id>" / "oblast:<id>" options in the page's language. */
export async function noticeTargetOptions(db: Db, user: SessionUser, locale: string) {
  const [towns, oblasts] = await Promise.all([listTownPoints(db, user), listOblasts(db, user)]);
  return {
    towns: towns.map((town) => ({ value: `town:${town.id}`, label: localizedName(town, locale) })),
    oblasts: oblasts.map((o) => ({ value: `oblast:${o.id}`, label: localizedName(o, locale) })),
  };
}
