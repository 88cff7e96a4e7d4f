// TEMPORARY, on branch `telegram` only: a stand-in for the lead's conversation.ts (issue 17) so
// the Telegram adapter compiles and its wiring can be tried. It follows the agreed contract and
// is replaced by the real file when main is merged in; take main's version in any conflict.
import type { Db } from "@/db/client";
import type { BotReply, ResidentMessage } from "./types";

export async function answerResident(_db: Db, message: ResidentMessage, _options?: { now?: Date }): Promise<BotReply> {
  const hint = (message.languageHint ?? "").toLowerCase().slice(0, 2);
  const locale = hint === "ru" || hint === "en" ? hint : "uk";
  return { locale, text: "Corridor: send a town's name to get the status of routes out of it.", choices: [] };
}
