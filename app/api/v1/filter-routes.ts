// The routes lists (routes, routes.geojson) are filtered and paged in SQL by db/public/routes.ts
// pagePublicRoutes; what is left here is the shape of their cursor.

/** Routes are paged by slug: unique, ASCII, and the same order in every language. */
export const ROUTE_CURSOR = ["string"] as const;
