import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { createAgreement, applyAgreementAction } from "@/db/queries/agreements";
import { createNotice } from "@/db/queries/area-notices";
import { createIncident, type IncidentInput } from "@/db/queries/incident-writes";
import { createOrganisation } from "@/db/queries/organisations";
import { createReceptionPoint } from "@/db/queries/reception-points";
import { createRoute } from "@/db/queries/routes";
import { linkTelegramChannel } from "@/db/queries/telegram-channels";
import { createTown } from "@/db/queries/towns";
import { claimTransportRequest, createTransportRequest } from "@/db/queries/transport-requests";
import { assignRequestToRun, changeTransportRunStatus, createTransportRun } from "@/db/queries/transport-runs";
import { checkSessionAccess, createUser } from "@/db/queries/users";
import { setAccountDisabled } from "@/db/queries/accounts";
import { scenarioId } from "@/db/scenario/ids";
import { seedScenario } from "@/db/seed";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import type { UserRole } from "@/db/schema/enums";
import type { SessionClaims, SessionUser } from "@/lib/session-user";
import { inLanguage } from "@/lib/localized-text";
import { sealingKeys } from "@/lib/sealing";
import { recordProof } from "@/server/security/record-proof";
import { sealTransportRequestPersonal } from "@/server/transport-requests/personal";
import { startTelegramStandIn, type TelegramStandIn } from "@/tests/stand-ins/telegram-bot-api";

// The authorization matrix: every server action and every protected route handler, called as
// nobody, as a disabled account, as a coordinator and as an admin, against a real database.
// Allowed calls must succeed (so the test can fail for a broken action, not only for an open
// one); refused calls must answer with the access refusal and change nothing in the database.
// The actions and handlers are found in the code: a new one without an entry here fails.

const state = vi.hoisted(() => ({ db: null as unknown as Db, claims: null as SessionClaims | null }));
vi.mock("@/db", () => ({ getDb: async () => state.db }));
// The real per-request check (account, disabled flag, revocation, role) on the claims of the
// caller under test; Auth.js itself (cookies, JWT) is covered end to end.
const guards = vi.hoisted(() => ({
  getAccess: (role?: UserRole) => checkSessionAccessRef.current!(state.db, state.claims, role),
  readSessionClaims: async () => state.claims,
  requireUser: () => {
    throw new Error("pages are not under test here");
  },
}));
const checkSessionAccessRef = vi.hoisted(() => ({ current: null as null | typeof import("@/db/queries/users").checkSessionAccess }));
vi.mock("@/auth/require-user", () => guards);
vi.mock("@/auth", () => guards);
// The page's language, as next-intl's proxy reads it from the path an action was posted to.
vi.mock("next-intl/server", () => ({ getLocale: async () => "ru", getTranslations: async () => (key: string) => key }));
// Outside a Next request there is no cache to revalidate.
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {}, updateTag: () => {} }));

const root = path.resolve(__dirname, "..");
const AGO = "2022-04-18T09:00";

type Ctx = { db: Db; actor: SessionUser; n: number };
type Entry = { role: UserRole; form: (ctx: Ctx) => Promise<Record<string, string | string[]>> };

let serial = 0;
const unique = () => `${Date.now().toString(36)}${(serial++).toString(36)}`;

