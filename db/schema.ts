// The whole data model, one file per domain under db/schema/. drizzle-kit reads this entry.
export * from "./schema/enums";
export * from "./schema/organisations";
export * from "./schema/users";
export * from "./schema/login-limits";
export * from "./schema/sources";
export * from "./schema/places";
export * from "./schema/routes";
export * from "./schema/agreements";
export * from "./schema/incidents";
export * from "./schema/audit";
export * from "./schema/messaging";
export * from "./schema/transport-requests";
export * from "./schema/transport-runs";
