import { getDb } from "@/db";
import { getTelegramConfig } from "@/env";
import { limitAnswers } from "@/server/messaging/answer-limit";
import { answerResident } from "@/server/messaging/conversation";
import { getTelegramBot } from "@/server/messaging/telegram/bot";
import { handleTelegramWebhook } from "@/server/messaging/telegram/webhook";

// Telegram posts every update for the bot here (setWebhook with secret_token; docs/messaging.md). Not a
// public output: it reads nothing for anyone but the resident who wrote, through the conversation.
export const dynamic = "force-dynamic";

/** One count for every update, whichever bot instance answers it. */
const answer = limitAnswers(async (message) => answerResident(await getDb(), message));

/** The environment is read per request (cheap), so a test or a restart with new settings is seen at once. */
export async function POST(request: Request): Promise<Response> {
  return handleTelegramWebhook(request, {
    config: getTelegramConfig(),
    bot: ({ token, apiRoot }) => getTelegramBot({ token, apiRoot, answer }),
  });
}

const notAllowed = (request: Request) => handleTelegramWebhook(request, { config: null, bot: () => { throw new Error("unreachable"); } });
// OPTIONS too: Next's own answer to it listed every method exported here, PUT and DELETE included, as allowed.
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE, notAllowed as OPTIONS };