async function town(ctx: Ctx) {
  const u = unique();
  return createTown(ctx.db, ctx.actor, {
    slug: `matrix-${u}`,
    nameUk: `Матриця ${u}`,
    nameRu: `Матрица ${u}`,
    nameEn: `Matrix ${u}`,
    aliases: [],
    oblastId: scenarioId("oblast:kharkiv"),
    pcode: null,
    lat: 49.5,
    lon: 36.5,
  });
}
async function route(ctx: Ctx) {
  const [a, b] = [await town(ctx), await town(ctx)];
  return createRoute(ctx.db, ctx.actor, {
    originTownId: a.id,
    destinationTownId: b.id,
    waypoints: [
      [36.5, 49.5],
      [36.6, 49.6],
    ],
    mode: "bus",
    assemblyPoint: inLanguage("en", ""),
    schedule: inLanguage("en", ""),
    organisationId: null,
    freshnessWindowHours: 6,
  });
}
async function agreement(ctx: Ctx, agreed = false) {
  const r = await route(ctx);
  const { id } = await createAgreement(ctx.db, ctx.actor, {
    input: {
      title: inLanguage("en", `Matrix corridor ${unique()}`),
      routeIds: [r.id],
      parties: [{ id: null, name: "Party A", role: "party_to_conflict", representative: "" }],
      windowStart: new Date("2022-04-20T05:00:00Z"),
      windowEnd: new Date("2022-04-20T15:00:00Z"),
      terms: inLanguage("en", ""),
      sources: [],
    },
  });
  if (agreed) await applyAgreementAction(ctx.db, ctx.actor, { id, baseVersion: 1, action: "agree" });
  const [party] = rowsOf(await ctx.db.execute(sql`select id from agreement_parties where agreement_id = ${id}`));
  return { id, version: agreed ? 2 : 1, partyId: String(party!.id) };
}
/** Linking a channel asks the Bot API: the local stand-in, its "@admin_…" channels let the bot post. */
let telegram: TelegramStandIn | undefined;
async function telegramOn() {
  telegram ??= await startTelegramStandIn();
  process.env.TELEGRAM_BOT_TOKEN = "123456789:matrix-test-token-abcdefghij";
  process.env.TELEGRAM_WEBHOOK_SECRET = "matrix-webhook-secret-0123456789";
  process.env.TELEGRAM_API_ROOT = telegram.url;
}
async function telegramChannel(ctx: Ctx) {
  const u = unique();
  return linkTelegramChannel(ctx.db, ctx.actor, { chat: `@admin_${u}`, locale: "uk", lookUp: async () => ({ ok: true, chatId: `-100${Math.floor(1e9 + Math.random() * 1e11)}`, title: `Matrix ${u}` }) });
}
/** The outbound switch names the state version the admin saw. */
async function messagingVersion(ctx: Ctx) {
  const [row] = rowsOf(await ctx.db.execute(sql`select version from messaging_state where id = 1`));
  return { version: String(row!.version) };
}
const incidentInput = (): IncidentInput => ({
  category: "movement_restriction",
  occurredAt: new Date("2022-04-18T06:00:00Z"),
  occurredPrecision: "day",
  townId: scenarioId("town:kharkiv"),
  lat: null,
  lon: null,
  geoPrecision: "place",
  killed: null,
  injured: null,
  missing: null,
  publicSummary: inLanguage("en", "Checkpoint refused a convoy."),
  internalDescription: "",
  verification: "unverified",
  sources: [{ kind: "ngo_field_report", outlet: "Field team", url: null, publishedAt: null }],
  routeIds: [],
  agreementIds: [],
});
const organisationFields = (u = unique()) => ({ shortName: `Matrix ${u}`, nameUk: `Матриця ${u}`, nameRu: `Матрица ${u}`, nameEn: `Matrix ${u}`, publicContact: "" });

const requestKeys = sealingKeys(Buffer.alloc(32, 7), "transport request");
/** A phoned-in request with no contact; claimed by the admin's organisation (the coordinator's too) when asked. */
async function transportRequest(ctx: Ctx, claimed = false) {
  const { id } = await createTransportRequest(ctx.db, ctx.actor, { channel: "hotline",
    facts: { townSlug: "lysychansk", peopleCount: 1, childrenCount: 0, mobility: "bedridden", pets: false, medicalNeeds: [], locale: "uk", requesterKind: "hotline", consentLocale: null },
    sealed: sealTransportRequestPersonal(requestKeys, { name: "", phone: "", telegram: "", address: "Matrix street 1", point: null, medicalNote: "", noContactReason: "No phone" }),
  });
  if (!claimed) return { id, version: "1" };
  const { version } = await claimTransportRequest(ctx.db, ctx.actor, { id });
  return { id, version: String(version) };
}

/** A van of the admin's organisation (the coordinator's too), planned for tomorrow from Lysychansk; boarding when asked. */
async function transportRun(ctx: Ctx, boarding = false) {
  const from = new Date(Date.now() + 24 * 60 * 60 * 1000);
  const run = await createTransportRun(ctx.db, ctx.actor, {
    input: { vehicle: "van", seats: 4, wheelchairPlaces: 1, stretcherPlaces: 2, petsAllowed: false, routeId: null, townSlug: "lysychansk", departsFrom: from, departsUntil: new Date(from.getTime() + 60 * 60 * 1000), assemblyPoint: inLanguage("en", ""), destinationTownSlug: "dnipro", receptionPointId: null, crewContactSealed: null },
  });
  if (boarding) await changeTransportRunStatus(ctx.db, ctx.actor, { id: run.id, baseVersion: 1, status: "boarding" });
  return run;
}
/** A claimed request put on a run: the run's id and the request's. */
async function assignedRequest(ctx: Ctx, boarding = false) {
  const run = await transportRun(ctx);
  const { id: requestId } = await transportRequest(ctx, true);
  await assignRequestToRun(ctx.db, ctx.actor, { runId: run.id, requestId });
  if (boarding) await changeTransportRunStatus(ctx.db, ctx.actor, { id: run.id, baseVersion: 1, status: "boarding" });
  return { runId: run.id, requestId };
}

async function account(ctx: Ctx) {
  const email = `matrix-${unique()}@example.org`;
  return createUser(ctx.db, ctx.actor, { email, password: "a long enough password", role: "coordinator" });
}

