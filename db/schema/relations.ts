import { relations } from "drizzle-orm";
import { agreementClaims, agreementParties, agreementRoutes, corridorAgreements } from "./agreements";
import { incidentRevisions, incidentRoutes, incidents, incidentSources } from "./incidents";
import { areaNotices, oblasts, towns } from "./places";
import { routes, routeStatusEvents } from "./routes";
import { sources } from "./sources";

export const oblastsRelations = relations(oblasts, ({ many }) => ({ towns: many(towns) }));

export const townsRelations = relations(towns, ({ one, many }) => ({
  oblast: one(oblasts, { fields: [towns.oblastId], references: [oblasts.id] }),
  notices: many(areaNotices),
  routesOut: many(routes, { relationName: "origin" }),
}));

export const areaNoticesRelations = relations(areaNotices, ({ one }) => ({
  town: one(towns, { fields: [areaNotices.townId], references: [towns.id] }),
  oblast: one(oblasts, { fields: [areaNotices.oblastId], references: [oblasts.id] }),
  source: one(sources, { fields: [areaNotices.sourceId], references: [sources.id] }),
}));

export const routesRelations = relations(routes, ({ one, many }) => ({
  origin: one(towns, { fields: [routes.originTownId], references: [towns.id], relationName: "origin" }),
  destination: one(towns, { fields: [routes.destinationTownId], references: [towns.id] }),
  statusEvents: many(routeStatusEvents),
  agreements: many(agreementRoutes),
}));

export const routeStatusEventsRelations = relations(routeStatusEvents, ({ one }) => ({
  route: one(routes, { fields: [routeStatusEvents.routeId], references: [routes.id] }),
  source: one(sources, { fields: [routeStatusEvents.sourceId], references: [sources.id] }),
}));

export const corridorAgreementsRelations = relations(corridorAgreements, ({ many }) => ({
  parties: many(agreementParties),
  routes: many(agreementRoutes),
  claims: many(agreementClaims),
}));

export const agreementPartiesRelations = relations(agreementParties, ({ one }) => ({
  agreement: one(corridorAgreements, { fields: [agreementParties.agreementId], references: [corridorAgreements.id] }),
}));

export const agreementRoutesRelations = relations(agreementRoutes, ({ one }) => ({
  agreement: one(corridorAgreements, { fields: [agreementRoutes.agreementId], references: [corridorAgreements.id] }),
  route: one(routes, { fields: [agreementRoutes.routeId], references: [routes.id] }),
}));

export const agreementClaimsRelations = relations(agreementClaims, ({ one }) => ({
  agreement: one(corridorAgreements, { fields: [agreementClaims.agreementId], references: [corridorAgreements.id] }),
  party: one(agreementParties, { fields: [agreementClaims.partyId], references: [agreementParties.id] }),
  source: one(sources, { fields: [agreementClaims.sourceId], references: [sources.id] }),
}));

export const incidentsRelations = relations(incidents, ({ one, many }) => ({
  town: one(towns, { fields: [incidents.townId], references: [towns.id] }),
  sources: many(incidentSources),
  routes: many(incidentRoutes),
  revisions: many(incidentRevisions),
}));

export const incidentSourcesRelations = relations(incidentSources, ({ one }) => ({
  incident: one(incidents, { fields: [incidentSources.incidentId], references: [incidents.id] }),
  source: one(sources, { fields: [incidentSources.sourceId], references: [sources.id] }),
}));

export const incidentRoutesRelations = relations(incidentRoutes, ({ one }) => ({
  incident: one(incidents, { fields: [incidentRoutes.incidentId], references: [incidents.id] }),
  route: one(routes, { fields: [incidentRoutes.routeId], references: [routes.id] }),
}));

export const incidentRevisionsRelations = relations(incidentRevisions, ({ one }) => ({
  incident: one(incidents, { fields: [incidentRevisions.incidentId], references: [incidents.id] }),
}));
