import { SegmentedMessage } from "sms-segments-calculator";

// How many SMS a text costs. GSM-7 fits 160 characters in one message (153 per part once split),
// UCS-2 (any Cyrillic letter forces it) 70 (67 per part); GSM-7's extension characters (€ [ ] { } …)
// count twice. Twilio's own calculator does the counting so that we agree with the gateway.

export type SmsSegments = { encoding: "GSM-7" | "UCS-2"; segments: number; characters: number };

export function smsSegments(text: string): SmsSegments {
  const message = new SegmentedMessage(text, "auto");
  return {
    encoding: message.encodingName === "GSM-7" ? "GSM-7" : "UCS-2",
    segments: message.segmentsCount,
    characters: message.numberOfCharacters,
  };
}

export function fitsOneSms(text: string): boolean {
  return smsSegments(text).segments <= 1;
}
