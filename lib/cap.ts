import { create } from "xmlbuilder2";
import { localizedName, type LocalizedName } from "./localized-name";
import type { RouteStatus, SourceKind } from "@/lib/enum-values";
import { capText, type CapText, type PublicLanguage } from "./cap-text";
import { toPlaceIso } from "./iso-time";
import { formatPlaceDateTime } from "./time";
import type { StatusReasonCode } from "@/lib/enum-values";
import type { LocalizedText } from "@/lib/localized-text";
import { plainLocalizedText, reasonSentence } from "@/lib/reason-codes";
import { confidenceText } from "./status-confidence";
import { routeFreshness } from "./freshness";
import type { StatusInstruction } from "./instruction-codes";
import { instructionLabels } from "./instruction-text";
import { CAP_CORRIDOR_RESPONSE, capStatusResponse, statusEventInstruction, type CapResponseType } from "./route-report";

// OASIS Common Alerting Protocol 1.2 (standards/cap-v1.2.xsd), built from plain data.
// - One alert per route status event and one per agreed corridor window.
// - Three <info> blocks: uk-UA, ru-RU, en-US (same facts, each in its language).
// - Every time carries the Kyiv offset of its date ("+03:00" in summer, "+02:00" in winter); CAP
//   forbids "Z".
// - responseType, from what a resident should do (see CAP_RESPONSE below).

export const CAP_NAMESPACE = "urn:oasis:names:tc:emergency:cap:1.2";
export const CAP_INFO_LANGUAGES: ReadonlyArray<[PublicLanguage, string]> = [
  ["uk", "uk-UA"],
  ["ru", "ru-RU"],
  ["en", "en-US"],
];
/** Radius of the circle drawn around a route's origin town, in km. */
export const CAP_ORIGIN_RADIUS_KM = 10;

export type { CapResponseType };

export type CapArea = { areaDesc: string; circle?: { lat: number; lon: number; radiusKm: number } };

export type CapInfo = {
  language: string;
  category: string[];
  event: string;
  responseType: CapResponseType[];
  urgency: "Immediate" | "Expected" | "Future" | "Past" | "Unknown";
  severity: "Extreme" | "Severe" | "Moderate" | "Minor" | "Unknown";
  certainty: "Observed" | "Likely" | "Possible" | "Unlikely" | "Unknown";
  effective?: Date;
  onset?: Date;
  expires?: Date;
  senderName: string;
  headline: string;
  description: string;
  instruction?: string;
  web?: string;
  areas: CapArea[];
};

export type CapReference = { sender: string; identifier: string; sent: Date };

export type CapAlert = {
  identifier: string;
  sender: string;
  sent: Date;
  msgType: "Alert" | "Update" | "Cancel";
  references?: CapReference[];
  info: CapInfo[];
};

/** CAP text may not contain these in identifiers and senders (spaces, commas, "<" and "&"). */
const CAP_TOKEN = /^[^\s,<&]+$/;

/** The CAP XML of an alert. */
export function capAlertXml(alert: CapAlert): string {
  for (const token of [alert.identifier, alert.sender, ...(alert.references ?? []).flatMap((r) => [r.sender, r.identifier])]) {
    if (!CAP_TOKEN.test(token)) throw new Error(`Not a valid CAP identifier or sender: ${JSON.stringify(token)}`);
  }
  const doc = create({ version: "1.0", encoding: "UTF-8" }).ele(CAP_NAMESPACE, "alert");
  const el = (parent: typeof doc, name: string, text: string) => parent.ele(name).txt(text).up();
  el(doc, "identifier", alert.identifier);
  el(doc, "sender", alert.sender);
  el(doc, "sent", toPlaceIso(alert.sent));
  el(doc, "status", "Actual");
  el(doc, "msgType", alert.msgType);
  el(doc, "scope", "Public");
  if (alert.references?.length) {
    el(doc, "references", alert.references.map((r) => `${r.sender},${r.identifier},${toPlaceIso(r.sent)}`).join(" "));
  }
  for (const info of alert.info) {
    const i = doc.ele("info");
    el(i, "language", info.language);
    for (const c of info.category) el(i, "category", c);
    el(i, "event", info.event);
    for (const r of info.responseType) el(i, "responseType", r);
    el(i, "urgency", info.urgency);
    el(i, "severity", info.severity);
    el(i, "certainty", info.certainty);
    if (info.effective) el(i, "effective", toPlaceIso(info.effective));
    if (info.onset) el(i, "onset", toPlaceIso(info.onset));
    if (info.expires) el(i, "expires", toPlaceIso(info.expires));
    el(i, "senderName", info.senderName);
    el(i, "headline", info.headline);
    el(i, "description", info.description);
    if (info.instruction) el(i, "instruction", info.instruction);
    if (info.web) el(i, "web", info.web);
    for (const a of info.areas) {
      const area = i.ele("area");
      el(area, "areaDesc", a.areaDesc);
      if (a.circle) el(area, "circle", `${a.circle.lat},${a.circle.lon} ${a.circle.radiusKm}`);
      area.up();
    }
    i.up();
  }
  return doc.end({ prettyPrint: true });
}

