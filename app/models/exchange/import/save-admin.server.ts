/**
 * Saving an admin's streets, communities and units from planned rows, in the caller's one
 * transaction (decision 035), with the audit rows the admin forms write (admin.server.ts).
 * A referenced street or district is checked again here: the file was checked against the names
 * as they were, and one may have gone since.
 */
import { eq } from "drizzle-orm";
import type { Tx, Writer } from "#db/client";
import { communities, districts, grids, streets, units } from "#db/schema";
import type { UnitKind } from "#domain/vocabulary";
import { writeAudit } from "~/models/platform/audit.server";
import type { PlannedRow } from "./import-plan.server";
import { rowConflict, type SavedCounts } from "./save-catalog.server";

interface StreetValues {
  name: string;
  districtId: number;
}
interface CommunityValues {
  name: string;
  streetId: number;
  lat: number;
  lng: number;
  /** The 网格 cell's names (none when the file has no such column). */
  grids?: string[];
}
interface UnitValues {
  name: string;
  kind: UnitKind;
  streetId: number;
  lat: number;
  lng: number;
  address?: string;
  liaisonName?: string;
  liaisonPhone?: string;
}

export type AdminKind = "streets" | "communities" | "units";

const ENTITY = { streets: "street", communities: "community", units: "unit" } as const;
const TABLE = { streets, communities, units } as const;

function requireRow(tx: Tx, table: typeof streets | typeof districts, id: number, rowNumber: number, what: string) {
  if (!tx.select({ id: table.id }).from(table).where(eq(table.id, id)).get())
    throw rowConflict(rowNumber, `${what}已不存在，请重新上传`);
}

/** The columns a row writes, as stored (pure: the plan compares them with the item to find unchanged rows). */
export function adminColumns(kind: AdminKind, values: Record<string, unknown>): Record<string, unknown> {
  if (kind === "streets") {
    const v = values as unknown as StreetValues;
    return { name: v.name, districtId: v.districtId };
  }
  if (kind === "communities") {
    const v = values as unknown as CommunityValues;
    return { name: v.name, streetId: v.streetId, lat: v.lat, lng: v.lng };
  }
  const v = values as unknown as UnitValues;
  return {
    name: v.name,
    kind: v.kind,
    streetId: v.streetId,
    lat: v.lat,
    lng: v.lng,
    address: v.address ?? "",
    liaisonName: v.liaisonName ?? "",
    liaisonPhone: v.liaisonPhone ?? "",
  };
}

/** The grids a community row lists that the community does not have yet (by name). */
export function missingGrids(db: Writer, communityId: number, values: Record<string, unknown>): string[] {
  const names = (values as unknown as CommunityValues).grids ?? [];
  if (names.length === 0) return [];
  const have = new Set(
    db
      .select({ name: grids.name })
      .from(grids)
      .where(eq(grids.communityId, communityId))
      .all()
      .map((g) => g.name),
  );
  return names.filter((name) => !have.has(name));
}

/**
 * Adds the grids a row lists that the community lacks. Grids are never removed by an import: a
 * grid left out of a file may have needs and people attached, and the community removes it itself.
 */
function addGrids(tx: Tx, communityId: number, values: Record<string, unknown>, actorId: number | null) {
  for (const name of missingGrids(tx, communityId, values)) {
    const grid = tx.insert(grids).values({ communityId, name }).returning().get();
    writeAudit(tx, { actorId, action: "grid.create", entityType: "grid", entityId: grid.id, after: grid });
  }
}

function columnsOf(tx: Tx, kind: AdminKind, p: PlannedRow): Record<string, unknown> {
  const columns = adminColumns(kind, p.row.values!);
  if (kind === "streets") requireRow(tx, districts, columns.districtId as number, p.row.rowNumber, "所属区");
  else requireRow(tx, streets, columns.streetId as number, p.row.rowNumber, "所属街道");
  return columns;
}

export function saveAdminRows(tx: Tx, kind: AdminKind, plan: PlannedRow[], actorId: number | null): SavedCounts {
  const saved: SavedCounts = { created: 0, updated: 0, matchRequests: 0 };
  const table = TABLE[kind];
  const entityType = ENTITY[kind];
  for (const p of plan) {
    if (p.action === "bad" || p.action === "unchanged") continue;
    const columns = columnsOf(tx, kind, p);
    if (p.action === "new") {
      // drizzle's insert wants the table's own row type; the columns were built for this table above.
      const after = tx
        .insert(table)
        .values({ ...columns, externalCode: p.externalCode } as typeof table.$inferInsert)
        .returning()
        .get();
      writeAudit(tx, { actorId, action: `${entityType}.create`, entityType, entityId: after.id, after });
      if (kind === "communities") addGrids(tx, after.id, p.row.values!, actorId);
      saved.created++;
      continue;
    }
    const before = tx.select().from(table).where(eq(table.id, p.targetId!)).get();
    if (!before) throw rowConflict(p.row.rowNumber, "要更新的条目已不存在，请重新上传");
    const after = tx.update(table).set(columns).where(eq(table.id, before.id)).returning().get();
    writeAudit(tx, { actorId, action: `${entityType}.update`, entityType, entityId: before.id, before, after });
    if (kind === "communities") addGrids(tx, before.id, p.row.values!, actorId);
    saved.updated++;
  }
  return saved;
}
