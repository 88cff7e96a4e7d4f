import { describe, expect, it } from "vitest";
import { linkChannelSchema } from "./schemas";

describe("the channel link form", () => {
  it.each([
    ["@corridor_news", "@corridor_news"],
    ["corridor_news", "@corridor_news"],
    ["  https://t.me/corridor_news/ ", "@corridor_news"],
    ["t.me/Corridor_News", "@Corridor_News"],
    ["-1001234567890", "-1001234567890"],
  ])("reads %j as %j", (chat, expected) => {
    expect(linkChannelSchema.parse({ chat, language: "uk" }).chat).toBe(expected);
  });

  it.each(["", "@abc", "@1channel", "https://example.org/corridor_news", "@corridor news", "12345", "@a_very_long_channel_name_over_32_chars", "@name\u0000"])(
    "refuses %j beside the field",
    (chat) => {
      const parsed = linkChannelSchema.safeParse({ chat, language: "uk" });
      expect(parsed.success).toBe(false);
      expect(parsed.error!.issues[0]!.path).toEqual(["chat"]);
    },
  );

  it("takes only the three languages", () => {
    expect(linkChannelSchema.safeParse({ chat: "@corridor_news", language: "de" }).success).toBe(false);
    expect(linkChannelSchema.parse({ chat: "@corridor_news", language: "ru" }).language).toBe("ru");
  });
});