const townFields = (u = unique()) => ({ slug: "", nameUk: `М ${u}`, nameRu: `М-р ${u}`, nameEn: `M ${u}`, aliases: "", oblastId: scenarioId("oblast:kharkiv"), pcode: "", lat: "49.4", lon: "36.4" });
const incidentFields = {
  category: "movement_restriction",
  occurredAt: AGO,
  occurredPrecision: "day",
  townId: scenarioId("town:kharkiv"),
  lat: "",
  lon: "",
  geoPrecision: "place",
  killed: "",
  injured: "",
  missing: "",
  publicSummaryEn: "Checkpoint refused a convoy.",
  internalDescription: "",
  verification: "unverified",
  "sources.0.outlet": "Field team",
  "sources.0.url": "",
  "sources.0.kind": "ngo_field_report",
  "sources.0.publishedAt": "",
};
const agreementFields = (routeId: string) => ({
  titleEn: `Matrix corridor ${unique()}`,
  "routeIds[]": [routeId],
  "parties.0.id": "",
  "parties.0.name": "Party A",
  "parties.0.role": "party_to_conflict",
  "parties.0.representative": "",
  windowStart: "2022-04-20T08:00",
  windowEnd: "2022-04-20T18:00",
  termsEn: "",
});
const routeFields = (origin: string, destination: string) => ({
  originTownId: origin,
  destinationTownId: destination,
  waypoints: "49.5, 36.5\n49.6, 36.6",
  mode: "bus",
  assemblyPointEn: "",
  scheduleEn: "",
  organisation: "",
  freshnessWindowHours: "6",
});
const lifecycle = (agreed: boolean) => async (ctx: Ctx) => {
  const a = await agreement(ctx, agreed);
  return { id: a.id, version: String(a.version) };
};

const receptionFields = () => ({
  townId: scenarioId("town:dnipro"),
  nameUk: `Пункт ${unique()}`,
  nameRu: "",
  nameEn: "",
  addressUk: "вул. Матрична, 1",
  addressRu: "",
  addressEn: "",
  bedsTotal: "100",
  bedsAccessible: "10",
  bedsFree: "40",
  bedsAccessibleFree: "2",
  "services[]": ["food", "medical"],
  status: "open",
});
async function receptionPoint(ctx: Ctx) {
  return createReceptionPoint(ctx.db, ctx.actor, {
    input: { townId: scenarioId("town:dnipro"), name: inLanguage("uk", `Пункт ${unique()}`), address: inLanguage("uk", "вул. Матрична, 2"), bedsTotal: 50, bedsAccessible: 0, bedsFree: 5, bedsAccessibleFree: 0, services: [], status: "open" },
    now: new Date(),
  });
}

