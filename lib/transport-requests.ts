// Requests for transport from people who cannot reach an assembly point on their own: the closed
// value sets, the status machine, when personal details must be erased, the reference code a
// requester is given, and what makes two requests look like the same person. Pure: no clock, no
// randomness and no database of its own (callers pass the time and the random bytes).

import { latinSkeleton } from "./latin-skeleton";

export const TRANSPORT_REQUEST_STATUSES = ["new", "contacted", "scheduled", "evacuated", "could_not_reach", "declined", "duplicate", "cancelled"] as const;
export type TransportRequestStatus = (typeof TRANSPORT_REQUEST_STATUSES)[number];

/** Still being worked on: counted as open on the town page, and the personal details are kept. */
export const OPEN_TRANSPORT_REQUEST_STATUSES = ["new", "contacted", "scheduled"] as const satisfies readonly TransportRequestStatus[];

export const MOBILITY_LEVELS = ["walks", "needs_help", "wheelchair", "bedridden"] as const;
export type MobilityLevel = (typeof MOBILITY_LEVELS)[number];

export const MEDICAL_NEEDS = ["oxygen", "dialysis", "insulin", "regular_medication", "recent_surgery", "pregnancy", "dementia", "other"] as const;
export type MedicalNeed = (typeof MEDICAL_NEEDS)[number];

/** Who asked: the person, a relative elsewhere, a hotline operator on the phone, or an organisation. */
export const REQUESTER_KINDS = ["self", "relative", "hotline", "organisation"] as const;
export type RequesterKind = (typeof REQUESTER_KINDS)[number];

/**
 * The way a request came in: the residents' web form, the Telegram bot, SMS, or a hotline
 * operator's entry. STOP on a channel withdraws only what was asked on it; a request asked
 * elsewhere that names the same contact stays open and is no longer told on that channel.
 */
export const REQUEST_CHANNELS = ["web", "telegram", "sms", "hotline"] as const;
export type RequestChannel = (typeof REQUEST_CHANNELS)[number];

// A closed request never opens again: its personal details are due for erasure, and a new need
// is a new request (the duplicate check links it to the old one).
const NEXT: Record<TransportRequestStatus, readonly TransportRequestStatus[]> = {
  new: ["contacted", "scheduled", "could_not_reach", "declined", "duplicate", "cancelled"],
  contacted: ["scheduled", "evacuated", "could_not_reach", "declined", "duplicate", "cancelled"],
  // Back to "contacted" when a planned run falls through and a new time must be agreed.
  scheduled: ["contacted", "evacuated", "could_not_reach", "declined", "duplicate", "cancelled"],
  evacuated: [],
  could_not_reach: [],
  declined: [],
  duplicate: [],
  cancelled: [],
};

export function isOpenTransportRequestStatus(status: TransportRequestStatus): boolean {
  return (OPEN_TRANSPORT_REQUEST_STATUSES as readonly TransportRequestStatus[]).includes(status);
}

/** The statuses a request in `from` may move to; none once it is closed. */
export function nextTransportRequestStatuses(from: TransportRequestStatus): readonly TransportRequestStatus[] {
  return NEXT[from];
}

export function canChangeTransportRequestStatus(from: TransportRequestStatus, to: TransportRequestStatus): boolean {
  return NEXT[from].includes(to);
}

/** Days after a request closes that its personal details are kept, unless configured otherwise. */
export const DEFAULT_TRANSPORT_REQUEST_RETENTION_DAYS = 14;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * When a closed request's personal details must be gone: `days` whole days after it closed. An
 * open request has no such date (it is still being acted on); withdrawal and purge erase at once.
 */
export function personalDataErasureDue(closedAt: Date | null, days: number = DEFAULT_TRANSPORT_REQUEST_RETENTION_DAYS): Date | null {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`retention days must be a whole number ≥ 0, not ${days}`);
  return closedAt ? new Date(closedAt.getTime() + days * DAY_MS) : null;
}

/** The latest close time whose personal details are due for erasure at `now`. */
export function erasureCutoff(now: Date, days: number = DEFAULT_TRANSPORT_REQUEST_RETENTION_DAYS): Date {
  return new Date(now.getTime() - personalDataErasureDue(new Date(0), days)!.getTime());
}

/** From this many open requests no organisation holds (unclaimed, or a stale claim), a town is flagged on the dashboard. */
export const MANY_WAITING_REQUESTS = 5;

export function hasManyWaitingRequests(waiting: number, threshold: number = MANY_WAITING_REQUESTS): boolean {
  return waiting >= threshold;
}

