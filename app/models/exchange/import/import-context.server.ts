/**
 * What the pure checking (check-rows.ts) needs from the database, and whose rows an import brings
 * in (docs/decisions/035-spreadsheet-import.md). The checks resolve names (所属街道, 所属社区, …)
 * through these maps; the owner decides which items an 编号 may update.
 */
import { asc } from "drizzle-orm";
import type { Writer } from "#db/client";
import { communities, districts, streets, units } from "#db/schema";
import type { ImportKind } from "#domain/vocabulary";
import { chinaToday } from "~/utils/china-time";
import { normalizeName, type CheckContext } from "./check-rows";

/** Whose rows these are: a community's needs, a unit's resources, or the platform's (admin kinds). */
export type ImportOwner =
  | { kind: "needs"; communityId: number }
  | { kind: "resources"; unitId: number }
  | { kind: "units" | "streets" | "communities" | "accounts"; defaultStreetId?: number | null };

/** The kinds each role imports: the rule every loader, action and the job itself enforce. */
export const IMPORT_KINDS_OF_ROLE: Record<string, readonly ImportKind[]> = {
  community: ["needs"],
  unit: ["resources"],
  admin: ["streets", "communities", "units", "accounts"],
};

export const IMPORT_KIND_LABELS: Record<ImportKind, string> = {
  needs: "需求",
  resources: "资源",
  units: "驻区单位",
  streets: "街道",
  communities: "社区",
  accounts: "账号",
};

/** name → id; a name used twice maps to the first (oldest) row, as an admin's select shows it first. */
function byName(rows: { id: number; name: string }[]): Map<string, number> {
  const map = new Map<string, number>();
  for (const row of rows) {
    const key = normalizeName(row.name);
    if (!map.has(key)) map.set(key, row.id);
  }
  return map;
}

/** The name maps a kind's check resolves (only those it needs: a community's needs need none). */
export function checkContextFor(db: Writer, kind: ImportKind, now = new Date()): CheckContext {
  const context: CheckContext = { today: chinaToday(now) };
  const names = <T extends typeof streets | typeof districts | typeof communities | typeof units>(table: T) =>
    byName(db.select({ id: table.id, name: table.name }).from(table).orderBy(asc(table.id)).all());
  if (kind === "units" || kind === "communities") context.streetsByName = names(streets);
  if (kind === "streets") context.districtsByName = names(districts);
  if (kind === "accounts") {
    context.communitiesByName = names(communities);
    context.unitsByName = names(units);
  }
  return context;
}