/** Every action, by "file#export": the least role allowed, and a valid submission made fresh per call. */
const ACTIONS: Record<string, Entry> = {
  "app/[locale]/coordinate/towns/actions.ts#createTownAction": { role: "coordinator", form: async () => townFields() },
  "app/[locale]/coordinate/towns/actions.ts#updateTownAction": {
    role: "coordinator",
    form: async (ctx) => ({ ...townFields(), id: (await town(ctx)).id, version: "1" }),
  },
  "app/[locale]/coordinate/towns/actions.ts#deleteTownAction": { role: "coordinator", form: async (ctx) => ({ id: (await town(ctx)).id, version: "1" }) },
  "app/[locale]/coordinate/notices/actions.ts#createNoticeAction": {
    role: "coordinator",
    form: async () => ({ target: `town:${scenarioId("town:kharkiv")}`, severity: "info", textUk: "Укриття відкрите.", textRu: "", textEn: "", expiresAt: "" }),
  },
  "app/[locale]/coordinate/notices/actions.ts#updateNoticeAction": {
    role: "coordinator",
    form: async (ctx) => {
      const { id } = await createNotice(ctx.db, ctx.actor, { input: { townId: scenarioId("town:kharkiv"), oblastId: null, severity: "info", textUk: "Було.", textRu: "", textEn: "", expiresAt: null }, now: new Date() });
      return { id, version: "1", target: `town:${scenarioId("town:kharkiv")}`, severity: "warning", textUk: "Стало.", textRu: "", textEn: "", expiresAt: "" };
    },
  },
  "app/[locale]/coordinate/notices/actions.ts#expireNoticeAction": {
    role: "coordinator",
    form: async (ctx) => {
      const { id } = await createNotice(ctx.db, ctx.actor, { input: { townId: null, oblastId: scenarioId("oblast:kharkiv"), severity: "info", textUk: "Тимчасово.", textRu: "", textEn: "", expiresAt: null }, now: new Date() });
      return { id, version: "1" };
    },
  },
  "app/[locale]/coordinate/reception/actions.ts#createReceptionPointAction": { role: "coordinator", form: async () => receptionFields() },
  "app/[locale]/coordinate/reception/actions.ts#updateReceptionPointAction": {
    role: "coordinator",
    form: async (ctx) => ({ ...receptionFields(), bedsFree: "10", id: (await receptionPoint(ctx)).id, version: "1" }),
  },
  "app/[locale]/coordinate/reception/actions.ts#confirmReceptionPointAction": { role: "coordinator", form: async (ctx) => ({ id: (await receptionPoint(ctx)).id, version: "1" }) },
  "app/[locale]/coordinate/routes/actions.ts#createRouteAction": {
    role: "coordinator",
    form: async (ctx) => routeFields((await town(ctx)).id, (await town(ctx)).id),
  },
  "app/[locale]/coordinate/routes/actions.ts#updateRouteAction": {
    role: "coordinator",
    form: async (ctx) => {
      const [a, b] = [await town(ctx), await town(ctx)];
      const r = await createRoute(ctx.db, ctx.actor, { originTownId: a.id, destinationTownId: b.id, waypoints: [[36.5, 49.5], [36.6, 49.6]], mode: "bus", assemblyPoint: inLanguage("en", ""), schedule: inLanguage("en", ""), organisationId: null, freshnessWindowHours: 6 });
      return { ...routeFields(a.id, b.id), schedule: "Daily 08:00", id: r.id, version: "1" };
    },
  },
  "app/[locale]/coordinate/routes/actions.ts#updateRouteStatusAction": {
    role: "coordinator",
    form: async (ctx) => ({ routeId: (await route(ctx)).id, version: "1", status: "closed", "reasonCodes[]": ["shelling_or_air_strikes"], reasonEn: "Shelling on the bridge." }),
  },
  "app/[locale]/coordinate/routes/actions.ts#confirmRouteStatusAction": {
    role: "coordinator",
    form: async (ctx) => ({ routeId: (await route(ctx)).id, version: "1" }),
  },
  "app/[locale]/coordinate/routes/actions.ts#setTownStatusAction": {
    role: "coordinator",
    form: async (ctx) => {
      const [a, b] = [await town(ctx), await town(ctx)];
      const r = await createRoute(ctx.db, ctx.actor, { originTownId: a.id, destinationTownId: b.id, waypoints: [[36.5, 49.5], [36.6, 49.6]], mode: "bus", assemblyPoint: inLanguage("en", ""), schedule: inLanguage("en", ""), organisationId: null, freshnessWindowHours: 6 });
      return { townId: a.id, "seen[]": [`${r.id}:1`], status: "closed", "reasonCodes[]": ["shelling_or_air_strikes"], reasonEn: "Shelling on the bridge." };
    },
  },
  "app/[locale]/coordinate/routes/actions.ts#confirmTownStatusAction": {
    role: "coordinator",
    form: async (ctx) => {
      const [a, b] = [await town(ctx), await town(ctx)];
      const r = await createRoute(ctx.db, ctx.actor, { originTownId: a.id, destinationTownId: b.id, waypoints: [[36.5, 49.5], [36.6, 49.6]], mode: "bus", assemblyPoint: inLanguage("en", ""), schedule: inLanguage("en", ""), organisationId: null, freshnessWindowHours: 6 });
      return { townId: a.id, "seen[]": [`${r.id}:1`] };
    },
  },
  "app/[locale]/coordinate/agreements/actions.ts#createAgreementAction": {
    role: "coordinator",
    form: async (ctx) => agreementFields((await route(ctx)).id),
  },
  "app/[locale]/coordinate/agreements/actions.ts#updateAgreementAction": {
    role: "coordinator",
    form: async (ctx) => {
      const r = await route(ctx);
      const a = await agreement(ctx);
      return { ...agreementFields(r.id), id: a.id, version: "1" };
    },
  },
  "app/[locale]/coordinate/agreements/actions.ts#agreeAgreementAction": { role: "coordinator", form: lifecycle(false) },
  "app/[locale]/coordinate/agreements/actions.ts#suspendAgreementAction": { role: "coordinator", form: lifecycle(true) },
  "app/[locale]/coordinate/agreements/actions.ts#markAgreementViolatedAction": { role: "coordinator", form: lifecycle(true) },
  "app/[locale]/coordinate/agreements/actions.ts#rejectAgreementAction": { role: "coordinator", form: lifecycle(false) },
  "app/[locale]/coordinate/agreements/actions.ts#cancelAgreementAction": { role: "coordinator", form: lifecycle(false) },
  "app/[locale]/coordinate/agreements/actions.ts#addClaimAction": {
    role: "coordinator",
    form: async (ctx) => {
      const a = await agreement(ctx);
      return { agreementId: a.id, partyId: a.partyId, claimant: "", stance: "affirms", statement: "We will hold fire 08:00–18:00.", claimedAt: AGO };
    },
  },
  "app/[locale]/coordinate/incidents/actions.ts#createIncidentAction": { role: "coordinator", form: async () => incidentFields },
  "app/[locale]/coordinate/incidents/actions.ts#updateIncidentAction": {
    role: "coordinator",
    form: async (ctx) => {
      const { id } = await createIncident(ctx.db, ctx.actor, { input: incidentInput(), flagKm: 2 });
      return { ...incidentFields, killed: "1", id, version: "1" };
    },
  },
  "app/[locale]/coordinate/telegram-channels/actions.ts#linkTelegramChannelAction": {
    role: "coordinator",
    form: async () => {
      await telegramOn();
      return { chat: `@admin_matrix_${unique()}`, language: "ru" };
    },
  },
  "app/[locale]/coordinate/telegram-channels/actions.ts#unlinkTelegramChannelAction": { role: "coordinator", form: async (ctx) => ({ id: (await telegramChannel(ctx)).id }) },
  "app/[locale]/coordinate/requests/actions.ts#claimTransportRequestAction": { role: "coordinator", form: async (ctx) => ({ id: (await transportRequest(ctx)).id }) },
  "app/[locale]/coordinate/requests/actions.ts#releaseTransportRequestAction": { role: "coordinator", form: async (ctx) => transportRequest(ctx, true) },
  "app/[locale]/coordinate/requests/actions.ts#changeTransportRequestStatusAction": {
    role: "coordinator",
    form: async (ctx) => ({ ...(await transportRequest(ctx, true)), status: "contacted" }),
  },
  "app/[locale]/coordinate/requests/actions.ts#mergeTransportRequestAction": {
    role: "coordinator",
    // The other request named by its page's link, as a coordinator pastes it.
    form: async (ctx) => ({ ...(await transportRequest(ctx, true)), intoId: `http://localhost:3000/uk/coordinate/requests/${(await transportRequest(ctx)).id}` }),
  },
  "app/[locale]/coordinate/requests/actions.ts#createHotlineRequestAction": {
    role: "coordinator",
    form: async () => ({
      townSlug: "lysychansk",
      requesterKind: "relative",
      name: "Matrix Person",
      peopleCount: "2",
      childrenCount: "0",
      mobility: "wheelchair",
      "medicalNeeds[]": ["oxygen"],
      medicalNote: "",
      phone: "050 123 45 67",
      telegram: "",
      language: "uk",
      address: "Matrix street 2",
      consent: "on",
      noContactReason: "",
    }),
  },
  "app/[locale]/coordinate/runs/actions.ts#createTransportRunAction": {
    role: "coordinator",
    form: async () => ({
      vehicle: "van",
      seats: "3",
      wheelchairPlaces: "0",
      stretcherPlaces: "2",
      routeId: "",
      townSlug: "lysychansk",
      departsFrom: "2030-05-20T08:00",
      departsUntil: "2030-05-20T10:00",
      assemblyPointUk: "",
      assemblyPointRu: "",
      assemblyPointEn: "",
      destinationTownSlug: "dnipro",
      crewContact: "+380 67 123 45 67",
    }),
  },
  "app/[locale]/coordinate/runs/actions.ts#assignToRunAction": {
    role: "coordinator",
    form: async (ctx) => ({ runId: (await transportRun(ctx)).id, requestId: (await transportRequest(ctx, true)).id }),
  },
  "app/[locale]/coordinate/runs/actions.ts#moveToRunAction": { role: "coordinator", form: async (ctx) => ({ ...(await assignedRequest(ctx)), toRunId: (await transportRun(ctx)).id }) },
  "app/[locale]/coordinate/runs/actions.ts#removeFromRunAction": { role: "coordinator", form: async (ctx) => assignedRequest(ctx) },
  "app/[locale]/coordinate/runs/actions.ts#recordRunOutcomeAction": { role: "coordinator", form: async (ctx) => ({ ...(await assignedRequest(ctx, true)), outcome: "boarded" }) },
  "app/[locale]/coordinate/runs/actions.ts#changeTransportRunStatusAction": { role: "coordinator", form: async (ctx) => ({ id: (await transportRun(ctx)).id, version: "1", status: "boarding", arrivedCount: "" }) },
  "app/[locale]/coordinate/runs/actions.ts#rescheduleTransportRunAction": {
    role: "coordinator",
    form: async (ctx) => ({ id: (await transportRun(ctx)).id, version: "1", departsFrom: "2030-05-21T08:00", departsUntil: "2030-05-21T09:00", assemblyPointUk: "Школа №5", assemblyPointRu: "", assemblyPointEn: "" }),
  },
  "app/[locale]/coordinate/runs/actions.ts#setRunReceptionPointAction": { role: "coordinator", form: async (ctx) => ({ id: (await transportRun(ctx)).id, version: "1", receptionPointId: "" }) },
  "app/[locale]/admin/requests/actions.ts#purgeTownTransportRequestsAction": {
    role: "admin",
    // A town of its own with one request in it, so each caller's purge has details to destroy.
    form: async (ctx) => {
      const { slug } = await town(ctx);
      await createTransportRequest(ctx.db, ctx.actor, { channel: "hotline",
        facts: { townSlug: slug, peopleCount: 1, childrenCount: 0, mobility: "walks", pets: false, medicalNeeds: [], locale: "uk", requesterKind: "hotline", consentLocale: null },
        sealed: sealTransportRequestPersonal(requestKeys, { name: "", phone: "", telegram: "", address: "Matrix street 3", point: null, medicalNote: "", noContactReason: "No phone" }),
      });
      return { townSlug: slug, confirmTownSlug: slug };
    },
  },
  "app/[locale]/admin/messaging/actions.ts#pauseMessagingAction": { role: "admin", form: messagingVersion },
  "app/[locale]/admin/messaging/actions.ts#resumeMessagingAction": { role: "admin", form: messagingVersion },
  "app/[locale]/admin/incidents/actions.ts#reviewIncidentAction": {
    role: "admin",
    form: async (ctx) => {
      const { id } = await createIncident(ctx.db, ctx.actor, { input: incidentInput(), flagKm: 2 });
      return { id, version: "1", action: "dispute", note: "The party denies it." };
    },
  },
  "app/[locale]/admin/organisations/actions.ts#createOrganisationAction": {
    role: "admin",
    form: async () => organisationFields(),
  },
  "app/[locale]/admin/organisations/actions.ts#updateOrganisationAction": {
    role: "admin",
    form: async (ctx) => {
      const { id } = await createOrganisation(ctx.db, ctx.actor, { ...organisationFields(), publicContact: "" });
      return { id, version: "1", recordProof: recordProof("organisation", id), ...organisationFields() };
    },
  },
  "app/[locale]/admin/users/actions.ts#createAccountAction": {
    role: "admin",
    form: async () => ({ email: `new-${unique()}@example.org`, name: "New Coordinator", organisationId: "", role: "coordinator" }),
  },
  "app/[locale]/admin/users/actions.ts#updateAccountAction": {
    role: "admin",
    form: async (ctx) => ({ id: (await account(ctx)).id, version: "1", name: "Renamed", organisationId: "", role: "coordinator" }),
  },
  "app/[locale]/admin/users/actions.ts#disableAccountAction": { role: "admin", form: async (ctx) => ({ id: (await account(ctx)).id, version: "1" }) },
  "app/[locale]/admin/users/actions.ts#enableAccountAction": {
    role: "admin",
    form: async (ctx) => {
      const { id } = await account(ctx);
      await setAccountDisabled(ctx.db, ctx.actor, { id, baseVersion: 1, disabled: true });
      return { id, version: "2" };
    },
  },
  "app/[locale]/admin/users/actions.ts#resetPasswordAction": { role: "admin", form: async (ctx) => ({ id: (await account(ctx)).id, version: "1" }) },
  "app/[locale]/admin/users/actions.ts#revokeSessionsAction": { role: "admin", form: async (ctx) => ({ id: (await account(ctx)).id, version: "1" }) },
};