// What residents should do, per alert, is decided with everything else a resident is told about a
// route in lib/route-report.ts (a status alert by its status, a corridor alert "Prepare"), so that
// no route ever carries Evacuate and Avoid at once. A status that is no longer confirmed is
// expressed by the alert's <expires> (the end of the freshness window), not a new message.

/** The CAP wording of each instruction a status alone gives (no window: a corridor has its own alert). */
const INSTRUCTION = { go: "instructionOpen", goWithCare: "instructionCaution", doNotUse: "instructionClosed", check: "instructionUnknown" } as const;

type Names = LocalizedName & { slug: string };
type Place = Names & { lat: number; lon: number };

export type CapContext = {
  /** CAP sender (CAP_SENDER, env.ts): no spaces or commas, e.g. "alerts@evac.example.org". */
  sender: string;
  /** The site's origin, for <web> links, e.g. "https://evac.example.org". */
  baseUrl: string;
  /** Defaults to the messages in messages/*.json. */
  text?: (lang: PublicLanguage) => CapText;
};

export type StatusAlertInput = {
  eventId: string;
  status: RouteStatus;
  reasonCodes: StatusReasonCode[];
  reason: LocalizedText;
  /** The coordinator's chosen instructions; none: the status's own instruction. */
  instructions?: readonly StatusInstruction[];
  confirmedAt: Date;
  /** When the event was recorded: the alert's <sent>. */
  recordedAt: Date;
  freshnessWindowHours: number;
  routeSlug: string;
  origin: Place;
  destination: Names;
  /** The route's previous status event: this alert is then an Update referencing its alert. */
  previous: { id: string; recordedAt: Date } | null;
  /** How sure: the kind of source the event named (never the source), and whether it re-confirmed the status unchanged. */
  sourceKind: SourceKind | null;
  kind: "update" | "confirm";
};

export const statusAlertIdentifier = (eventId: string) => `route-status-${eventId}`;
export const corridorAlertIdentifier = (agreementId: string, version: number) => `corridor-window-${agreementId}-v${version}`;

/**
 * The file name under /feeds/cap/ of one corridor message: `<agreement id>-v<version>.xml`, one
 * address per identifier. `<agreement id>.xml` is the window's alert while it is agreed.
 */
export const capMessageFile = (agreementId: string, version: number) => `${agreementId}-v${version}.xml`;

const originArea = (origin: Place, lang: PublicLanguage): CapArea => ({
  areaDesc: localizedName(origin, lang),
  circle: { lat: origin.lat, lon: origin.lon, radiusKm: CAP_ORIGIN_RADIUS_KM },
});

/** One area per distinct origin town of a corridor's routes (a corridor alert and its Cancel alike). */
function originAreas(routes: ReadonlyArray<{ origin: Place }>, lang: PublicLanguage): CapArea[] {
  const seen = new Set<string>();
  return routes.map((r) => r.origin).filter((o) => !seen.has(o.slug) && seen.add(o.slug)).map((o) => originArea(o, lang));
}

