import { createTranslator } from "next-intl";
import type { RunManifest } from "@/db/queries/run-manifests";
import type { Locale } from "@/i18n/routing";
import { html, Html } from "@/lib/lite/html";
import { localizedName } from "@/lib/localized-name";
import { plainLocalizedText } from "@/lib/reason-codes";
import { formatPlaceDayTime } from "@/lib/time";
import type { TransportRequestPersonal } from "@/server/transport-requests/personal";
import en from "@/messages/en.json";
import ru from "@/messages/ru.json";
import uk from "@/messages/uk.json";

// The manifest as one self-contained HTML document: its style inline, no file it must fetch, and
// one small script (the print button) that the page works without. So the crew can save it as a
// file on a phone and open it with no connection, or print it; nothing of it goes into the
// browser's cache or the site's offline copies (the answer is no-store, and the service worker
// never keeps staff addresses): the saved file is the only copy, made on purpose, and the page
// says to delete it once the run has arrived.

const MESSAGES = { uk, ru, en } as const;

export type ManifestPerson = { stop: RunManifest["stops"][number]; personal: TransportRequestPersonal | null };

/** Readable on a 360 px phone, one person a block; printed, black on white without the buttons. */
const STYLE = `
*{box-sizing:border-box}
body{font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:52rem;padding:.75rem;color:#111;background:#fff}
h1{font-size:1.4rem;margin:.25rem 0 .5rem}
h2{font-size:1.15rem;margin:1.25rem 0 .5rem}
.warning{border:3px solid #8a1c00;padding:.5rem .75rem;margin:.5rem 0;font-weight:600}
.warning::before{content:"⚠ "}
.meta{color:#333;font-size:.9rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.15rem .75rem;margin:.25rem 0}
dt{font-weight:600}
dd{margin:0;overflow-wrap:anywhere}
ol.stops{list-style:none;padding:0;margin:0}
ol.stops>li{border:1px solid #666;border-radius:4px;padding:.5rem .75rem;margin:0 0 .75rem;break-inside:avoid;page-break-inside:avoid}
.stop-head{font-size:1.1rem;font-weight:700;margin:0 0 .25rem}
.actions{display:flex;flex-wrap:wrap;gap:.5rem;margin:.75rem 0}
.actions a,.actions button{display:inline-block;min-height:44px;min-width:44px;padding:.6rem 1rem;font:inherit;border:2px solid #1a4d8f;border-radius:4px;background:#fff;color:#1a4d8f;text-decoration:underline;cursor:pointer}
a{color:#1a4d8f}
@media print{
  body{max-width:none;padding:0;font-size:11pt}
  .actions,.hint{display:none}
  a{color:#000;text-decoration:none}
  ol.stops>li{border-color:#000}
}
`;

/** As the run's page says it: the month in words, a 24-hour clock (the page says "Kyiv time"). */
function kyiv(date: Date, locale: Locale): string {
  return formatPlaceDayTime(date, locale);
}

/** A point as the resident gave it, for a geo: link any map app on the crew's phone opens. */
function pointText(point: { lat: number; lon: number }): string {
  return `${point.lat},${point.lon}`;
}

function document(locale: Locale, title: string, nonce: string | null, body: Html): string {
  const n = nonce ? html` nonce="${nonce}"` : "";
  return `<!doctype html>\n${html`<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex, nofollow"><meta name="referrer" content="no-referrer"><title>${title}</title><style${n}>${new Html(STYLE)}</style></head><body>${body}</body></html>`}`;
}

