/**
 * Saving issue 14's two imports from planned rows, in the caller's one transaction (decision 035):
 * a unit's party members (member-import.server.ts writes each as the registration form does) and
 * the grid structure (grids and buildings with the audit rows grids.server.ts and
 * buildings.server.ts write). The plan was made inside this same transaction, so what it found is
 * what is here; what it could not know (a community gone meanwhile) stops the whole file.
 */
import { eq } from "drizzle-orm";
import type { Tx } from "#db/client";
import { buildings, communities, grids, partyMembers, streets, units } from "#db/schema";
import { writeAudit } from "~/models/platform/audit.server";
import {
  changeImportedMember,
  districtOfCommunity,
  registerImportedMember,
} from "~/models/service/member-import.server";
import type { MemberRegisterValues } from "~/schemas/member";
import { normalizeName } from "./headers";
import type { PlannedRow } from "./plan-shared";
import { BUILDING_FIELDS, GRID_FIELDS, type GridStructureValues } from "./row-check-network";
import { rowConflict, type SavedCounts } from "./save-catalog.server";

export function saveMemberRows(tx: Tx, unitId: number, plan: PlannedRow[], actorId: number | null): SavedCounts {
  const saved: SavedCounts = { created: 0, updated: 0, matchRequests: 0 };
  const unit = tx
    .select({ districtId: streets.districtId })
    .from(units)
    .innerJoin(streets, eq(streets.id, units.streetId))
    .where(eq(units.id, unitId))
    .get();
  for (const p of plan) {
    if (p.action !== "new" && p.action !== "update") continue;
    const values = p.row.values as unknown as MemberRegisterValues;
    if (!unit || districtOfCommunity(tx, values.communityId) !== unit.districtId)
      throw rowConflict(p.row.rowNumber, "居住社区已不存在或不在本区，请重新上传");
    if (p.action === "new") {
      registerImportedMember(tx, unitId, values, p.externalCode, actorId);
      saved.created++;
      continue;
    }
    const before = tx.select().from(partyMembers).where(eq(partyMembers.id, p.targetId!)).get();
    if (!before || before.unitId !== unitId || before.status !== "registered")
      throw rowConflict(p.row.rowNumber, "这位党员已不能通过导入修改（可能刚确认了报到），请重新上传");
    changeImportedMember(tx, before, values, actorId);
    saved.updated++;
  }
  return saved;
}

/** The row's filled fields that differ from what the item holds (a blank cell clears nothing). */
function changes<T extends Record<string, unknown>>(
  before: T | null,
  values: GridStructureValues,
  fields: readonly (keyof GridStructureValues)[],
) {
  return Object.fromEntries(
    fields.flatMap((f) => (values[f] !== undefined && before?.[f] !== values[f] ? [[f, values[f]]] : [])),
  );
}

function saveGrid(tx: Tx, p: PlannedRow, values: GridStructureValues, actorId: number | null) {
  const name = normalizeName(values.gridName);
  const before =
    tx
      .select()
      .from(grids)
      .where(eq(grids.communityId, values.communityId))
      .all()
      .find((g) => normalizeName(g.name) === name) ?? null;
  const set = changes(before, values, GRID_FIELDS);
  if (!before) {
    // The file was checked against the communities as they were; one may have gone since.
    if (!tx.select({ id: communities.id }).from(communities).where(eq(communities.id, values.communityId)).get())
      throw rowConflict(p.row.rowNumber, "社区已不存在，请重新上传");
    const after = tx
      .insert(grids)
      .values({ ...set, communityId: values.communityId, name: values.gridName })
      .returning()
      .get();
    writeAudit(tx, { actorId, action: "grid.create", entityType: "grid", entityId: after.id, after });
    return after;
  }
  if (Object.keys(set).length === 0) return before;
  const after = tx.update(grids).set(set).where(eq(grids.id, before.id)).returning().get();
  writeAudit(tx, { actorId, action: "grid.update", entityType: "grid", entityId: before.id, before, after });
  return after;
}

function saveBuilding(tx: Tx, gridId: number, values: GridStructureValues, actorId: number | null) {
  const name = normalizeName(values.buildingName!);
  const before =
    tx
      .select()
      .from(buildings)
      .where(eq(buildings.gridId, gridId))
      .all()
      .find((b) => normalizeName(b.name) === name) ?? null;
  const set = changes(before, values, BUILDING_FIELDS);
  if (!before) {
    const after = tx
      .insert(buildings)
      .values({ ...set, gridId, name: values.buildingName! })
      .returning()
      .get();
    writeAudit(tx, { actorId, action: "building.create", entityType: "building", entityId: after.id, after });
    return;
  }
  if (Object.keys(set).length === 0) return;
  const after = tx.update(buildings).set(set).where(eq(buildings.id, before.id)).returning().get();
  writeAudit(tx, { actorId, action: "building.update", entityType: "building", entityId: before.id, before, after });
}

export function saveGridStructureRows(tx: Tx, plan: PlannedRow[], actorId: number | null): SavedCounts {
  const saved: SavedCounts = { created: 0, updated: 0, matchRequests: 0 };
  for (const p of plan) {
    if (p.action !== "new" && p.action !== "update") continue;
    const values = p.row.values as unknown as GridStructureValues;
    const grid = saveGrid(tx, p, values, actorId);
    if (values.buildingName !== undefined) saveBuilding(tx, grid.id, values, actorId);
    if (p.action === "new") saved.created++;
    else saved.updated++;
  }
  return saved;
}