/** A claim with no progress for this long is flagged to every organisation and may be taken over. */
export const DEFAULT_STALE_CLAIM_HOURS = 24;

export function isClaimStale(lastProgressAt: Date, now: Date, hours: number = DEFAULT_STALE_CLAIM_HOURS): boolean {
  return lastProgressAt.getTime() <= staleClaimCutoff(now, hours).getTime();
}

/** A claim whose last progress is at or before this instant is stale at `now` (what the pool's query compares with). */
export function staleClaimCutoff(now: Date, hours: number = DEFAULT_STALE_CLAIM_HOURS): Date {
  if (!(hours > 0)) throw new RangeError(`the stale-claim time must be a positive number of hours, not ${hours}`);
  return new Date(now.getTime() - hours * 60 * 60 * 1000);
}

export type ClaimDecision = { kind: "claim" } | { kind: "takeOver"; from: string } | { kind: "refused"; code: "alreadyClaimed" | "alreadyYours" | "requestClosed" };

/**
 * Whether `organisationId` may claim a request as it stands at `now`: an unclaimed open request
 * is claimed; another organisation's claim is taken over only once it has had no progress for
 * the stale time (its claimant is then told nothing: the pool shows it flagged to everyone); a
 * fresh claim, the organisation's own, and a closed request are refused.
 */
export function claimDecision(
  request: { status: TransportRequestStatus; claimedByOrganisationId: string | null; lastProgressAt: Date },
  organisationId: string,
  now: Date,
  hours: number = DEFAULT_STALE_CLAIM_HOURS,
): ClaimDecision {
  if (!isOpenTransportRequestStatus(request.status)) return { kind: "refused", code: "requestClosed" };
  const holder = request.claimedByOrganisationId;
  if (holder === null) return { kind: "claim" };
  if (holder === organisationId) return { kind: "refused", code: "alreadyYours" };
  if (!isClaimStale(request.lastProgressAt, now, hours)) return { kind: "refused", code: "alreadyClaimed" };
  return { kind: "takeOver", from: holder };
}

// Reference codes: read out over a bad phone line and typed on an old keypad, so no letters that
// look or sound alike (Crockford's alphabet: no I, L, O, U) and a dash in the middle. 8 symbols of
// 32 are 40 bits: guessing one among even a million requests takes about a million tries.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export const REFERENCE_CODE_RANDOM_BYTES = 8;

/** "K7M4-QX2D" from 8 random bytes (each byte's low 5 bits pick a symbol). */
export function referenceCodeFrom(bytes: Uint8Array): string {
  if (bytes.length < REFERENCE_CODE_RANDOM_BYTES) throw new RangeError(`a reference code needs ${REFERENCE_CODE_RANDOM_BYTES} random bytes`);
  const symbols = Array.from(bytes.subarray(0, REFERENCE_CODE_RANDOM_BYTES), (b) => ALPHABET[b & 31]!).join("");
  return `${symbols.slice(0, 4)}-${symbols.slice(4)}`;
}

/** A code as typed or read back ("k7m4 qx2d", "K7M4QXZD" with O for 0): the stored form, or null if it cannot be one. */
export function normaliseReferenceCode(input: string): string | null {
  const plain = input
    .toUpperCase()
    .replace(/[\s-]/g, "")
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");
  if (!/^[0-9A-HJKMNP-TV-Z]{8}$/.test(plain)) return null;
  return `${plain.slice(0, 4)}-${plain.slice(4)}`;
}

// Addresses, to suggest that two requests in one town may be the same household. Words that only
// say what kind of place it is ("street", "вул.", "кв.") are dropped; what remains is compared as
// a set, so "вул. Миру 12, кв 5" and "Миру, 12/5" match. Each word is folded to its Latin
// skeleton first (lib/latin-skeleton.ts): a relative abroad writes "vul. Shevchenka 5" for the
// same "вул. Шевченка 5", and a Russian speaker "Гагарина" for "Гагаріна".
const NOISE_WORDS = [
  "вул", "вулиця", "ул", "улица", "street", "st", "пров", "провулок", "пер", "переулок", "lane", "просп", "проспект", "пр", "avenue", "ave",
  "буд", "будинок", "дом", "д", "house", "кв", "квартира", "apt", "flat", "м", "місто", "г", "город", "city", "смт", "пгт", "село", "с",
  // Their usual romanisations, which do not all fold to the same skeleton as the Cyrillic.
  "vulytsia", "vulytsya", "ulitsa", "ulica", "ulytsia", "provulok", "pereulok", "prospekt", "prosp", "budynok", "kvartyra", "kvartira", "misto", "gorod", "selo", "smt", "pgt",
];
const NOISE = new Set(NOISE_WORDS.map(foldWord));

