/**
 * How a limited text field's count reads, worked out as the server will: line breaks as one
 * character (lib/forms/zod-fields.ts normalises "\r\n") and surrounding spaces not counted (the
 * server trims before checking the limit), so the count and the server's verdict always agree.
 */
export type CharacterCountState = { count: number; max: number; over: number; level: "ok" | "near" | "over" };

/** From this share of the limit on, the count is announced to screen readers (once per level). */
export const NEAR_LIMIT_SHARE = 0.9;

export function characterCount(value: string, max: number): CharacterCountState {
  const count = value.replace(/\r\n?/g, "\n").trim().length;
  const over = Math.max(0, count - max);
  const level = over > 0 ? "over" : count >= Math.ceil(max * NEAR_LIMIT_SHARE) ? "near" : "ok";
  return { count, max, over, level };
}
