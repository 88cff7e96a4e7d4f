import "server-only";
import { createTranslator } from "next-intl";
import type { PublicPlaceName } from "@/db/public/types";
import { LOCALES, type Locale } from "@/i18n/routing";
import type { FieldError } from "@/lib/forms/form-state";
import { REQUEST_ADDRESS_MAX, REQUEST_MEDICAL_NOTE_MAX, REQUEST_NAME_MAX } from "@/lib/forms/limits";
import { Html, html } from "@/lib/lite/html";
import { localizedName } from "@/lib/localized-name";
import { MAX_QUERY_LENGTH } from "@/lib/town-search";
import { MEDICAL_NEEDS, MOBILITY_LEVELS } from "@/lib/transport-requests";
import en from "@/messages/en.json";
import ru from "@/messages/ru.json";
import uk from "@/messages/uk.json";
import { liteHref, litePage } from "./render";

// The residents' form to ask for transport and the withdrawal form: plain HTML on the lite pages'
// frame, no JavaScript at all, so they work on any phone, with scripts off, on 2G. Never cached
// anywhere (the route answers no-store): a form sent back with its errors carries what the
// resident typed, and the answer to a sent form carries the reference code, the key that
// withdraws the request. The form page itself holds nothing personal.

const MESSAGES = { uk, ru, en } as const;
const LANGUAGE_NAME: Record<Locale, string> = { uk: "Українська", ru: "Русский", en: "English" };

// Inputs a thumb can hit (44 px) and that fit a 360 px screen; errors in words with a marker, never colour alone.
const FORM_STYLE = new Html(
  "form p,fieldset{margin:.8em 0}fieldset{border:1px solid #888;padding:.3em .6em}legend{font-weight:bold}" +
    "label{display:inline-block;padding:.4em 0}input,select,textarea,button{font:inherit;box-sizing:border-box;max-width:100%}" +
    "input[type=text],input[type=tel],select,textarea{width:100%;min-height:44px;padding:.3em}input[type=number]{width:6em;min-height:44px}" +
    "input[type=checkbox],input[type=radio]{width:24px;height:24px;margin:0 .4em 0 0;vertical-align:middle}" +
    "button{min-height:44px;padding:.5em 1em;margin:.5em 0}.h{color:#444;font-size:.9em;display:block}.r{color:#444;font-size:.9em}" +
    "summary{min-height:44px;padding:.6em 0;box-sizing:border-box;cursor:pointer;color:#00e;text-decoration:underline}.e{display:block;color:#b00;font-weight:bold}.e::before{content:'\\26A0  '}.sum{border:2px solid #b00;padding:.5em}" +
    ".c{border:2px solid #060;padding:.5em;font-size:1.6em;font-weight:bold;letter-spacing:.1em;font-family:monospace}",
);

function translators(locale: Locale) {
  const messages = MESSAGES[locale];
  return {
    ta: createTranslator({ locale, messages, namespace: "askTransport" }),
    tr: createTranslator({ locale, messages, namespace: "requests" }),
    tf: createTranslator({ locale, messages, namespace: "forms.errors" }),
    tl: createTranslator({ locale, messages, namespace: "lite" }),
  };
}
type T = ReturnType<typeof translators>;

/** A field's message: the residents' own words where they differ from the coordinators' (askTransport.errors), else the shared ones. */
export function fieldErrorText(locale: Locale, error: FieldError): string {
  const t = translators(locale);
  const values = error.values ?? {};
  if (t.ta.has(`errors.${error.code}` as never)) return t.ta(`errors.${error.code}` as never, values as never);
  if (t.tf.has(error.code as never)) return t.tf(error.code as never, values as never);
  return t.tf("generic");
}

/** The database cannot be reached: nothing was saved, try again. */
export function transportFormUnavailableText(locale: Locale): string {
  return translators(locale).ta("unavailable");
}

/** What the form shows in its fields: what was sent back, or the defaults. */
export type TransportFormValues = Record<string, string | string[]>;

/** A town as the form names it: with its oblast, as two villages may share a name. */
export type TransportFormTown = PublicPlaceName & { oblast?: PublicPlaceName };

export type TransportFormView = {
  locale: Locale;
  /** The town the request is for, shown fixed (from the town page's link, or found from what was typed). */
  town: TransportFormTown | null;
  /** The towns a typed name may mean, to choose from (a handful at most: never every town). */
  townChoices?: TransportFormTown[];
  values: TransportFormValues;
  errors: Record<string, FieldError>;
  /** A refusal that belongs to no one field (too many requests from this connection, the database away). */
  formError?: string | null;
};

