import { count, sql } from "drizzle-orm";
import type { PgInsertValue, PgTable } from "drizzle-orm/pg-core";
import type { SubscriberKeys } from "@/lib/sealing";
import type { Db } from "./client";
import { auditLog } from "./schema/audit";
import { agreementParties, agreementRoutes, agreementSources, corridorAgreements } from "./schema/agreements";
import { incidentRevisions, incidentRoutes, incidents, incidentSources } from "./schema/incidents";
import { messageOutbox, messagingState, subscribers, subscriptions } from "./schema/messaging";
import { areaNotices, hromadas, oblasts, towns } from "./schema/places";
import { routes, routeStatusEvents } from "./schema/routes";
import { sources } from "./schema/sources";
import { scenarioId } from "./scenario/ids";
import { generateNationalScenario, type ScaleName } from "./scenario/national";

export type NationalSeedOptions = {
  scale: ScaleName;
  /** The same seed (and clock) gives the same rows. */
  seed: number;
  now?: Date;
  /** The configured SUBSCRIBER_KEY's keys: subscribers are sealed exactly as the webhooks seal them. */
  keys: SubscriberKeys;
};

export type NationalSeedResult = { scale: ScaleName; rows: Record<string, number> };

/** Rows per INSERT: well under PostgreSQL's 65,535 bound parameters for the widest table here. */
const BATCH = 1_000;

/**
 * Fills an empty database with a national data set (db/scenario/national.ts) in one transaction,
 * by multi-row INSERTs. Refuses a database that already has towns: the set is for measuring and
 * testing, and mixing it into real or demo data would make both meaningless.
 */
