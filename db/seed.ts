import { sql } from "drizzle-orm";
import type { PgInsertValue, PgTable } from "drizzle-orm/pg-core";
import { hashPassword } from "@/lib/password";
import { nextWallClockTime } from "@/lib/local-time";
import type { Db } from "./client";
import { auditLog } from "./schema/audit";
import {
  agreementClaims,
  agreementParties,
  agreementRoutes,
  agreementSources,
  corridorAgreements,
} from "./schema/agreements";
import { incidentRevisions, incidentRoutes, incidents, incidentSources } from "./schema/incidents";
import { organisations } from "./schema/organisations";
import { receptionPointEvents, receptionPoints } from "./schema/reception-points";
import { areaNotices, oblasts, towns } from "./schema/places";
import { routes, routeStatusEvents } from "./schema/routes";
import { sources } from "./schema/sources";
import { users } from "./schema/users";
import { MARIUPOL_CORRIDOR } from "./scenario/agreements";
import { scenarioId } from "./scenario/ids";
import { DEMO_PASSWORD, DEMO_USERS, SCENARIO_INCIDENTS, SCENARIO_NOTICES } from "./scenario/incidents";
import { SCENARIO_ORGANISATIONS } from "./scenario/organisations";
import { SCENARIO_OBLASTS, SCENARIO_TOWNS } from "./scenario/places";
import { SCENARIO_RECEPTION_POINTS } from "./scenario/reception-points";
import { SCENARIO_ROUTES } from "./scenario/routes";
import { SCENARIO_SOURCES } from "./scenario/sources";

export type SeedOptions = {
  /** The scenario's clock: statuses are "confirmed minutes before" this instant. */
  now?: Date;
  /** Create admin@example.org and coordinator@example.org (password corridor-demo). Demo only. */
  demoUsers?: boolean;
};

export type SeedResult = { inserted: number };

/**
 * Loads the Luhansk 2022 scenario (shared/sources). Idempotent: rows have deterministic ids and
 * every insert is ON CONFLICT DO NOTHING, so a second run inserts nothing and changes nothing,
 * even with a later clock. All in one transaction: a failure leaves the database as it was.
 */