const value = (values: TransportFormValues, name: string): string => {
  const v = values[name];
  return typeof v === "string" ? v : "";
};

/** The error beside a field, with the id its input points to (aria-describedby). */
function errorOf(id: string, name: string, view: TransportFormView, t: T): Html | null {
  const error = view.errors[name];
  if (!error) return null;
  return html`<span class="e" id="${id}-e">${t.ta("error")} ${fieldErrorText(view.locale, error)}</span>`;
}

/** aria attributes of an input: its hint and error, and whether it is invalid. */
function described(id: string, name: string, view: TransportFormView, hint: boolean): Html {
  const ids = [hint ? `${id}-h` : null, view.errors[name] ? `${id}-e` : null].filter(Boolean).join(" ");
  return html`${ids ? html` aria-describedby="${ids}"` : null}${view.errors[name] ? html` aria-invalid="true"` : null}`;
}

function textInput(
  view: TransportFormView,
  t: T,
  { name, label, hint, type = "text", required = false, autocomplete, max, inputmode }: { name: string; label: string; hint?: string; type?: string; required?: boolean; autocomplete?: string; max?: number; inputmode?: string },
): Html {
  const id = `f-${name}`;
  const hintText = [hint, max ? t.ta("limit", { max }) : null].filter(Boolean).join(" ");
  return html`<p><label for="${id}">${label}${required ? html` <span class="r">${t.ta("required")}</span>` : null}</label>
${hintText ? html`<span class="h" id="${id}-h">${hintText}</span>` : null}${errorOf(id, name, view, t)}<input type="${type}" id="${id}" name="${name}" value="${value(view.values, name)}"${autocomplete ? html` autocomplete="${autocomplete}"` : null}${inputmode ? html` inputmode="${inputmode}"` : null}${required ? html` aria-required="true"` : null}${described(id, name, view, hintText !== "")}></p>
`;
}

function textArea(view: TransportFormView, t: T, { name, label, hint, required = false, max }: { name: string; label: string; hint?: string; required?: boolean; max: number }): Html {
  const id = `f-${name}`;
  const hintText = [hint, t.ta("limit", { max })].filter(Boolean).join(" ");
  return html`<p><label for="${id}">${label}${required ? html` <span class="r">${t.ta("required")}</span>` : null}</label>
<span class="h" id="${id}-h">${hintText}</span>${errorOf(id, name, view, t)}<textarea id="${id}" name="${name}" rows="3"${required ? html` aria-required="true"` : null}${described(id, name, view, true)}>${value(view.values, name)}</textarea></p>
`;
}

function numberInput(view: TransportFormView, t: T, { name, label, min, max }: { name: string; label: string; min: number; max: number }): Html {
  const id = `f-${name}`;
  return html`<p><label for="${id}">${label}</label><br>${errorOf(id, name, view, t)}<input type="number" inputmode="numeric" id="${id}" name="${name}" min="${min}" max="${max}" value="${value(view.values, name)}" aria-required="true"${described(id, name, view, false)}></p>
`;
}

/** Radio buttons or checkboxes in a fieldset, the fieldset named by its legend and pointing at its error. */
function choices(view: TransportFormView, t: T, { name, legend, hint, options, multiple = false }: { name: string; legend: string; hint?: string; options: { value: string; label: string }[]; multiple?: boolean }): Html {
  const id = `f-${name}`;
  const chosen = [view.values[name] ?? []].flat();
  const field = multiple ? `${name}[]` : name;
  return html`<fieldset id="${id}"${described(id, name, view, !!hint)}><legend>${legend}</legend>
${hint ? html`<span class="h" id="${id}-h">${hint}</span>` : null}${errorOf(id, name, view, t)}${options.map(
    (o) => html`<label><input type="${multiple ? "checkbox" : "radio"}" name="${field}" value="${o.value}"${chosen.includes(o.value) ? html` checked` : null}>${o.label}</label><br>
`,
  )}</fieldset>
`;
}

function checkbox(view: TransportFormView, t: T, { name, label }: { name: string; label: string }): Html {
  const id = `f-${name}`;
  return html`<p>${errorOf(id, name, view, t)}<label><input type="checkbox" id="${id}" name="${name}"${value(view.values, name) === "on" ? html` checked` : null}${described(id, name, view, false)}>${label}</label></p>
`;
}

