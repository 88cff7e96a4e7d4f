import { z } from "zod";
import { searchText } from "@/lib/list-filters";

/** The audit log's filters, read from the URL; anything unrecognised is ignored. Dates are Kyiv days. */
export const auditFiltersSchema = z.object({
  actor: searchText(320),
  action: z.string().regex(/^[a-z_]+(\.[a-z_]+)*\.?$/).max(100).optional().catch(undefined),
  entityType: z.string().regex(/^[a-z_]{1,40}$/).optional().catch(undefined),
  entityId: z.string().trim().regex(/^[A-Za-z0-9._:@-]{1,200}$/).optional().catch(undefined),
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().catch(undefined),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined),
});

export type AuditFilterParams = z.output<typeof auditFiltersSchema>;
