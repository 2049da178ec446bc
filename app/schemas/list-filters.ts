import { z } from "zod";
import { CATEGORY_LABELS } from "#domain/taxonomy";

const optionalId = z.coerce.number().int().positive().optional().catch(undefined);

/** The filters a list shows in its filter form (as parsed, without the page). */
export interface ListFilterValues {
  q?: string;
  status?: string;
  category?: string;
  streetId?: number;
  communityId?: number;
  unitId?: number;
  /** Needs only: one grid of a community (decision 038). */
  gridId?: number;
}

/** Query-string filters of the needs and resources lists. Bad values are ignored, not errors. */
export function listFiltersSchema<S extends readonly [string, ...string[]]>(statuses: S) {
  return z.object({
    q: z.string().trim().max(100).optional().catch(undefined),
    status: z.enum(statuses).optional().catch(undefined),
    category: z
      .string()
      .refine((v) => (CATEGORY_LABELS as readonly string[]).includes(v))
      .optional()
      .catch(undefined),
    streetId: optionalId,
    communityId: optionalId,
    unitId: optionalId,
    gridId: optionalId,
    page: z.coerce.number().int().min(1).optional().catch(undefined),
  });
}

export function parseListFilters<S extends readonly [string, ...string[]]>(statuses: S, url: URL) {
  const raw = Object.fromEntries([...url.searchParams.entries()].filter(([, v]) => v !== ""));
  return listFiltersSchema(statuses).parse(raw);
}