/** A word's letters folded to their Latin skeleton, its digits kept ("12а" and "12a" are one). */
function foldWord(word: string): string {
  return word.replace(/\p{L}+/gu, (letters) => latinSkeleton(letters).replace(/ /g, ""));
}

export function addressTokens(address: string): Set<string> {
  const words = address
    .toLowerCase()
    .normalize("NFKC")
    .replace(/[’'`ʼ]/g, "")
    .split(/[^\p{L}\p{N}]+/u)
    .map(foldWord)
    .filter((w) => w.length > 0 && !NOISE.has(w));
  return new Set(words);
}

/** Jaccard similarity of the two addresses' word sets, 0 to 1. */
export function addressSimilarity(a: string, b: string): number {
  const x = addressTokens(a);
  const y = addressTokens(b);
  if (x.size === 0 || y.size === 0) return 0;
  let shared = 0;
  for (const w of x) if (y.has(w)) shared++;
  return shared / (x.size + y.size - shared);
}

/** At or above this, two addresses in the same town are suggested as one household. */
export const SIMILAR_ADDRESS_THRESHOLD = 0.6;

export type DuplicateReason = "samePhone" | "sameTelegram" | "similarAddress";

export type DuplicateCandidate = { phoneHash: string | null; telegramHash: string | null; townId: string; address: string | null };

/** Why `b` looks like the same person as `a`, or null: a keyed hash match, or a similar address in the same town. */
export function duplicateReason(a: DuplicateCandidate, b: DuplicateCandidate): DuplicateReason | null {
  if (a.phoneHash && a.phoneHash === b.phoneHash) return "samePhone";
  if (a.telegramHash && a.telegramHash === b.telegramHash) return "sameTelegram";
  if (a.townId === b.townId && a.address && b.address && addressSimilarity(a.address, b.address) >= SIMILAR_ADDRESS_THRESHOLD) return "similarAddress";
  return null;
}

// The address is sealed, so the database cannot compare addresses in clear. Each normalised word
// is stored as a keyed hash instead (server/transport-requests/personal.ts): equal words give
// equal hashes, so the Jaccard similarity of two hash sets is exactly that of the word sets, and
// a similar address in the same town is found without opening any request. Only the key's holder
// could test guesses against the hashes, as for the phone hashes.

/** The address's normalised words, each once, in a stable order: what is hashed for the comparison. */
export function addressTokenList(address: string): string[] {
  return [...addressTokens(address)].sort();
}

/** Jaccard similarity of two sets of (hashed) words, 0 to 1; nothing in common when either is empty. */
export function tokenSetSimilarity(a: readonly string[], b: readonly string[]): number {
  const x = new Set(a);
  const y = new Set(b);
  if (x.size === 0 || y.size === 0) return 0;
  let shared = 0;
  for (const w of x) if (y.has(w)) shared++;
  return shared / (x.size + y.size - shared);
}

/**
 * Of the open requests in the same town (with their hashed address words), the one whose address
 * is most like this one's, at or above SIMILAR_ADDRESS_THRESHOLD; null when none is. Ties go to
 * the earliest in the list (the caller lists the oldest first: the one to merge into).
 */
export function mostSimilarAddress(tokens: readonly string[], candidates: ReadonlyArray<{ id: string; tokens: readonly string[] | null }>): { id: string; similarity: number } | null {
  let best: { id: string; similarity: number } | null = null;
  for (const candidate of candidates) {
    const similarity = tokenSetSimilarity(tokens, candidate.tokens ?? []);
    if (similarity >= SIMILAR_ADDRESS_THRESHOLD && (!best || similarity > best.similarity)) best = { id: candidate.id, similarity };
  }
  return best;
}

/**
 * What the requester is told about their request as it stands (written when the message is sent,
 * so two changes within the minute are told as the later one): "taken" while claimed and still
 * new, else its status; null when there is nothing to tell (back in the pool, not yet taken).
 */
export type RequesterUpdate = "taken" | Exclude<TransportRequestStatus, "new">;

export function requesterUpdate(status: TransportRequestStatus, claimed: boolean): RequesterUpdate | null {
  if (status === "new") return claimed ? "taken" : null;
  return status;
}