/** Deliberately open: signing in and out is how a session starts and ends (tested end to end). */
const PUBLIC_ACTIONS = new Set(["app/[locale]/login/actions.ts#loginAction", "app/[locale]/login/actions.ts#signOutAction"]);

/** Route handlers residents and partners read without an account (public fields only, tested elsewhere). */
const PUBLIC_ROUTES = new Set([
  "app/[locale]/lite/route.ts",
  "app/[locale]/lite/towns/[slug]/route.ts",
  "app/[locale]/lite/oblasts/[slug]/route.ts",
  "app/api/[[...unknown]]/route.ts",
  "app/api/auth/[...nextauth]/route.ts",
  "app/api/health/route.ts",
  // Telegram's updates: authenticated by the webhook secret, not a session (route.db.test.ts).
  "app/api/telegram/webhook/route.ts",
  // SMS from the gateway: authenticated by its request signature (route.db.test.ts).
  "app/api/sms/inbound/route.ts",
  "app/api/v1/incidents.geojson/route.ts",
  "app/api/v1/openapi.json/route.ts",
  "app/api/v1/problems/[name]/route.ts",
  "app/api/v1/routes.geojson/route.ts",
  "app/api/v1/reception-points/route.ts",
  "app/api/v1/reception-points.csv/route.ts",
  "app/api/v1/transport-run-counts/route.ts",
  "app/api/v1/routes/route.ts",
  "app/api/v1/towns/route.ts",
  "app/feeds/[[...unknown]]/route.ts",
  "app/feeds/cap.atom/route.ts",
  "app/feeds/cap/[file]/route.ts",
  "app/feeds/status.atom/route.ts",
  "app/lite/route.ts",
  "app/lite/towns/[slug]/route.ts",
  "app/lite/oblasts/[slug]/route.ts",
  // A resident's own request for transport and its withdrawal by reference code: no account by
  // design (like a subscription by SMS); limited per client address and contact
  // (app/[locale]/transport/route.db.test.ts).
  "app/[locale]/transport/route.ts",
  "app/[locale]/transport/withdraw/route.ts",
]);

