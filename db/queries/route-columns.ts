import "server-only";
import { alias } from "drizzle-orm/pg-core";
import { towns } from "../schema/places";
import { routes } from "../schema/routes";

// The route columns every listing shows, with both towns' names. Public by construction: no
// internal field is in here, so internal listings add theirs explicitly on top.

export const originTown = alias(towns, "origin");
export const destinationTown = alias(towns, "destination");

const townName = (t: typeof originTown | typeof destinationTown) => ({ slug: t.slug, nameUk: t.nameUk, nameRu: t.nameRu, nameEn: t.nameEn });

export const routeListingColumns = {
  slug: routes.slug,
  mode: routes.mode,
  status: routes.status,
  statusReason: routes.statusReason,
  statusConfirmedAt: routes.statusConfirmedAt,
  freshnessWindowHours: routes.freshnessWindowHours,
  reviewFlaggedAt: routes.reviewFlaggedAt,
  origin: townName(originTown),
  destination: townName(destinationTown),
};
