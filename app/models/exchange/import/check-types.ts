/**
 * What a kind's row check is (row-check.ts, row-check-network.ts) and what it may know of the
 * database: names resolved to ids, read once per file (import-context.server.ts). Pure types.
 */
import type { z } from "zod";
import type { CommunityNames } from "./community-names";
import type { RowInput } from "./row-input";

export interface CheckContext {
  /** Today in Beijing (YYYY-MM-DD): a window that already ended gets a note. */
  today: string;
  /** Names (normalised with normalizeName) → ids, for the columns that name a place or unit. */
  streetsByName?: Map<string, number>;
  districtsByName?: Map<string, number>;
  communitiesByName?: Map<string, number>;
  unitsByName?: Map<string, number>;
  /**
   * The communities a member may live in (the unit's district) or a grid may belong to (all), with
   * the names two communities share; absent, `communitiesByName` alone is used.
   */
  communities?: CommunityNames;
}

export interface KindCheck {
  schema: z.ZodTypeAny;
  /** Schema field → the column the user sees. */
  columns: Record<string, string>;
  /** Words of the schema's messages that differ from the column's name in the template. */
  renames?: [string, string][];
  input(row: RowInput, context: CheckContext): { input: Record<string, unknown>; suggestedCategory?: string };
}