/** A run of the callers' organisation, for the handlers about one run. */
async function matrixRun(ctx: Ctx): Promise<string> {
  const hour = 3_600_000;
  const input = { vehicle: "van", seats: 2, wheelchairPlaces: 0, stretcherPlaces: 1, petsAllowed: false, routeId: null, townSlug: "lysychansk", destinationTownSlug: "dnipro" } as const;
  const window = { departsFrom: new Date(Date.now() + hour), departsUntil: new Date(Date.now() + 2 * hour), assemblyPoint: { uk: "", ru: "", en: "" }, receptionPointId: null, crewContactSealed: null };
  return (await createTransportRun(ctx.db, ctx.actor, { input: { ...input, ...window } })).id;
}

/**
 * Protected route handlers: the least role allowed and a request it must answer with 200; `params`
 * makes the dynamic segments of one made for the call (Next passes them as a promise).
 */
const PROTECTED_ROUTES: Record<string, { role: UserRole; url: string; params?: (ctx: Ctx) => Promise<Record<string, string>> }> = {
  // A run of the callers' organisation (the coordinator's and the admin's): its crew's manifest.
  "app/[locale]/coordinate/runs/[id]/manifest/route.ts": {
    role: "coordinator",
    url: "http://localhost/uk/coordinate/runs/run/manifest",
    params: async (ctx) => ({ locale: "uk", id: await matrixRun(ctx) }),
  },
  "app/[locale]/coordinate/runs/[id]/movement-notice/route.ts": {
    role: "coordinator",
    url: "http://localhost/en/coordinate/runs/run/movement-notice",
    params: async (ctx) => ({ locale: "en", id: await matrixRun(ctx) }),
  },
  "app/api/admin/exports/incidents.csv/route.ts": { role: "admin", url: "http://localhost/api/admin/exports/incidents.csv?scope=internal" },
  "app/api/admin/exports/incidents.geojson/route.ts": { role: "admin", url: "http://localhost/api/admin/exports/incidents.geojson" },
  "app/api/admin/exports/routes.csv/route.ts": { role: "admin", url: "http://localhost/api/admin/exports/routes.csv" },
};