/** The defaults of an empty form in `locale`, with the town chosen when it came with the link. */
export function defaultTransportFormValues(locale: Locale, townSlug: string | null): TransportFormValues {
  return { town: townSlug ?? "", peopleCount: "1", childrenCount: "0", language: locale, requesterKind: "self" };
}

const townLabel = (town: TransportFormTown, locale: Locale) => (town.oblast ? `${localizedName(town, locale)} (${localizedName(town.oblast, locale)})` : localizedName(town, locale));

/**
 * The town: never a list of every town (hundreds at national scale, on a phone on 2G). Fixed when
 * known, with a way to change it; otherwise a text field for the name, resolved on the server by
 * the town search, and when that name may mean several towns, those few as radio buttons.
 */
function townField(view: TransportFormView, t: T): Html {
  const { locale } = view;
  if (view.town) {
    // Changing it stays inside this form (a link to an empty form lost everything typed): the
    // other town's name goes with the rest when the form is sent, and wins over the fixed one.
    return html`<p id="f-town"><strong>${t.ta("town")}:</strong> ${townLabel(view.town, locale)}<input type="hidden" name="town" value="${view.town.slug}"></p>
<details><summary>${t.ta("changeTown")}</summary><p><label for="f-townChange">${t.ta("townChange")}</label>
<span class="h" id="f-townChange-h">${t.ta("townChangeHint")}</span><input type="text" id="f-townChange" name="townChange" value="" autocomplete="address-level2" maxlength="${MAX_QUERY_LENGTH}" aria-describedby="f-townChange-h"></p></details>
`;
  }
  const choices = view.townChoices ?? [];
  const id = "f-town";
  // With choices the message heads them (what to do next); either way the text field points to it.
  const error = errorOf(id, "town", view, t);
  const chooser = choices.length
    ? html`<fieldset id="f-townChoice"${view.errors.town ? html` aria-describedby="${id}-e"` : null}><legend>${t.ta("townChoices", { query: value(view.values, "townName") })}</legend>
${error}${choices.map((town) => html`<label><input type="radio" name="town" value="${town.slug}">${townLabel(town, locale)}</label><br>
`)}</fieldset>
`
    : null;
  const label = choices.length ? t.ta("townOther") : t.ta("town");
  return html`${chooser}<p><label for="${id}">${label}${choices.length ? null : html` <span class="r">${t.ta("required")}</span>`}</label>
<span class="h" id="${id}-h">${t.ta("townHint")}</span>${choices.length ? null : error}<input type="text" id="${id}" name="townName" value="${value(view.values, "townName")}" autocomplete="address-level2" maxlength="${MAX_QUERY_LENGTH}"${choices.length ? null : html` aria-required="true"`}${described(id, "town", view, true)}></p>
`;
}