/** The alert for one route status event; it expires when the status stops being fresh. */
export function statusChangeAlert(input: StatusAlertInput, ctx: CapContext): CapAlert {
  const textOf = ctx.text ?? capText;
  const expires = routeFreshness({ status: input.status, statusConfirmedAt: input.confirmedAt, freshnessWindowHours: input.freshnessWindowHours }, input.confirmedAt).staleAt!;
  const response = capStatusResponse(input.status);
  const todo = statusEventInstruction(input.status, input.instructions ?? []);
  return {
    identifier: statusAlertIdentifier(input.eventId),
    sender: ctx.sender,
    sent: input.recordedAt,
    msgType: input.previous ? "Update" : "Alert",
    references: input.previous
      ? [{ sender: ctx.sender, identifier: statusAlertIdentifier(input.previous.id), sent: input.previous.recordedAt }]
      : undefined,
    info: CAP_INFO_LANGUAGES.map(([lang, language]) => {
      const { t, status } = textOf(lang);
      const reason = (l: PublicLanguage) => reasonSentence(input.reasonCodes, input.reason, l);
      const route = t("routeName", { origin: localizedName(input.origin, lang), destination: localizedName(input.destination, lang) });
      const description = [
        t("statusDescription", {
          route,
          status: status(input.status),
          time: formatPlaceDateTime(input.confirmedAt, lang),
          until: formatPlaceDateTime(expires, lang),
        }),
        // Each info block in its own language: the coded reasons are always there in that language.
        ...(reason(lang) ? [t("reason", { reason: reason(lang) })] : []),
        confidenceText({ sourceKind: input.sourceKind, reconfirmed: input.kind === "confirm", flagVerification: null }, lang) + ".",
      ].join("\n");
      return {
        language,
        category: ["Safety", "Transport"],
        event: t("statusEvent"),
        responseType: [...response.responseType],
        urgency: response.urgency,
        severity: response.severity,
        certainty: response.certainty,
        effective: input.confirmedAt,
        expires,
        senderName: t("senderName"),
        headline: t("statusHeadline", { route, status: status(input.status) }),
        description,
        // A CAP alert is kept and forwarded: timed instructions carry their full date and offset, never "today".
        instruction: todo.chosen.length > 0
          ? instructionLabels(todo.chosen, lang, (at) => formatPlaceDateTime(at, lang))
          : t(INSTRUCTION[todo.derived as keyof typeof INSTRUCTION]),
        web: `${ctx.baseUrl}/${lang}`,
        areas: [originArea(input.origin, lang)],
      };
    }),
  };
}

/** A CAP message published about a corridor window (db/public: PublicCorridorMessage). */
export type CorridorMessage = { version: number; msgType: "Alert" | "Update" | "Cancel"; sentAt: Date };

/**
 * The newest published message about a window and the earlier ones it references: every message
 * since the Alert that began its chain (an Alert references nothing). A window is announced by an
 * Alert when it is first agreed (or agreed again after a Cancel), each later agreed version is an
 * Update, a withdrawal a Cancel; only messages that were published are ever referenced, so a
 * receiver never meets a reference to an alert it could not have seen.
 */
export function corridorMessageChain(published: readonly CorridorMessage[]): { current: CorridorMessage; references: CorridorMessage[] } | null {
  const sorted = [...published].sort((a, b) => a.version - b.version);
  const current = sorted[sorted.length - 1];
  if (!current) return null;
  if (current.msgType === "Alert") return { current, references: [] };
  let start = sorted.length - 1;
  while (start > 0 && sorted[start]!.msgType !== "Alert") start--;
  return { current, references: sorted.slice(start, sorted.length - 1) };
}

const corridorReferences = (agreementId: string, sender: string, messages: CorridorMessage[]): CapReference[] =>
  messages.map((m) => ({ sender, identifier: corridorAlertIdentifier(agreementId, m.version), sent: m.sentAt }));

export type CorridorAlertInput = {
  agreementId: string;
  title: LocalizedText;
  windowStart: Date;
  windowEnd: Date;
  version: number;
  updatedAt: Date;
  /** The CAP messages published about this agreement, the current agreed version's last. */
  published: readonly CorridorMessage[];
  routes: Array<{ slug: string; origin: Place; destination: Names }>;
};