/** The manifest page. `nonce`: the request's CSP nonce, so the inline style and script may run online. */
export function renderRunManifest({
  manifest,
  people,
  locale,
  now,
  openedBy,
  downloadHref,
  nonce,
}: {
  manifest: RunManifest;
  people: ManifestPerson[];
  locale: Locale;
  now: Date;
  openedBy: string;
  downloadHref: string;
  nonce: string | null;
}): string {
  const t = createTranslator({ locale, messages: MESSAGES[locale], namespace: "runManifest" });
  const tr = createTranslator({ locale, messages: MESSAGES[locale], namespace: "requests" });
  const tv = createTranslator({ locale, messages: MESSAGES[locale], namespace: "runs" });
  const title = t("title", { reference: manifest.referenceCode });
  const assembly = plainLocalizedText(manifest.assemblyPoint, locale) || (manifest.routeAssemblyPoint ? plainLocalizedText(manifest.routeAssemblyPoint, locale) : "");
  const status = manifest.status as "planned" | "boarding" | "departed";
  const stops = people.map(({ stop, personal }) => {
    const details = stop.notClaimed
      ? html`<p>${t("notClaimed")}</p>`
      : !personal
        ? html`<p>${t("erased")}</p>`
        : html`<dl>
<dt>${t("name")}</dt><dd>${personal.name || "—"}</dd>
<dt>${t("address")}</dt><dd>${personal.address || "—"}</dd>
<dt>${t("phone")}</dt><dd>${personal.phone ? html`<a href="tel:${personal.phone}">${personal.phone}</a>` : "—"}</dd>
${personal.telegram ? html`<dt>${t("telegram")}</dt><dd>${personal.telegram}</dd>` : ""}
${personal.point ? html`<dt>${t("point")}</dt><dd><a href="geo:${pointText(personal.point)}">${pointText(personal.point)}</a></dd>` : ""}
${personal.medicalNote ? html`<dt>${t("medicalNote")}</dt><dd>${personal.medicalNote}</dd>` : ""}
</dl>`;
    return html`<li><p class="stop-head">${stop.pickupOrder}. ${stop.referenceCode}${stop.outcome ? html` · ${t(`outcome_${stop.outcome}`)}` : ""}</p>${details}<dl>
<dt>${t("people")}</dt><dd>${t("peopleValue", { people: String(stop.peopleCount), children: String(stop.childrenCount) })}</dd>
<dt>${t("mobility")}</dt><dd>${tr(`mobility_${stop.mobility}`)}</dd>
<dt>${t("pets")}</dt><dd>${stop.pets ? t("yes") : t("no")}</dd>
${stop.medicalNeeds.length > 0 ? html`<dt>${t("medical")}</dt><dd>${stop.medicalNeeds.map((need) => tr(`medical_${need}`)).join(", ")}</dd>` : ""}
</dl></li>`;
  });
  const body = html`<main>
<h1>${title}</h1>
<p class="warning" role="note">${t("personalWarning")}</p>
<p class="meta">${t("openedBy", { email: openedBy, time: kyiv(now, locale) })}</p>
<div class="actions"><button type="button" id="print">${t("print")}</button><a href="${downloadHref}" download>${t("save")}</a></div>
<p class="hint meta">${t("offlineHint")}</p>
<dl>
<dt>${t("runStatus")}</dt><dd>${t(`status_${status}`)}</dd>
<dt>${t("vehicle")}</dt><dd>${tv(`vehicle_${manifest.vehicle}`)}</dd>
<dt>${t("places")}</dt><dd>${t("placesValue", { seats: String(manifest.seats), wheelchair: String(manifest.wheelchairPlaces), stretcher: String(manifest.stretcherPlaces) })}; ${manifest.petsAllowed ? t("petsAllowed") : t("petsNotAllowed")}</dd>
<dt>${t("from")}</dt><dd>${localizedName(manifest.townName, locale)}</dd>
<dt>${t("to")}</dt><dd>${localizedName(manifest.destinationTownName, locale)}</dd>
<dt>${t("window")}</dt><dd>${t("windowValue", { start: kyiv(manifest.departsFrom, locale), end: kyiv(manifest.departsUntil, locale) })}</dd>
${assembly ? html`<dt>${t("assemblyPoint")}</dt><dd>${assembly}</dd>` : ""}
</dl>
<h2>${t("pickups", { count: String(people.length) })}</h2>
${people.length === 0 ? html`<p>${t("none")}</p>` : html`<ol class="stops">${stops}</ol>`}
</main>
<script${nonce ? html` nonce="${nonce}"` : ""}>document.getElementById("print").addEventListener("click",function(){window.print()});</script>`;
  return document(locale, title, nonce, body);
}

/** The answer when there is no manifest to show (gone, not found, not signed in): the same plain page. */
export function renderManifestMessage({ locale, title, text, nonce }: { locale: Locale; title: string; text: string; nonce: string | null }): string {
  return document(locale, title, nonce, html`<main><h1>${title}</h1><p>${text}</p></main>`);
}

export function manifestTranslator(locale: Locale) {
  return createTranslator({ locale, messages: MESSAGES[locale], namespace: "runManifest" });
}