export async function seedScenario(db: Db, options: SeedOptions = {}): Promise<SeedResult> {
  const now = options.now ?? new Date();
  const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
  const demoHash = options.demoUsers ? await hashPassword(DEMO_PASSWORD) : null;

  return db.transaction(async (tx) => {
    let inserted = 0;
    /** Inserts the rows that do not exist yet (by primary key) and returns those it inserted. */
    const insertNew = async <T extends PgTable>(table: T, values: PgInsertValue<T>[]) => {
      if (values.length === 0) return [];
      const rows = await tx.insert(table).values(values).onConflictDoNothing().returning();
      inserted += rows.length;
      return rows;
    };

    await insertNew(
      organisations,
      SCENARIO_ORGANISATIONS.map(({ key, ...o }) => ({ id: scenarioId(`organisation:${key}`), ...o })),
    );

    if (demoHash) {
      await insertNew(
        users,
        DEMO_USERS.map(({ organisation, ...u }) => ({
          id: scenarioId(`user:${u.email}`),
          ...u,
          organisationId: scenarioId(`organisation:${organisation}`),
          passwordHash: demoHash,
          sessionsValidAfter: new Date(0),
        })),
      );
    }

    await insertNew(
      sources,
      SCENARIO_SOURCES.map((s) => ({
        id: scenarioId(`source:${s.key}`),
        kind: s.kind,
        outlet: s.outlet,
        title: s.title,
        archiveRef: s.archiveRef,
        publishedAt: ago(s.publishedMinutesAgo),
      })),
    );

    await insertNew(
      oblasts,
      SCENARIO_OBLASTS.map((o) => ({ id: scenarioId(`oblast:${o.slug}`), ...o })),
    );

    await insertNew(
      towns,
      SCENARIO_TOWNS.map(({ oblast, ...t }) => ({
        id: scenarioId(`town:${t.slug}`),
        ...t,
        oblastId: scenarioId(`oblast:${oblast}`),
      })),
    );

    await insertNew(
      areaNotices,
      SCENARIO_NOTICES.map((n) => ({
        id: scenarioId(`notice:${n.key}`),
        oblastId: scenarioId(`oblast:${n.oblast}`),
        severity: n.severity,
        textUk: n.textUk,
        textRu: n.textRu,
        textEn: n.textEn,
        sourceId: scenarioId(`source:${n.sourceKey}`),
        issuedAt: ago(n.issuedMinutesAgo),
      })),
    );

    const newRoutes = await insertNew(
      routes,
      SCENARIO_ROUTES.map((r) => ({
        id: scenarioId(`route:${r.slug}`),
        slug: r.slug,
        originTownId: scenarioId(`town:${r.origin}`),
        destinationTownId: scenarioId(`town:${r.destination}`),
        waypoints: r.waypoints,
        mode: r.mode,
        assemblyPoint: r.assemblyPoint,
        schedule: r.schedule,
        organisationId: scenarioId(`organisation:${r.organisation}`),
        status: r.status,
        statusReasonCodes: r.reasonCodes,
        statusReason: r.reason,
        statusConfirmedAt: ago(r.confirmedMinutesAgo),
      })),
    );
    // Status events only for routes created now, so their history starts with the seeded status.
    const newRouteIds = new Set(newRoutes.map((r) => r.id));
    const events = SCENARIO_ROUTES.filter((r) => newRouteIds.has(scenarioId(`route:${r.slug}`))).map((r) => ({
      id: scenarioId(`status-event:${r.slug}:1`),
      routeId: scenarioId(`route:${r.slug}`),
      kind: "update" as const,
      status: r.status,
      reasonCodes: r.reasonCodes,
      reason: r.reason,
      sourceId: scenarioId(`source:${r.sourceKey}`),
      confirmedAt: ago(r.confirmedMinutesAgo),
      routeVersion: 1,
    }));
    await insertNew(routeStatusEvents, events);

    const newPoints = await insertNew(
      receptionPoints,
      SCENARIO_RECEPTION_POINTS.map(({ key, town, organisation, confirmedMinutesAgo, ...p }) => ({
        id: scenarioId(`reception-point:${key}`),
        townId: scenarioId(`town:${town}`),
        organisationId: scenarioId(`organisation:${organisation}`),
        ...p,
        confirmedAt: ago(confirmedMinutesAgo),
        createdAt: ago(confirmedMinutesAgo),
        updatedAt: ago(confirmedMinutesAgo),
      })),
    );
    // History only for points created now, so it starts with the seeded counts.
    await insertNew(
      receptionPointEvents,
      newPoints.map((p) => ({ receptionPointId: p.id, kind: "created" as const, status: p.status, bedsTotal: p.bedsTotal, bedsAccessible: p.bedsAccessible, bedsFree: p.bedsFree, bedsAccessibleFree: p.bedsAccessibleFree, pointVersion: 1, at: p.updatedAt })),
    );

    const c = MARIUPOL_CORRIDOR;
    const agreementId = scenarioId(`agreement:${c.key}`);
    const windowStart = nextWallClockTime(now, c.startLocalHour, 0);
    const newAgreements = await insertNew(corridorAgreements, [
      {
        id: agreementId,
        title: c.title,
        state: "agreed",
        windowStart,
        windowEnd: new Date(windowStart.getTime() + c.durationHours * 3_600_000),
        terms: c.terms,
      },
    ]);
    if (newAgreements.length > 0) {
      await insertNew(
        agreementParties,
        c.parties.map(({ key, ...p }) => ({ id: scenarioId(`party:${c.key}:${key}`), agreementId, ...p })),
      );
      await insertNew(agreementRoutes, [{ agreementId, routeId: scenarioId(`route:${c.routeSlug}`) }]);
      await insertNew(
        agreementSources,
        c.sourceKeys.map((k) => ({ agreementId, sourceId: scenarioId(`source:${k}`) })),
      );
      await insertNew(
        agreementClaims,
        c.claims.map((cl) => ({
          id: scenarioId(`claim:${c.key}:${cl.key}`),
          agreementId,
          partyId: scenarioId(`party:${c.key}:${cl.party}`),
          claimant: cl.claimant,
          stance: cl.stance,
          statement: cl.statement,
          claimedAt: ago(cl.minutesAgo),
          sourceId: scenarioId(`source:${cl.sourceKey}`),
        })),
      );
    }

    for (const i of SCENARIO_INCIDENTS) {
      const incidentId = scenarioId(`incident:${i.key}`);
      const created = await insertNew(incidents, [
        {
          id: incidentId,
          category: i.category,
          occurredAt: ago(i.occurredMinutesAgo),
          occurredPrecision: i.occurredPrecision,
          reportedAt: ago(i.reportedMinutesAgo),
          townId: scenarioId(`town:${i.town}`),
          lat: i.point?.lat ?? null,
          lon: i.point?.lon ?? null,
          geoPrecision: i.geoPrecision,
          killed: i.killed,
          injured: i.injured,
          missing: i.missing,
          publicSummary: i.publicSummary,
          internalDescription: i.internalDescription,
          verification: i.verification,
          visibility: "public",
        },
      ]);
      if (created.length === 0) continue;
      await insertNew(
        incidentSources,
        i.sourceKeys.map((k) => ({ incidentId, sourceId: scenarioId(`source:${k}`) })),
      );
      await insertNew(
        incidentRoutes,
        i.routeSlugs.map((s) => ({ incidentId, routeId: scenarioId(`route:${s}`) })),
      );
      await insertNew(incidentRevisions, [
        {
          id: scenarioId(`incident-revision:${i.key}:1`),
          incidentId,
          revision: 1,
          action: "create",
          changes: { verification: { from: null, to: i.verification } },
          note: "Loaded from the demo scenario",
        },
      ]);
    }

    if (inserted > 0) {
      await tx.insert(auditLog).values({
        action: "scenario.seed",
        entityType: "scenario",
        entityId: "luhansk-2022",
        after: sql`${JSON.stringify({ inserted, demoUsers: Boolean(demoHash) })}::jsonb`,
      });
    }
    return { inserted };
  });
}
