import { describe, expect, it } from "vitest";
import { limitAnswers } from "./answer-limit";
import { twimlResponse } from "./sms/inbound";
import type { BotReply, ResidentMessage } from "./types";

const message = (address: string, languageHint: string | null = null, channel: ResidentMessage["channel"] = "telegram"): ResidentMessage => ({ channel, address, text: "Lysychansk", languageHint });

describe("answers per chat and per number", () => {
  it("answers up to the limit, then refuses once, politely and in the sender's language, then stays silent", async () => {
    const asked: string[] = [];
    const answer = limitAnswers(
      async (m): Promise<BotReply> => {
        asked.push(m.address);
        return { locale: "en", text: "status", choices: [], followUps: [] };
      },
      { answers: 3, windowSeconds: 60 },
      (m) => `${m.channel}:${m.address}`,
    );
    const replies: BotReply[] = [];
    for (let i = 0; i < 10; i++) replies.push(await answer(message("42", "uk")));
    expect(replies.slice(0, 3).map((r) => r.text)).toEqual(["status", "status", "status"]);
    expect(replies[3]).toMatchObject({ locale: "uk", choices: [] });
    expect(replies[3]!.text).toMatch(/^Ви надіслали багато повідомлень.*Зачекайте 1 хв/);
    expect(replies.slice(4).map((r) => r.text)).toEqual(["", "", "", "", "", ""]);
    // Past the limit nothing reaches the conversation (no database read, nothing changed).
    expect(asked).toEqual(["42", "42", "42"]);
    // Another chat, and the same number on another channel, are counted apart.
    expect((await answer(message("43"))).text).toBe("status");
    expect((await answer(message("42", null, "sms"))).text).toBe("status");
  });

  it("a silent answer sends no SMS", async () => {
    expect(await twimlResponse([""]).text()).not.toContain("<Message>");
  });
});
