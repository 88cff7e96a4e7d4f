/**
 * Who an export is for.
 * - partner (the default): safe to hand to a data partner or publish on HDX. The public API's
 *   incidents (public, not retracted as false), the public summary, positions rounded to about 1 km
 *   or the town's point; no internal description, reviewer, reporter or confirming user. Beyond
 *   the public API it lists sources, but names and links only published ones (agencies, official
 *   channels, media): eyewitness, field-report and other sources by their kind only.
 * - internal: everything an admin may read, for the organisation's own analysis: internal incidents,
 *   retracted ones, exact positions, internal descriptions, the reporting organisation (never a
 *   person's email).
 */
export const EXPORT_SCOPES = ["partner", "internal"] as const;
export type ExportScope = (typeof EXPORT_SCOPES)[number];
