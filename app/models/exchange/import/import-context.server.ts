/**
 * What the pure checking (check-rows.ts) needs from the database, and whose rows an import brings
 * in (docs/decisions/035-spreadsheet-import.md). The checks resolve names (所属街道, 所属社区, …)
 * through these maps; the owner decides which items an 编号 may update.
 */
import { asc, eq } from "drizzle-orm";
import type { Writer } from "#db/client";
import { communities, districts, streets, units } from "#db/schema";
import type { ImportKind } from "#domain/vocabulary";
import { chinaToday } from "~/utils/china-time";
import { normalizeName, type CheckContext } from "./check-rows";
import { communityNames } from "./community-names";

/**
 * Whose rows these are: a community's needs, a unit's resources or party members, or the
 * platform's (admin kinds, the grid structure among them).
 */
export type ImportOwner =
  | { kind: "needs"; communityId: number }
  | { kind: "resources" | "members"; unitId: number }
  | { kind: "units" | "streets" | "communities" | "accounts" | "grid_structure"; defaultStreetId?: number | null };

/** The kinds each role imports: the rule every loader, action and the job itself enforce. */
export const IMPORT_KINDS_OF_ROLE: Record<string, readonly ImportKind[]> = {
  community: ["needs"],
  unit: ["resources", "members"],
  admin: ["streets", "communities", "units", "accounts", "grid_structure"],
};

export const IMPORT_KIND_LABELS: Record<ImportKind, string> = {
  needs: "需求",
  resources: "资源",
  units: "驻区单位",
  streets: "街道",
  communities: "社区",
  accounts: "账号",
  members: "在职党员",
  grid_structure: "网格与楼栋",
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

/**
 * The communities a row may name, with their streets: a unit's members live in the unit's
 * district (as the registration form offers them); a grid may be in any community, named by 编号 too.
 */
function communityNamesFor(db: Writer, owner: ImportOwner) {
  const rows = (districtId?: number) =>
    db
      .select({
        id: communities.id,
        name: communities.name,
        streetName: streets.name,
        externalCode: communities.externalCode,
      })
      .from(communities)
      .innerJoin(streets, eq(streets.id, communities.streetId))
      .where(districtId === undefined ? undefined : eq(streets.districtId, districtId))
      .orderBy(asc(communities.id))
      .all();
  if (owner.kind !== "members") return communityNames(rows(), "平台中", true);
  const unit = db
    .select({ districtId: streets.districtId })
    .from(units)
    .innerJoin(streets, eq(streets.id, units.streetId))
    .where(eq(units.id, owner.unitId))
    .get();
  return communityNames(unit ? rows(unit.districtId) : [], "本区", false);
}

/** The name maps a kind's check resolves (only those it needs: a community's needs need none). */
export function checkContextFor(db: Writer, owner: ImportOwner, now = new Date()): CheckContext {
  const kind = owner.kind;
  const context: CheckContext = { today: chinaToday(now) };
  const names = <T extends typeof streets | typeof districts | typeof communities | typeof units>(table: T) =>
    byName(db.select({ id: table.id, name: table.name }).from(table).orderBy(asc(table.id)).all());
  if (kind === "units" || kind === "communities") context.streetsByName = names(streets);
  if (kind === "streets") context.districtsByName = names(districts);
  if (kind === "accounts") {
    context.communitiesByName = names(communities);
    context.unitsByName = names(units);
  }
  if (kind === "members" || kind === "grid_structure") context.communities = communityNamesFor(db, owner);
  return context;
}
