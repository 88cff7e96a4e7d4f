/**
 * Whether a string is a UUID as PostgreSQL's uuid type reads it (any version, any case). Checked
 * before a query so a malformed id finds nothing instead of failing the query.
 */
export const UUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuidText = (value: string): boolean => UUID_TEXT.test(value);
