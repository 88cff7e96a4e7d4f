import crypto from "node:crypto";
import type PgBoss from "pg-boss";
import { count, eq, isNotNull, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { rowsOf } from "@/db/client";
import { changeTransportRequestStatus, claimTransportRequest, createTransportRequest, getPoolTransportRequest, listTransportRequestPool, mergeTransportRequests, purgeTownTransportRequests } from "@/db/queries/transport-requests";
import { deleteRequestDialogue, saveRequestDialogue } from "@/db/queries/request-dialogues";
import { assignRequestToRun, changeTransportRunStatus, createTransportRun, removeRequestFromRun, rescheduleTransportRun } from "@/db/queries/transport-runs";
import { createUser } from "@/db/queries/users";
import { messageOutbox, messagePending, requestDialogues } from "@/db/schema/messaging";
import { organisations } from "@/db/schema/organisations";
import { towns } from "@/db/schema/places";
import { transportRequestEvents, transportRequests } from "@/db/schema/transport-requests";
import { seedScenario } from "@/db/seed";
import { wholeDatabaseText } from "@/db/testing/dump";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { smsSegments } from "@/lib/messaging/sms-segments";
import type { SessionUser } from "@/lib/session-user";
import { getTransportRequestKeys } from "@/server/transport-requests/keys";
import { openTransportRequestPersonal, sealTransportRequestPersonal } from "@/server/transport-requests/personal";
import { answerResident } from "./conversation";
import { deliver, type Senders } from "./delivery";
import { RecipientGoneError, RetryLaterError } from "./delivery-errors";
import { DELIVERY_QUEUE, type DeliveryJob } from "./queue";
import { relayOutbox } from "./relay";
import { requesterRunText, requesterUpdateText } from "./request-delivery";
import { getSubscriberKeys } from "./subscriber-keys";
import { startTestJobQueue } from "./testing/job-queue";
import type { OutboundSender } from "./types";

// A request for transport made through the bot and by SMS, withdrawn by its code or by STOP, and
// its requester told each step through the real outbox trigger, relay, pg-boss and delivery job.
// Only the network call to the gateway is a recorder here.

let t: TestDb;
let boss: PgBoss;
let orgA: SessionUser;
const sent: Array<{ channel: string; address: string; text: string }> = [];
let failNext: Error | null = null;
const logged: string[] = [];

function recorder(channel: "telegram" | "sms"): OutboundSender {
  return {
    channel,
    async send(address, text) {
      if (failNext) {
        const error = failNext;
        failNext = null;
        throw error;
      }
      sent.push({ channel, address, text });
    },
  };
}
const senders: Senders = { telegram: recorder("telegram"), sms: recorder("sms") };

beforeAll(async () => {
  process.env.SUBSCRIBER_KEY = crypto.randomBytes(32).toString("base64");
  Object.assign(process.env, { SMS_AUTH_TOKEN: "test-sms-token-0123456789", SMS_API_URL: "http://127.0.0.1:9/Messages.json", SMS_ACCOUNT_SID: "ACtest", SMS_FROM: "+380440000000" });
  t = await createTestDb();
  await seedScenario(t.db);
  boss = await startTestJobQueue(t);
  const [org] = await t.db.insert(organisations).values({ shortName: "Org A", nameUk: "Org A", nameRu: "Org A", nameEn: "Org A" }).returning();
  const { id } = await createUser(t.db, null, { email: "a@example.org", password: "a long enough password", role: "coordinator", organisationId: org!.id });
  orgA = { id, email: "a@example.org", name: "", role: "coordinator", organisation: "Org A" };
  for (const level of ["log", "info", "warn", "error"] as const) {
    const original = console[level].bind(console);
    console[level] = (...args: unknown[]) => {
      logged.push(args.map(String).join(" "));
      original(...args);
    };
  }
});
afterAll(async () => {
  await boss?.stop({ graceful: false, wait: true });
  await t?.drop();
});
beforeEach(async () => {
  sent.length = 0;
  failNext = null;
  await t.db.delete(messageOutbox).where(isNotNull(messageOutbox.id));
  await t.db.execute(sql`delete from pgboss.job`);
  await t.db.delete(requestDialogues).where(isNotNull(requestDialogues.addressHash));
});

const telegram = (chat: string, text: string, hint: string | null = "uk") => answerResident(t.db, { channel: "telegram", address: chat, text, languageHint: hint });
const sms = (from: string, text: string) => answerResident(t.db, { channel: "sms", address: from, text, languageHint: null });

async function runDue(now = new Date()) {
  const outcomes: string[] = [];
  for (;;) {
    const job = (await boss.fetch<DeliveryJob>(DELIVERY_QUEUE))?.[0];
    if (!job) return outcomes;
    try {
      outcomes.push(await deliver(t.db, boss, { target: job.data.target, jobId: job.id, keys: getSubscriberKeys(), senders, now }));
      await boss.complete(DELIVERY_QUEUE, job.id);
    } catch (error) {
      outcomes.push("failed");
      await boss.fail(DELIVERY_QUEUE, job.id, error as object);
    }
  }
}

async function requestByCode(code: string) {
  const [row] = await t.db.select().from(transportRequests).where(eq(transportRequests.referenceCode, code));
  return row!;
}

async function adminUser(): Promise<SessionUser> {
  const email = `admin-${crypto.randomUUID().slice(0, 8)}@example.org`;
  const { id } = await createUser(t.db, null, { email, password: "a long enough password", role: "admin" });
  return { id, email, name: "", role: "admin", organisation: "" };
}

const codeIn = (text: string) => /[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(text)![0];

/** The whole bot conversation of a daughter registering her bedridden mother; returns the reference code. */
async function evacuateByTelegram(chat: string, hint = "uk", address = "вул. Тиха 7, кв 3") {
  const answers = ["/evacuate", "Лисичанськ", "Галина", "ev:1", "0", "ev:bedridden", "ev:no", "ev:oxygen", "ev:done", "Концентратор кисню", address, "050 123 45 67", "ev:relative"];
  for (const answer of answers) await telegram(chat, answer, hint);
  const done = await telegram(chat, "ev:yes", hint);
  if (!/[0-9A-Z]{4}-[0-9A-Z]{4}/.test(done.text)) throw new Error(`no code in: ${done.text}`);
  return codeIn(done.text);
}

describe("/evacuate in the bot", () => {
  it("asks one question at a time in the resident's language, keeps the answers sealed in the database, and ends with the reference code", async () => {
    const first = await telegram("5001", "/evacuate", "uk");
    expect(first.text).toMatch(/З якого населеного пункту/);
    await telegram("5001", "Лисичанськ");
    // What the dialogue holds is sealed: the name is nowhere in clear.
    await telegram("5001", "Галина Тест-Q7");
    const [dialogue] = await t.db.select().from(requestDialogues);
    expect(dialogue).toMatchObject({ channel: "telegram", step: "people", locale: "uk" });
    // Cyrillic is never part of a base64 value by chance, as a two-letter marker like "Q7" can be.
    expect(JSON.stringify(dialogue)).not.toContain("Галина");
    expect(JSON.stringify(dialogue)).not.toContain("5001");

    const mobility = await (async () => {
      await telegram("5001", "ev:2");
      return telegram("5001", "1");
    })();
    expect(mobility.text).toMatch(/Чи можуть вони ходити/);
    expect(mobility.choices.map((c) => c.label)).toContain("Лежача людина (ноші)");
    for (const answer of ["ev:bedridden", "ev:yes", "ev:oxygen", "ev:done", "-", "вул. Тиха 7-Q7", "-"]) await telegram("5001", answer);
    const consent = await telegram("5001", "ev:relative");
    expect(consent.text).toMatch(/Ви згодні\?/);
    expect(consent.text).toContain("Лисичанськ");
    const done = await telegram("5001", "ev:yes");
    expect(done.text).toMatch(/^Запит зареєстровано\. Ваш код: [0-9A-Z]{4}-[0-9A-Z]{4}/);

    const request = await requestByCode(codeIn(done.text));
    expect(request).toMatchObject({ status: "new", peopleCount: 2, childrenCount: 1, mobility: "bedridden", pets: true, medicalNeeds: ["oxygen"], locale: "uk", consentLocale: "uk", requesterKind: "relative", unknownFields: [] });
    expect(request.consentedAt).not.toBeNull();
    expect(openTransportRequestPersonal(getTransportRequestKeys(), request.personalSealed!)).toMatchObject({ name: "Галина Тест-Q7", telegram: "5001", phone: "", address: "вул. Тиха 7-Q7" });
    expect(await t.db.select({ n: count() }).from(requestDialogues)).toEqual([{ n: 0 }]);
  });

  it("carries on after a restart or on another instance (the state is the database's), and an answer read before another was stored cannot move it on", async () => {
    await telegram("5002", "/evacuate Lysychansk", "en");
    // A new process has no memory of this chat: only the row says where it is.
    const globals = globalThis as unknown as { corridorTransportRequestKeys?: unknown };
    globals.corridorTransportRequestKeys = undefined;
    const next = await telegram("5002", "Olena", "en");
    expect(next.text).toMatch(/How many people need transport\?/);
    // Another instance that read the question before this answer was stored cannot move it on again.
    const [read] = await t.db.select().from(requestDialogues);
    expect((await telegram("5002", "2", "en")).text).toMatch(/How many of them are children\?/);
    const key = { channel: "telegram" as const, addressHash: read!.addressHash };
    expect(await saveRequestDialogue(t.db, key, { step: "children", draftSealed: read!.draftSealed, locale: "en", baseVersion: read!.version })).toBe(false);
    expect(await deleteRequestDialogue(t.db, key, read!.version)).toBe(false);
    expect((await t.db.select().from(requestDialogues))[0]).toMatchObject({ step: "children", version: read!.version + 1 });
  });

  it("is reached by the town's emergency purge, with the requests made there: nothing of the requester is left in any table", async () => {
    const admin = await adminUser();
    // A daughter's finished request, and another chat's questions half answered, in one town;
    // a third chat asking for another town is not touched.
    const code = await evacuateByTelegram("5010", "uk", "вул. Тиха 7, кв 3");
    await telegram("5011", "/evacuate Лисичанськ", "uk");
    await telegram("5011", "Оксана Дніпрова", "uk");
    await telegram("5012", "/evacuate Сєвєродонецьк", "uk");
    const dialogues = await t.db.select().from(requestDialogues);
    expect(dialogues).toHaveLength(2);
    const sealedBefore = [...dialogues.map((d) => d.draftSealed), (await requestByCode(code)).personalSealed!];

    expect(await purgeTownTransportRequests(t.db, admin, { townSlug: "lysychansk", confirmTownSlug: "lysychansk" })).toMatchObject({ purged: expect.any(Number) });
    const left = await t.db.select().from(requestDialogues);
    const [lysychansk] = await t.db.select({ id: towns.id }).from(towns).where(eq(towns.slug, "lysychansk"));
    expect(dialogues.map((d) => d.townId === lysychansk!.id)).toContain(true);
    expect(left).toHaveLength(1);
    expect(left[0]!.townId).not.toBe(lysychansk!.id);
    const purgedSealed = sealedBefore.filter((s) => s !== left[0]!.draftSealed);
    expect(purgedSealed).toHaveLength(2);
    const dump = await wholeDatabaseText(t.db);
    for (const value of ["Галина", "Оксана", "Дніпрова", "Тиха", "Концентратор", "+380501234567", ...purgedSealed]) expect(dump.includes(value), value).toBe(false);
    // The half-answered questions are gone: the next answer finds no form under way.
    expect((await telegram("5011", "ev:1", "uk")).text).toMatch(/форм/i);
  });

  it("says in a town's answer how to ask for transport and how many wait there, counts only", async () => {
    const count = async () => (await listTransportRequestPool(t.db, orgA, { townSlug: "kreminna" })).length;
    await createTransportRequest(t.db, null, { channel: "web", facts: { townSlug: "kreminna", peopleCount: 1, childrenCount: 0, mobility: "walks", pets: false, medicalNeeds: [], locale: "en", requesterKind: "self", consentLocale: "en" }, sealed: sealTransportRequestPersonal(getTransportRequestKeys(), { name: "Оксана Кремінна", phone: "+380501239876", telegram: "", address: "вул. Лісова 1", point: null, medicalNote: "", noContactReason: "" }) });
    const open = await count();
    const answer = (await telegram("5020", "Kreminna", "en")).text;
    expect(answer).toContain("/evacuate kreminna");
    expect(answer).toContain(`Waiting for transport here: ${open} request${open === 1 ? "" : "s"}`);
    expect(answer).not.toMatch(/Оксана|Лісова|501239876/);
    // The SMS answer has no segment to spare: the route status only.
    expect((await sms("+380671112255", "Kreminna")).text).not.toContain("EVAC");
  });

  it("is cancelled at any step, storing nothing, and a stale button says the form has ended", async () => {
    const before = await t.db.select({ n: count() }).from(transportRequests);
    await telegram("5003", "/evacuate", "ru");
    await telegram("5003", "Лисичанск");
    expect((await telegram("5003", "/cancel")).text).toBe("Отменено. Ничего не сохранено.");
    expect(await t.db.select({ n: count() }).from(requestDialogues)).toEqual([{ n: 0 }]);
    expect(await t.db.select({ n: count() }).from(transportRequests)).toEqual(before);
    expect((await telegram("5003", "ev:walks", "ru")).text).toMatch(/форма уже закрыта/);
    // Other commands still work in the middle of the questions, and the questions wait.
    await telegram("5003", "/evacuate", "ru");
    expect((await telegram("5003", "/help", "ru")).text).not.toMatch(/населённого пункта/);
    expect((await telegram("5003", "Лисичанск", "ru")).text).toMatch(/Кого спросить водителю/);
  });

  it("withdraws by reference code, erasing the details at once", async () => {
    const code = await evacuateByTelegram("5004", "en");
    expect((await telegram("5004", `/withdraw ${code.toLowerCase().replace("-", " ")}`, "en")).text).toBe(`Request ${code} withdrawn; its details are deleted.`);
    expect(await requestByCode(code)).toMatchObject({ status: "cancelled", personalSealed: null, telegramHash: null, addressTokenHashes: null });
    expect((await telegram("5004", "/withdraw ZZZZ-ZZZZ", "en")).text).toMatch(/No request with code “ZZZZ-ZZZZ”/);
    expect((await telegram("5004", "/withdraw", "en")).text).toMatch(/\/withdraw K7M4-QX2D/);
  });

  it("withdraws every request from the chat on /stop", async () => {
    const code = await evacuateByTelegram("5005", "uk");
    const stopped = await telegram("5005", "/stop");
    expect(stopped.text).toContain(`Запит ${code} відкликано`);
    expect(await requestByCode(code)).toMatchObject({ status: "cancelled", personalSealed: null });
  });
});

describe("the SMS keyword", () => {
  it("asks for consent in one segment, then stores a call-back request with the rest unknown and answers its code", async () => {
    const consent = await sms("+380671112233", "ЕВАК Лисичанськ");
    expect(consent.text).toMatch(/Згодні\? Надішліть ТАК/);
    expect(smsSegments(consent.text).segments).toBe(1);
    const done = await sms("+380671112233", "так");
    expect(done.text).toMatch(/^Прийнято, код [0-9A-Z]{4}-[0-9A-Z]{4}\. Вам передзвонять\.$/);
    expect(smsSegments(done.text).segments).toBe(1);
    const request = await requestByCode(codeIn(done.text));
    expect(request).toMatchObject({ locale: "uk", consentLocale: "uk", requesterKind: "self", unknownFields: ["peopleCount", "childrenCount", "mobility", "pets", "medicalNeeds", "address"] });
    expect(openTransportRequestPersonal(getTransportRequestKeys(), request.personalSealed!)).toMatchObject({ phone: "+380671112233", telegram: "", address: "" });
    const pooled = (await listTransportRequestPool(t.db, orgA, { townSlug: "lysychansk" })).find((r) => r.id === request.id)!;
    expect(pooled.unknownFields).toContain("mobility");

    for (const [keyword, reply] of [
      ["ЭВАК Лисичанск", /Согласны\? Отправьте ДА/],
      ["EVAC Lysychansk", /Agree\? Send YES/],
    ] as const) {
      const text = (await sms("+380671112299", keyword)).text;
      expect(text).toMatch(reply);
      expect(smsSegments(text).segments).toBe(1);
      await sms("+380671112299", "/cancel");
    }
  });

  it("answers an unknown town or a missing one with how to ask, storing nothing", async () => {
    const before = await t.db.select({ n: count() }).from(transportRequests);
    const dialoguesBefore = await t.db.select({ n: count() }).from(requestDialogues);
    expect((await sms("+380671112244", "EVAC")).text).toMatch(/^Which town\? Send EVAC and the town/);
    expect((await sms("+380671112244", "EVAC Atlantis")).text).toMatch(/No town called “Atlantis” found/);
    expect(await t.db.select({ n: count() }).from(requestDialogues)).toEqual(dialoguesBefore);
    expect(await t.db.select({ n: count() }).from(transportRequests)).toEqual(before);
  });

  it("withdraws by WITHDRAW and the code, and by STOP", async () => {
    await sms("+380671112255", "ЕВАК Лисичанськ");
    const code = codeIn((await sms("+380671112255", "ТАК")).text);
    expect((await sms("+380671112255", `ВІДКЛИКАТИ ${code}`)).text).toBe(`Запит ${code} відкликано, дані видалено.`);
    expect(await requestByCode(code)).toMatchObject({ status: "cancelled", personalSealed: null, phoneHash: null });
    await sms("+380671112255", "ЕВАК Лисичанськ");
    const second = codeIn((await sms("+380671112255", "ТАК")).text);
    expect((await sms("+380671112255", "STOP")).text).toContain(second);
    expect(await requestByCode(second)).toMatchObject({ status: "cancelled", personalSealed: null });
  });
  it("on STOP withdraws only what was asked by SMS from the number; a request filed elsewhere naming it stays open and is no longer told by SMS", async () => {
    const phone = "+380671112277";
    const keys = getTransportRequestKeys();
    // The daughter filed for her mother on the web with her own number, once with her Telegram chat too.
    const web = (telegram: string, address: string) =>
      createTransportRequest(t.db, null, {
        channel: "web",
        facts: { townSlug: "lysychansk", peopleCount: 1, childrenCount: 0, mobility: "bedridden", pets: false, medicalNeeds: [], locale: "uk", requesterKind: "relative", consentLocale: "uk" },
        sealed: sealTransportRequestPersonal(keys, { name: "Ніна", phone, telegram, address, point: null, medicalNote: "", noContactReason: "" }),
      });
    const mother = await web("", "вул. Верхня 12");
    const withChat = await web("7007", "вул. Нижня 40");
    await sms(phone, "EVAC Lysychansk");
    const own = codeIn((await sms(phone, "YES")).text);
    expect((await requestByCode(own)).channel).toBe("sms");

    const stopped = (await sms(phone, "STOP")).text;
    expect(stopped).toContain(own);
    expect(stopped).not.toContain(mother.referenceCode);
    expect(await requestByCode(own)).toMatchObject({ status: "cancelled", personalSealed: null, phoneHash: null });
    for (const kept of [mother, withChat]) {
      const row = await requestByCode(kept.referenceCode);
      expect(row).toMatchObject({ channel: "web", status: "new", personalErasedAt: null, telegramRefusedAt: null });
      expect(row.personalSealed).not.toBeNull();
      expect(row.smsRefusedAt).not.toBeNull();
      // The coordinator sees where it was asked and that SMS updates were refused.
      expect(await getPoolTransportRequest(t.db, orgA, { id: kept.id })).toMatchObject({ channel: "web", updatesRefused: ["sms"] });
    }
    expect(await getPoolTransportRequest(t.db, orgA, { id: (await requestByCode(own)).id })).toMatchObject({ channel: "sms", updatesRefused: [] });

    // Claimed afterwards: the request reachable only by that number is told nothing, and nothing
    // stays queued for it; the one with a Telegram chat is still told there.
    await claimTransportRequest(t.db, orgA, { id: mother.id });
    await claimTransportRequest(t.db, orgA, { id: withChat.id });
    await relayOutbox(t.db, boss);
    expect((await runDue()).sort()).toEqual(["nothing", "sent"]);
    expect(sent).toEqual([{ channel: "telegram", address: "7007", text: `Запит ${withChat.referenceCode}: організація взяла його і зв’яжеться з вами.` }]);
    expect(await t.db.select({ n: count() }).from(messagePending)).toEqual([{ n: 0 }]);
    expect(await runDue()).toEqual([]);
  });
});

describe("the requester is told each step", () => {
  it("in one SMS segment, whatever the step and language", () => {
    for (const locale of ["uk", "ru", "en"] as const) {
      for (const update of ["taken", "contacted", "scheduled", "evacuated", "could_not_reach", "declined", "duplicate", "cancelled"] as const) {
        expect(smsSegments(requesterUpdateText(locale, update, "K7M4-QX2D")).segments, `${locale} ${update}`).toBe(1);
      }
    }
  });

  it("by the channel they used, in their language, once per change, with nothing but the code and the step", async () => {
    const code = await evacuateByTelegram("6001", "uk");
    await sms("+380671113300", "EVAC Lysychansk");
    const smsCode = codeIn((await sms("+380671113300", "YES")).text);
    const request = await requestByCode(code);
    const smsRequest = await requestByCode(smsCode);
    // Made by the resident: nothing to tell yet.
    expect(await relayOutbox(t.db, boss)).toBe(0);

    let { version } = await claimTransportRequest(t.db, orgA, { id: request.id });
    const smsClaim = await claimTransportRequest(t.db, orgA, { id: smsRequest.id });
    await relayOutbox(t.db, boss);
    expect(await runDue()).toEqual(["sent", "sent"]);
    expect([...sent].sort((a, b) => b.channel.localeCompare(a.channel))).toEqual([
      { channel: "telegram", address: "6001", text: `Запит ${code}: організація взяла його і зв’яжеться з вами.` },
      { channel: "sms", address: "+380671113300", text: `Request ${smsCode}: an organisation has taken it and will contact you.` },
    ]);
    sent.length = 0;

    for (const status of ["contacted", "scheduled", "evacuated"] as const) {
      ({ version } = await changeTransportRequestStatus(t.db, orgA, { id: request.id, baseVersion: version, status }));
      await relayOutbox(t.db, boss);
      await runDue();
    }
    expect(sent.map((s) => s.text)).toEqual([
      `Запит ${code}: ви на зв’язку з екіпажем.`,
      `Запит ${code}: транспорт заплановано. Чекайте дзвінка.`,
      `Запит ${code}: виконано, вас забрали. Бережіть себе.`,
    ]);
    // Exactly once: nothing left pending, no job left, and running again sends nothing.
    expect(await runDue()).toEqual([]);
    expect(await t.db.select({ n: count() }).from(messagePending)).toEqual([{ n: 0 }]);

    // A 429 defers the message, it is not lost; an SMS request closed as could-not-reach is told so.
    failNext = new RetryLaterError(1);
    await changeTransportRequestStatus(t.db, orgA, { id: smsRequest.id, baseVersion: smsClaim.version, status: "could_not_reach" });
    await relayOutbox(t.db, boss);
    expect(await runDue()).toEqual(["deferred"]);
    await t.db.execute(sql`update pgboss.job set start_after = now() - interval '1 second' where name = ${DELIVERY_QUEUE}`);
    expect(await runDue()).toEqual(["sent"]);
    expect(sent.at(-1)).toEqual({ channel: "sms", address: "+380671113300", text: `Request ${smsCode}: the crew could not reach you.` });

    // No address, chat id or phone in any job, pending row or log line.
    const jobs = JSON.stringify(rowsOf(await t.db.execute(sql`select data, output from pgboss.job`)));
    for (const value of ["6001", "380671113300", "Тиха"]) {
      expect(jobs).not.toContain(value);
      expect(logged.join("\n")).not.toContain(value);
    }
  });

  it("tells a requester put on a run its reference, window, place and what to bring; again when it moves, boards or is cancelled", async () => {
    const code = await evacuateByTelegram("6010", "uk");
    const request = await requestByCode(code);
    await claimTransportRequest(t.db, orgA, { id: request.id });
    const from = new Date("2026-12-08T07:00:00Z");
    const input = {
      vehicle: "van" as const,
      seats: 2,
      wheelchairPlaces: 0,
      stretcherPlaces: 1,
      petsAllowed: false,
      routeId: null,
      townSlug: "lysychansk",
      departsFrom: from,
      departsUntil: new Date(from.getTime() + 2 * 60 * 60 * 1000),
      assemblyPoint: { uk: "", ru: "", en: "" },
      destinationTownSlug: "dnipro",
      receptionPointId: null,
      crewContactSealed: null,
    };
    const run = await createTransportRun(t.db, orgA, { input });
    await relayOutbox(t.db, boss);
    await runDue();
    sent.length = 0;
    await assignRequestToRun(t.db, orgA, { runId: run.id, requestId: request.id });
    await relayOutbox(t.db, boss);
    expect(await runDue()).toEqual(["sent"]);
    // Kyiv time: 07:00 UTC is 09:00 in December.
    expect(sent).toEqual([{ channel: "telegram", address: "6010", text: expect.stringMatching(new RegExp(`^Запит ${code}: транспорт ${run.referenceCode} заплановано для вас 8 груд\\.? 2026 р\\.?, 09:00–11:00 \\(за Києвом\\), заберуть за вашою адресою\\. Візьміть документи`)) }]);
    sent.length = 0;

    const moved = await rescheduleTransportRun(t.db, orgA, { id: run.id, baseVersion: 1, departsFrom: new Date(from.getTime() + 60 * 60 * 1000), departsUntil: new Date(from.getTime() + 3 * 60 * 60 * 1000), assemblyPoint: { uk: "Школа №5", ru: "", en: "" } });
    await relayOutbox(t.db, boss);
    await runDue();
    expect(sent.map((m) => m.text)).toEqual([expect.stringContaining("10:00–12:00 (за Києвом), Школа №5.")]);
    sent.length = 0;

    const boarding = await changeTransportRunStatus(t.db, orgA, { id: run.id, baseVersion: moved.version, status: "boarding" });
    await relayOutbox(t.db, boss);
    await runDue();
    expect(sent.map((m) => m.text)).toEqual([expect.stringContaining(`транспорт ${run.referenceCode} уже забирає людей`)]);
    sent.length = 0;

    await changeTransportRunStatus(t.db, orgA, { id: run.id, baseVersion: boarding.version, status: "cancelled" });
    await relayOutbox(t.db, boss);
    await runDue();
    expect(sent.map((m) => m.text)).toEqual([`Запит ${code}: транспорт ${run.referenceCode} скасовано. Організація зв’яжеться з вами щодо нового часу.`]);
    sent.length = 0;

    // Put on another run and taken off it: told so, once.
    const second = await createTransportRun(t.db, orgA, { input });
    await assignRequestToRun(t.db, orgA, { runId: second.id, requestId: request.id });
    await relayOutbox(t.db, boss);
    await runDue();
    sent.length = 0;
    await removeRequestFromRun(t.db, orgA, { requestId: request.id });
    await relayOutbox(t.db, boss);
    await runDue();
    expect(sent.map((m) => m.text)).toEqual([`Запит ${code}: вас більше немає в транспорті ${second.referenceCode}. Організація зв’яжеться з вами.`]);
  });

  it("fits the run's messages in three SMS segments in every language", () => {
    const run = { referenceCode: "R-K7M4QX", status: "planned" as const, departsFrom: new Date("2026-12-08T07:00:00Z"), departsUntil: new Date("2026-12-08T09:00:00Z"), doorToDoor: false, assemblyPoint: { uk: "Площа біля школи №5, вул. Миру 12", ru: "Площадь у школы №5, ул. Мира 12", en: "Square by school 5, Myru St 12" }, outcome: null, endReason: null };
    for (const locale of ["uk", "ru", "en"] as const) {
      for (const update of ["planned", "boarding", "cancelled", "removed"] as const) {
        expect(smsSegments(requesterRunText(locale, update, "K7M4-QX2D", run)).segments, `${locale} ${update}`).toBeLessThanOrEqual(3);
      }
    }
  });

  it("tells a merged duplicate once, and a blocked bot loses the news but keeps the request", async () => {
    const keep = await requestByCode(await evacuateByTelegram("6002", "en", "Lysychna street 40, flat 2"));
    const dupCode = await evacuateByTelegram("6003", "en", "Lysychna 40/2");
    const dup = await requestByCode(dupCode);
    // A similar address in the same town: flagged, found by keyed hashes, nothing opened.
    expect(dup.possibleDuplicateOfId).toBe(keep.id);
    expect(keep.possibleDuplicateOfId).toBeNull();
    const { version } = await claimTransportRequest(t.db, orgA, { id: dup.id });
    await mergeTransportRequests(t.db, orgA, { duplicateId: dup.id, baseVersion: version, intoId: keep.id });
    await relayOutbox(t.db, boss);
    // One message for the duplicate (claimed and merged within the minute: told as it stands), none for the other.
    expect(await runDue()).toEqual(["sent"]);
    expect(sent).toEqual([{ channel: "telegram", address: "6003", text: `Request ${dupCode}: joined with another request for the same people.` }]);

    failNext = new RecipientGoneError("Forbidden: bot was blocked by the user");
    await claimTransportRequest(t.db, orgA, { id: keep.id });
    await relayOutbox(t.db, boss);
    expect(await runDue()).toEqual(["recipientGone"]);
    expect((await t.db.select({ s: transportRequests.status }).from(transportRequests).where(eq(transportRequests.id, keep.id)))[0]!.s).toBe("new");
    expect(await t.db.select({ n: count() }).from(messagePending)).toEqual([{ n: 0 }]);
  });

  it("sends nothing for a rolled-back change, and nothing once the details are erased", async () => {
    const code = await evacuateByTelegram("6004", "en");
    const request = await requestByCode(code);
    await t.db
      .transaction(async (tx) => {
        await tx.insert(transportRequestEvents).values({ requestId: request.id, kind: "claimed", requestVersion: 1 });
        throw new Error("rolled back");
      })
      .catch(() => {});
    expect(await relayOutbox(t.db, boss)).toBe(0);

    await claimTransportRequest(t.db, orgA, { id: request.id });
    await telegram("6004", `/withdraw ${code}`, "en");
    await relayOutbox(t.db, boss);
    expect(await runDue()).toEqual(["nothing"]);
    expect(sent).toEqual([]);
  });

  it("flags no duplicate for a different address or another town, and the same street written in another script as one", async () => {
    const keys = getTransportRequestKeys();
    const make = (townSlug: string, address: string, phone: string) =>
      createTransportRequest(t.db, null, { channel: "web",
        facts: { townSlug, peopleCount: 1, childrenCount: 0, mobility: "walks", pets: false, medicalNeeds: [], locale: "en", requesterKind: "self", consentLocale: "en" },
        sealed: sealTransportRequestPersonal(keys, { name: "", phone, telegram: "", address, point: null, medicalNote: "", noContactReason: "" }),
      });
    const a = await make("hirske", "Shkilna 5", "+380671114400");
    const b = await make("hirske", "Sadova 9", "+380671114401");
    const c = await make("lysychansk", "Shkilna 5", "+380671114402");
    const d = await make("hirske", "вул. Шкільна 5", "+380671114403");
    const e = await make("hirske", "Shkilna street 5", "+380671114404");
    const byId = async (id: string) => (await t.db.select({ p: transportRequests.possibleDuplicateOfId }).from(transportRequests).where(eq(transportRequests.id, id)))[0]!.p;
    expect(await byId(b.id)).toBeNull();
    expect(await byId(c.id)).toBeNull();
    // A relative abroad types the street in Latin letters, the mother's neighbour in Cyrillic: one address.
    expect(await byId(d.id)).toBe(a.id);
    expect(await byId(e.id)).toBe(a.id);
  });
});