/** The form, empty or sent back with a message beside every field that was wrong (nothing was saved then). */
export function renderTransportRequestForm(view: TransportFormView): string {
  const { locale } = view;
  const t = translators(locale);
  const anyError = Object.keys(view.errors).length > 0 || !!view.formError;
  const body = html`<p><a href="${view.town ? liteHref.town(locale, view.town.slug) : liteHref.home(locale)}">${view.town ? t.ta("backToTown") : t.tl("allTowns")}</a></p>
<h1>${t.ta("title")}</h1>
<p>${t.ta("intro")}</p>
${anyError ? html`<p class="sum" role="alert" id="form-error">${view.formError ?? t.ta("errorSummary")}</p>
` : null}<form method="post" action="/${locale}/transport" novalidate>
${townField(view, t)}${choices(view, t, { name: "requesterKind", legend: t.ta("requesterKind"), options: (["self", "relative", "organisation"] as const).map((k) => ({ value: k, label: t.ta(`requester_${k}`) })) })}${numberInput(view, t, { name: "peopleCount", label: t.ta("peopleCount"), min: 1, max: 50 })}${numberInput(view, t, { name: "childrenCount", label: t.ta("childrenCount"), min: 0, max: 50 })}${choices(view, t, {
    name: "mobility",
    legend: t.ta("mobility"),
    options: MOBILITY_LEVELS.map((m) => ({ value: m, label: t.tr(`mobility_${m}`) })),
  })}${checkbox(view, t, { name: "pets", label: t.ta("pets") })}${choices(view, t, {
    name: "medicalNeeds",
    legend: t.ta("medical"),
    hint: t.ta("medicalHint"),
    multiple: true,
    options: MEDICAL_NEEDS.map((m) => ({ value: m, label: t.tr(`medical_${m}`) })),
  })}${textArea(view, t, { name: "medicalNote", label: t.ta("medicalNote"), max: REQUEST_MEDICAL_NOTE_MAX })}${textInput(view, t, { name: "name", label: t.ta("name"), autocomplete: "name", max: REQUEST_NAME_MAX })}${textArea(view, t, {
    name: "address",
    label: t.ta("address"),
    hint: t.ta("addressHint"),
    required: true,
    max: REQUEST_ADDRESS_MAX,
  })}<fieldset><legend>${t.ta("point")}</legend>
<span class="h">${t.ta("pointHint")}</span>${textInput(view, t, { name: "lat", label: t.ta("lat"), inputmode: "decimal" })}${textInput(view, t, { name: "lon", label: t.ta("lon"), inputmode: "decimal" })}</fieldset>
<fieldset><legend>${t.ta("contact")}</legend>
<span class="h">${t.ta("contactHint")}</span>${textInput(view, t, { name: "phone", label: t.ta("phone"), hint: t.ta("phoneHint"), type: "tel", autocomplete: "tel" })}${textInput(view, t, { name: "telegram", label: t.ta("telegram"), hint: t.ta("telegramHint") })}</fieldset>
<p><label for="f-language">${t.ta("language")}</label><br>${errorOf("f-language", "language", view, t)}<select id="f-language" name="language"${described("f-language", "language", view, false)}>${LOCALES.map(
    (l) => html`<option value="${l}" lang="${l}"${l === value(view.values, "language") ? html` selected` : null}>${LANGUAGE_NAME[l]}</option>`,
  )}</select></p>
<h2>${t.ta("consentTitle")}</h2>
<p id="consent-text">${t.ta("consentText")}</p>
${checkbox(view, t, { name: "consent", label: t.ta("consentGiven") })}<p><button type="submit">${t.ta("submit")}</button></p>
</form>
<p><a href="${liteHref.withdrawTransport(locale)}">${t.ta("withdrawLink")}</a></p>
`;
  return litePage(locale, t.ta("title"), body, t.ta("intro"), FORM_STYLE);
}

/** The answer to a sent form: the reference code, once, and how to withdraw. */
export function renderTransportRequestSent({ locale, referenceCode, townSlug }: { locale: Locale; referenceCode: string; townSlug: string }): string {
  const t = translators(locale);
  const body = html`<h1>${t.ta("sentTitle")}</h1>
<p>${t.ta("sentCode")}</p>
<p class="c" data-testid="reference-code">${referenceCode}</p>
<p>${t.ta("sentKeep")}</p>
<p>${t.ta("sentNext")}</p>
<p><a href="${liteHref.withdrawTransport(locale)}">${t.ta("withdrawLink")}</a></p>
<p><a href="${liteHref.town(locale, townSlug)}">${t.ta("backToTown")}</a></p>
`;
  return litePage(locale, t.ta("sentTitle"), body, t.ta("sentNext"), FORM_STYLE);
}

/** The withdrawal form, empty or with its error; or, once withdrawn, what happened. */
export function renderTransportWithdrawal({ locale, code, error, formError, withdrawn }: { locale: Locale; code: string; error?: FieldError | null; formError?: string | null; withdrawn?: string | null }): string {
  const t = translators(locale);
  if (withdrawn) {
    const body = html`<h1>${t.ta("withdrawnTitle")}</h1>
<p role="status">${t.ta("withdrawnText", { code: withdrawn })}</p>
<p><a href="${liteHref.home(locale)}">${t.tl("allTowns")}</a></p>
`;
    return litePage(locale, t.ta("withdrawnTitle"), body, t.ta("withdrawIntro"), FORM_STYLE);
  }
  const view: TransportFormView = { locale, town: null, values: { code }, errors: error ? { code: error } : {}, formError };
  const body = html`<p><a href="${liteHref.home(locale)}">${t.tl("allTowns")}</a></p>
<h1>${t.ta("withdrawTitle")}</h1>
<p>${t.ta("withdrawIntro")}</p>
${formError ? html`<p class="sum" role="alert">${formError}</p>
` : null}<form method="post" action="${liteHref.withdrawTransport(locale)}" novalidate>
${textInput(view, t, { name: "code", label: t.ta("code"), hint: t.ta("codeHint"), required: true, autocomplete: "off" })}<p><button type="submit">${t.ta("withdrawSubmit")}</button></p>
</form>
`;
  return litePage(locale, t.ta("withdrawTitle"), body, t.ta("withdrawIntro"), FORM_STYLE);
}