export async function seedNationalScenario(db: Db, options: NationalSeedOptions): Promise<NationalSeedResult> {
  const { scale, seed, keys } = options;
  const now = options.now ?? new Date();
  const data = generateNationalScenario(scale, seed, now);
  const id = (key: string) => scenarioId(`national:${seed}:${key}`);
  const townId = (slug: string) => id(`town:${slug}`);
  const routeId = (slug: string) => id(`route:${slug}`);
  const sourceId = (key: number) => id(`source:${key}`);
  const rows: Record<string, number> = {};
  // Places and sources exist from the start of the history, so "changed since" means what it says.
  const start = data.historyStart;
  const since = { createdAt: start, updatedAt: start };

  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ n: count() }).from(towns);
    if (existing!.n > 0) throw new Error("the database already has towns; the scale scenario fills an empty database only");
    // Only the outbox rows this load makes are dropped at the end: a loaded history is not news.
    const [outboxBefore] = await tx.select({ max: sql<number | null>`max(${messageOutbox.id})` }).from(messageOutbox);

    const insert = async <T extends PgTable>(name: string, table: T, values: PgInsertValue<T>[]) => {
      for (let i = 0; i < values.length; i += BATCH) await tx.insert(table).values(values.slice(i, i + BATCH));
      rows[name] = (rows[name] ?? 0) + values.length;
    };

    await insert("sources", sources, data.sources.map((s) => ({ id: sourceId(s.key), kind: s.kind, outlet: s.outlet, publishedAt: s.publishedAt, createdAt: start })));
    await insert("oblasts", oblasts, data.oblasts.map((o) => ({ id: id(`oblast:${o.slug}`), slug: o.slug, nameUk: o.nameUk, nameRu: o.nameRu, nameEn: o.nameEn, pcode: o.pcode, createdAt: start })));
    await insert(
      "hromadas",
      hromadas,
      data.hromadas.map((h) => ({ id: id(`hromada:${h.key}`), oblastId: id(`oblast:${h.oblast}`), nameUk: h.nameUk, nameRu: h.nameRu, nameEn: h.nameEn, pcode: h.pcode, createdAt: start })),
    );
    await insert(
      "towns",
      towns,
      data.towns.map((t) => ({
        id: townId(t.slug),
        slug: t.slug,
        nameUk: t.nameUk,
        nameRu: t.nameRu,
        nameEn: t.nameEn,
        aliases: t.aliases,
        oblastId: id(`oblast:${t.oblast}`),
        hromadaId: id(`hromada:${t.hromada}`),
        pcode: t.pcode,
        lat: t.lat,
        lon: t.lon,
        ...since,
      })),
    );

    await insert(
      "routes",
      routes,
      data.routes.map((r) => {
        const last = r.events.at(-1)!;
        return {
          id: routeId(r.slug),
          slug: r.slug,
          originTownId: townId(r.origin),
          destinationTownId: townId(r.destination),
          waypoints: r.waypoints,
          mode: r.mode,
          organisation: r.organisation,
          freshnessWindowHours: r.freshnessWindowHours,
          status: last.status,
          statusReasonCodes: last.reasonCodes,
          statusConfirmedAt: last.confirmedAt,
          version: r.events.length,
          createdAt: r.events[0]!.confirmedAt,
          updatedAt: last.confirmedAt,
        };
      }),
    );
    await insert(
      "route_status_events",
      routeStatusEvents,
      data.routes.flatMap((r) =>
        r.events.map((e, n) => ({
          id: id(`status-event:${r.slug}:${n + 1}`),
          routeId: routeId(r.slug),
          kind: e.kind,
          status: e.status,
          reasonCodes: e.reasonCodes,
          sourceId: sourceId(e.source),
          confirmedAt: e.confirmedAt,
          routeVersion: n + 1,
          createdAt: e.confirmedAt,
        })),
      ),
    );

    const incidentId = (key: number) => id(`incident:${key}`);
    await insert(
      "incidents",
      incidents,
      data.incidents.map((i) => ({
        id: incidentId(i.key),
        category: i.category,
        occurredAt: i.occurredAt,
        reportedAt: i.reportedAt,
        townId: townId(i.town),
        lat: i.point?.lat ?? null,
        lon: i.point?.lon ?? null,
        geoPrecision: i.point ? ("near" as const) : ("place" as const),
        killed: i.killed,
        injured: i.injured,
        publicSummary: i.publicSummary,
        internalDescription: `Generated incident ${i.key}: internal notes would name witnesses here.`,
        verification: i.verification,
        visibility: i.visibility,
        createdAt: i.reportedAt,
        updatedAt: i.reportedAt,
      })),
    );
    await insert("incident_sources", incidentSources, data.incidents.map((i) => ({ incidentId: incidentId(i.key), sourceId: sourceId(i.source) })));
    await insert(
      "incident_routes",
      incidentRoutes,
      data.incidents.flatMap((i) => (i.route ? [{ incidentId: incidentId(i.key), routeId: routeId(i.route) }] : [])),
    );
    await insert(
      "incident_revisions",
      incidentRevisions,
      data.incidents.map((i) => ({
        id: id(`incident-revision:${i.key}:1`),
        incidentId: incidentId(i.key),
        revision: 1,
        action: "create",
        changes: { verification: { from: null, to: i.verification } },
        note: "Loaded from the scale scenario",
        changedAt: i.reportedAt,
      })),
    );

    const agreementId = (key: number) => id(`agreement:${key}`);
    await insert(
      "corridor_agreements",
      corridorAgreements,
      data.agreements.map((a) => ({ id: agreementId(a.key), title: a.title, state: a.state, windowStart: a.windowStart, windowEnd: a.windowEnd, createdAt: a.createdAt, updatedAt: a.createdAt })),
    );
    await insert(
      "agreement_parties",
      agreementParties,
      data.agreements.flatMap((a) => [
        { id: id(`party:${a.key}:a`), agreementId: agreementId(a.key), name: "Party A", role: "party_to_conflict" as const },
        { id: id(`party:${a.key}:b`), agreementId: agreementId(a.key), name: "Party B", role: "party_to_conflict" as const },
        { id: id(`party:${a.key}:broker`), agreementId: agreementId(a.key), name: "ICRC", role: "broker" as const },
      ]),
    );
    await insert("agreement_routes", agreementRoutes, data.agreements.map((a) => ({ agreementId: agreementId(a.key), routeId: routeId(a.route) })));
    await insert("agreement_sources", agreementSources, data.agreements.map((a) => ({ agreementId: agreementId(a.key), sourceId: sourceId(a.source) })));

    await insert(
      "area_notices",
      areaNotices,
      data.notices.map((n) => ({
        id: id(`notice:${n.key}`),
        townId: "town" in n.target ? townId(n.target.town) : null,
        oblastId: "oblast" in n.target ? id(`oblast:${n.target.oblast}`) : null,
        severity: n.severity,
        textUk: n.text.uk,
        textRu: n.text.ru,
        textEn: n.text.en,
        sourceId: sourceId(n.source),
        issuedAt: n.issuedAt,
        expiresAt: n.expiresAt,
        createdAt: n.issuedAt,
        updatedAt: n.issuedAt,
      })),
    );

    // Sealed and hashed by the same keys the webhooks use, and the key recorded as the worker
    // records it, so a server started with another SUBSCRIBER_KEY refuses, as it would in production.
    await tx.update(messagingState).set({ keyCheck: keys.check }).where(sql`${messagingState.keyCheck} is null`);
    const [state] = await tx.select({ keyCheck: messagingState.keyCheck }).from(messagingState);
    if (state?.keyCheck && state.keyCheck !== keys.check) throw new Error("SUBSCRIBER_KEY is not the key this database's subscribers are sealed with");
    const subscriberId = (key: number) => id(`subscriber:${key}`);
    await insert(
      "subscribers",
      subscribers,
      data.subscribers.map((s) => ({
        id: subscriberId(s.key),
        channel: s.channel,
        addressHash: keys.hash(s.channel, s.address),
        addressSealed: keys.seal(s.address),
        locale: s.locale,
        createdAt: s.lastActiveAt,
        lastActiveAt: s.lastActiveAt,
      })),
    );
    await insert(
      "subscriptions",
      subscriptions,
      data.subscribers.flatMap((s) => s.towns.map((t) => ({ subscriberId: subscriberId(s.key), townId: townId(t), createdAt: s.lastActiveAt }))),
    );

    await tx.delete(messageOutbox).where(sql`${messageOutbox.id} > ${outboxBefore?.max ?? 0}`);
    await tx.insert(auditLog).values({
      action: "scenario.seed",
      entityType: "scenario",
      entityId: `scale-${scale}`,
      after: sql`${JSON.stringify({ seed, rows })}::jsonb`,
    });
    return { scale, rows };
  });
}