function filesNamed(dir: string, name: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesNamed(full, name);
    return entry.name === name ? [path.relative(root, full)] : [];
  });
}

const foundActions = filesNamed(path.join(root, "app"), "actions.ts").flatMap((file) =>
  [...fs.readFileSync(path.join(root, file), "utf8").matchAll(/export async function (\w+)/g)].map((m) => `${file}#${m[1]!}`),
);
const foundRoutes = filesNamed(path.join(root, "app"), "route.ts");

function rowsOf(result: unknown): Record<string, unknown>[] {
  return Array.isArray(result) ? (result as Record<string, unknown>[]) : ((result as { rows: Record<string, unknown>[] }).rows ?? []);
}

/** A fingerprint of every table's contents: equal before and after means nothing was written. */
async function fingerprint(db: Db): Promise<Record<string, string>> {
  const tables = rowsOf(await db.execute(sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`));
  const out: Record<string, string> = {};
  for (const { table_name } of tables) {
    const name = String(table_name);
    const [row] = rowsOf(await db.execute(sql.raw(`select count(*)::text || ':' || coalesce(md5(string_agg(t::text, '|' order by t::text)), '') as f from "${name}" t`)));
    out[name] = String(row!.f);
  }
  return out;
}

type Caller = "anonymous" | "disabled" | "coordinator" | "admin";
const CALLERS: Caller[] = ["anonymous", "disabled", "coordinator", "admin"];
const RANK: Record<UserRole, number> = { coordinator: 1, admin: 2 };
const allowed = (caller: Caller, role: UserRole) => (caller === "coordinator" || caller === "admin") && RANK[caller] >= RANK[role];
/** What a refused caller is told, by who they are. */
const refusal = (caller: Caller) => (caller === "anonymous" ? "unauthenticated" : caller === "disabled" ? "disabled" : "forbidden");

let t: TestDb;
const users = {} as Record<Exclude<Caller, "anonymous">, SessionUser>;

async function makeUser(email: string, role: UserRole): Promise<SessionUser> {
  const { id } = await createUser(t.db, null, { email, password: "a long enough password", role });
  return { id, email, name: "", role, organisation: "" };
}
function signInAs(caller: Caller) {
  state.claims = caller === "anonymous" ? null : { userId: users[caller].id, sessionId: crypto.randomUUID(), authTime: Date.now() };
}
const isRedirect = (error: unknown) => typeof (error as { digest?: unknown })?.digest === "string" && (error as { digest: string }).digest.startsWith("NEXT_REDIRECT");

beforeAll(async () => {
  checkSessionAccessRef.current = checkSessionAccess;
  t = await createTestDb();
  state.db = t.db;
  await seedScenario(t.db);
  users.coordinator = await makeUser("matrix-coordinator@example.org", "coordinator");
  users.admin = await makeUser("matrix-admin@example.org", "admin");
  users.disabled = await makeUser("matrix-disabled@example.org", "coordinator");
  await t.db.execute(sql`update users set disabled = true where id = ${users.disabled.id}`);
  // Transport requests are claimed by an organisation: the coordinator and the admin share one.
  const organisation = await createOrganisation(t.db, users.admin, { ...organisationFields(), publicContact: "" });
  await t.db.execute(sql`update users set organisation_id = ${organisation.id} where id in (${users.coordinator.id}, ${users.admin.id})`);
}, 60_000);
afterAll(async () => {
  await telegram?.close();
  await t?.drop();
});

describe("the authorization matrix covers the code", () => {
  it("every server action has an entry, and every entry is a server action", () => {
    const guarded = foundActions.filter((a) => !PUBLIC_ACTIONS.has(a));
    expect(guarded.filter((a) => !(a in ACTIONS)), "actions without a matrix entry").toEqual([]);
    expect(Object.keys(ACTIONS).filter((a) => !foundActions.includes(a)), "entries for actions that no longer exist").toEqual([]);
    expect([...PUBLIC_ACTIONS].filter((a) => !foundActions.includes(a))).toEqual([]);
  });

  it("every route handler is either public or in the matrix", () => {
    expect(foundRoutes.filter((r) => !PUBLIC_ROUTES.has(r) && !(r in PROTECTED_ROUTES)), "route handlers without an entry").toEqual([]);
    expect([...PUBLIC_ROUTES, ...Object.keys(PROTECTED_ROUTES)].filter((r) => !foundRoutes.includes(r)), "entries for handlers that no longer exist").toEqual([]);
  });
});

describe("server actions", () => {
  for (const [key, entry] of Object.entries(ACTIONS)) {
    it(`${key} (${entry.role} and above)`, async () => {
      const [file, name] = key.split("#") as [string, string];
      const action = ((await import(/* @vite-ignore */ path.join(root, file))) as Record<string, (prev: unknown, data: FormData) => Promise<unknown>>)[name]!;
      expect(typeof action).toBe("function");
      for (const caller of CALLERS) {
        const fields = await entry.form({ db: t.db, actor: users.admin, n: 0 });
        const form = new FormData();
        for (const [k, v] of Object.entries(fields)) for (const value of [v].flat()) form.append(k, value);
        signInAs(caller);
        const before = await fingerprint(t.db);
        let outcome: unknown;
        try {
          outcome = await action({ status: "idle" }, form);
        } catch (error) {
          if (!isRedirect(error)) throw error;
          // Back to a page in the language of the page the form was on (no form field says it).
          expect((error as { digest: string }).digest.split(";")[2]).toMatch(/^\/ru\//);
          outcome = "redirected";
        }
        if (allowed(caller, entry.role)) {
          // Succeeded: redirected to the saved record or answered with a non-error state, and wrote.
          if (outcome !== "redirected") expect((outcome as { status: string }).status, `${caller}: ${JSON.stringify(outcome)}`).not.toMatch(/^(invalid|conflict)$/);
          expect(await fingerprint(t.db), `${caller} changed nothing`).not.toEqual(before);
        } else {
          expect(outcome, caller).toMatchObject({ status: "invalid", formError: { code: `access_${refusal(caller)}` } });
          expect(await fingerprint(t.db), `${caller} changed something`).toEqual(before);
        }
      }
    }, 60_000);
  }
});

describe("protected route handlers", () => {
  for (const [file, entry] of Object.entries(PROTECTED_ROUTES)) {
    it(`${file} (${entry.role} only)`, async () => {
      const handler = ((await import(/* @vite-ignore */ path.join(root, file))) as { GET: (request: Request, context?: { params: Promise<Record<string, string>> }) => Promise<Response> }).GET;
      for (const caller of CALLERS) {
        const params = await entry.params?.({ db: t.db, actor: users.admin, n: 0 });
        signInAs(caller);
        const before = await fingerprint(t.db);
        const response = await handler(new Request(entry.url), params ? { params: Promise.resolve(params) } : undefined);
        const body = await response.text();
        if (allowed(caller, entry.role)) {
          expect(response.status, caller).toBe(200);
          expect(body.length).toBeGreaterThan(0);
        } else {
          expect(response.status, caller).toBe(caller === "coordinator" ? 403 : 401);
          expect(body).not.toContain("Kreminna");
          expect(await fingerprint(t.db), `${caller} changed something`).toEqual(before);
        }
      }
    }, 60_000);
  }
});
