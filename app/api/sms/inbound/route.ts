import { getDb } from "@/db";
import { claimInboundMessage, releaseInboundMessage } from "@/db/queries/inbound-messages";
import { getLinkBaseUrl, getSmsConfig } from "@/env";
import { limitAnswers } from "@/server/messaging/answer-limit";
import { answerResident } from "@/server/messaging/conversation";
import { createSmsInboundHandler } from "@/server/messaging/sms/inbound";
import { getSubscriberKeys } from "@/server/messaging/subscriber-keys";

// The SMS gateway's inbound webhook (server/messaging/sms/inbound.ts has the rules). Not matched by
// proxy.ts (no /api path is), never stored by the public response cache (it keeps only GET
// answers of public pages) and answered with Cache-Control: no-store.
export const dynamic = "force-dynamic";

const messageId = (messageSid: string) => ({ channel: "sms" as const, idHash: getSubscriberKeys().hash("sms-message", messageSid) });

const handler = createSmsInboundHandler({
  config: () => getSmsConfig(),
  publicBaseUrl: () => getLinkBaseUrl(),
  answer: limitAnswers(async (message) => answerResident(await getDb(), message)),
  claim: async (messageSid) => claimInboundMessage(await getDb(), messageId(messageSid)),
  release: async (messageSid) => releaseInboundMessage(await getDb(), messageId(messageSid)),
});

export function POST(request: Request): Promise<Response> {
  return handler.post(request);
}

const refuse = () => handler.refuseMethod();
export { refuse as GET, refuse as PUT, refuse as PATCH, refuse as DELETE, refuse as OPTIONS };