/** The alert for an agreed corridor window: effective from its start, expires at its end. */
export function corridorWindowAlert(input: CorridorAlertInput, ctx: CapContext): CapAlert {
  const textOf = ctx.text ?? capText;
  const chain = corridorMessageChain(input.published);
  // Each agreed version is its own message; the first one residents saw is the Alert.
  const own = chain && chain.current.version === input.version && chain.current.msgType !== "Cancel" ? chain : null;
  const sent = own ? own.current.sentAt : input.updatedAt;
  const msgType = own ? own.current.msgType : "Alert";
  return {
    identifier: corridorAlertIdentifier(input.agreementId, input.version),
    sender: ctx.sender,
    sent,
    msgType,
    references: own && own.references.length > 0 ? corridorReferences(input.agreementId, ctx.sender, own.references) : undefined,
    info: CAP_INFO_LANGUAGES.map(([lang, language]) => {
      const { t } = textOf(lang);
      const routes = input.routes.map((r) => t("routeName", { origin: localizedName(r.origin, lang), destination: localizedName(r.destination, lang) })).join("; ");
      const span = { routes, start: formatPlaceDateTime(input.windowStart, lang), end: formatPlaceDateTime(input.windowEnd, lang) };
      return {
        language,
        category: ["Safety", "Transport"],
        event: t("corridorEvent"),
        // Prepare, never Evacuate: whether to set out on a route is its status alert's to say.
        responseType: [...CAP_CORRIDOR_RESPONSE.responseType],
        urgency: CAP_CORRIDOR_RESPONSE.urgency,
        severity: CAP_CORRIDOR_RESPONSE.severity,
        certainty: CAP_CORRIDOR_RESPONSE.certainty,
        // In effect as soon as it is announced (people plan for the window); onset is the window.
        effective: sent,
        onset: input.windowStart,
        expires: input.windowEnd,
        senderName: t("senderName"),
        headline: t("corridorHeadline", span),
        description: t("corridorDescription", { ...span, title: plainLocalizedText(input.title, lang) }),
        instruction: t("corridorInstruction"),
        web: `${ctx.baseUrl}/${lang}`,
        // CAP requires areaDesc when an area is given; a corridor without routes has none.
        areas: originAreas(input.routes, lang),
      };
    }),
  };
}

export type CorridorCancelInput = {
  agreementId: string;
  /** The window as it was public. */
  windowStart: Date;
  windowEnd: Date;
  /** The messages published about it, the Cancel last. */
  published: readonly CorridorMessage[];
  /** The routes it covered: the Cancel's area is the cancelled alerts' area. */
  routes: ReadonlyArray<{ slug: string; origin: Place }>;
};

/**
 * The Cancel of a withdrawn window (suspended, violated or cancelled after being agreed): it
 * references every alert it cancels and says, in each language, that the window no longer holds,
 * over the same area (the covered routes' origin towns) as the alerts it cancels, so a receiver
 * that files alerts by area finds it. Besides its times and area, nothing of the agreement: its
 * title and terms are no longer public. Monitor, never AllClear: a withdrawn ceasefire makes the
 * way out more dangerous, not less. Published at its own address (capMessageFile), never in place
 * of the alerts it cancels.
 */
export function corridorCancelAlert(input: CorridorCancelInput, ctx: CapContext): CapAlert {
  const chain = corridorMessageChain(input.published);
  if (!chain || chain.current.msgType !== "Cancel") throw new Error(`No published Cancel for agreement ${input.agreementId}`);
  const textOf = ctx.text ?? capText;
  const sent = chain.current.sentAt;
  return {
    identifier: corridorAlertIdentifier(input.agreementId, chain.current.version),
    sender: ctx.sender,
    sent,
    msgType: "Cancel",
    references: corridorReferences(input.agreementId, ctx.sender, chain.references),
    info: CAP_INFO_LANGUAGES.map(([lang, language]) => {
      const { t } = textOf(lang);
      const span = { start: formatPlaceDateTime(input.windowStart, lang), end: formatPlaceDateTime(input.windowEnd, lang) };
      return {
        language,
        category: ["Safety", "Transport"],
        event: t("corridorEvent"),
        responseType: ["Monitor"],
        urgency: "Immediate",
        severity: "Severe",
        certainty: "Observed",
        effective: sent,
        // Nothing left to cancel once the window would have ended (none when it already had).
        expires: input.windowEnd.getTime() > sent.getTime() ? input.windowEnd : undefined,
        senderName: t("senderName"),
        headline: t("corridorCancelHeadline", span),
        description: t("corridorCancelDescription", span),
        instruction: t("corridorCancelInstruction"),
        web: `${ctx.baseUrl}/${lang}`,
        areas: originAreas(input.routes, lang),
      };
    }),
  };
}
