/**
 * Saving a community's needs and a unit's resources from planned rows, inside the caller's one
 * transaction (decision 035): the same columns, statuses and audit rows as the forms
 * (needs.server.ts, resources.server.ts), but one street-wide match request for the whole file
 * instead of one per row: a street's rematch covers every item it touched, once.
 */
import { eq, sql } from "drizzle-orm";
import { withSearchIndexingDeferred, type Tx } from "#db/client";
import { communities, needs, resources, units } from "#db/schema";
import { toColumns as needColumns } from "~/models/catalog/needs.server";
import { indexSearchRows } from "~/models/catalog/search.server";
import { gridFromPlace } from "~/models/platform/grids.server";
import { statusAfterEdit, toColumns as resourceColumns } from "~/models/catalog/resources.server";
import { windowEnded } from "~/models/catalog/window-expiry.server";
import { writeAudit } from "~/models/platform/audit.server";
import { DomainConflict } from "~/utils/domain-result.server";
import { requestMatch, supersedeProposalsOf } from "~/models/matching/match-runs.server";
import type { NeedFormValues } from "~/schemas/need";
import type { ResourceFormValues } from "~/schemas/resource";
import type { PlannedRow } from "./import-plan.server";

/**
 * What is thrown inside the transaction when a row cannot be saved after all (someone changed its
 * item meanwhile): everything rolls back and the import says which row (the app's one conflict
 * type, decision 018).
 */
export function rowConflict(rowNumber: number, message: string): DomainConflict {
  return new DomainConflict(`第 ${rowNumber} 行：${message}`, "file");
}

export interface SavedCounts {
  created: number;
  updated: number;
  matchRequests: number;
}

/** New rows are inserted this many at a time: building one statement per row cost more than running it. */
const INSERT_BATCH = 100;

function batches<T>(list: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += INSERT_BATCH) out.push(list.slice(i, i + INSERT_BATCH));
  return out;
}

/**
 * One UPDATE … RETURNING for every updated row of a file, built and compiled once per save:
 * drizzle's builder cost more than SQLite's work for each of 10,000 rows. Every column of the form
 * is set (as the form's save does), with updated_at given explicitly — `$onUpdate` runs when a
 * statement is built, not each time a prepared one runs.
 */
function preparedUpdate<T extends typeof needs | typeof resources>(
  tx: Tx,
  table: T,
  columns: readonly string[],
): { get(values: Record<string, unknown>): T["$inferSelect"] | undefined } {
  const set = Object.fromEntries(
    [...columns, "status", "updatedAt"].map((column) => [column, sql.placeholder(column)]),
  );
  return tx
    .update(table as typeof needs)
    .set(set)
    .where(eq(table.id, sql.placeholder("id")))
    .returning()
    .prepare();
}

/** Whether an edit changed what the search index holds of an item (migration 0015's condition). */
const indexedTextChanged = (
  before: { title: string; description: string | null; category: string },
  after: { title: string; description: string | null; category: string },
) => before.title !== after.title || before.description !== after.description || before.category !== after.category;

/**
 * The rows are written with the search triggers held back and indexed together at the end, in the
 * same transaction (withSearchIndexingDeferred explains why).
 */
export function saveNeedRows(tx: Tx, communityId: number, plan: PlannedRow[], actorId: number | null): SavedCounts {
  const toIndex: number[] = [];
  const saved = withSearchIndexingDeferred(() => writeNeedRows(tx, communityId, plan, actorId, toIndex));
  indexSearchRows(tx, "needs", toIndex);
  return saved;
}

function writeNeedRows(
  tx: Tx,
  communityId: number,
  plan: PlannedRow[],
  actorId: number | null,
  toIndex: number[],
): SavedCounts {
  const saved: SavedCounts = { created: 0, updated: 0, matchRequests: 0 };
  let anyOpen = false;
  let update: ReturnType<typeof preparedUpdate<typeof needs>> | undefined;
  const now = new Date().toISOString();
  const gridOf = gridFromPlace(tx, communityId);
  for (const part of batches(plan.filter((p) => p.action === "new"))) {
    const created = tx
      .insert(needs)
      .values(
        part.map((p) => {
          const values = p.row.values as unknown as NeedFormValues;
          return {
            ...needColumns(values),
            gridId: gridOf(values.place),
            communityId,
            status: values.intent === "draft" ? ("draft" as const) : ("open" as const),
            externalCode: p.externalCode,
            createdBy: actorId,
          };
        }),
      )
      .returning()
      .all();
    for (const need of created) {
      toIndex.push(need.id);
      writeAudit(tx, { actorId, action: "need.create", entityType: "need", entityId: need.id, after: need });
      anyOpen ||= need.status === "open";
    }
    saved.created += created.length;
  }
  for (const p of plan) {
    if (p.action !== "update") continue;
    const values = p.row.values as unknown as NeedFormValues;
    // The row the plan read inside this transaction: one query fewer per row of a 10,000-row file.
    const before =
      (p.targetRow as typeof needs.$inferSelect | null) ??
      tx.select().from(needs).where(eq(needs.id, p.targetId!)).get();
    if (!before || before.communityId !== communityId || !["draft", "open", "expired"].includes(before.status))
      throw rowConflict(p.row.rowNumber, "这条需求已不能修改（可能刚被对接或撤回），请重新上传");
    // As updateNeed, an expired need given a window that has not ended reopens. A draft stays a
    // draft: the file has no 状态 column, and publishing is the community's choice on the form.
    const status = before.status === "expired" && !windowEnded(values.endDate) ? "open" : before.status;
    // A grid the need was put in is kept; one without takes the grid its 地点 begins with.
    const columns = { ...needColumns(values), gridId: before.gridId ?? gridOf(values.place) };
    update ??= preparedUpdate(tx, needs, Object.keys(columns));
    const after = update.get({ ...columns, status, updatedAt: now, id: before.id })!;
    if (indexedTextChanged(before, after)) toIndex.push(before.id);
    writeAudit(tx, { actorId, action: "need.update", entityType: "need", entityId: before.id, before, after });
    anyOpen ||= after.status === "open";
    saved.updated++;
  }
  if (anyOpen) {
    const street = tx
      .select({ streetId: communities.streetId })
      .from(communities)
      .where(eq(communities.id, communityId))
      .get();
    if (street) {
      requestMatch(tx, { scope: "street", scopeId: street.streetId, requestedBy: actorId });
      saved.matchRequests++;
    }
  }
  return saved;
}

export function saveResourceRows(tx: Tx, unitId: number, plan: PlannedRow[], actorId: number | null): SavedCounts {
  const toIndex: number[] = [];
  const saved = withSearchIndexingDeferred(() => writeResourceRows(tx, unitId, plan, actorId, toIndex));
  indexSearchRows(tx, "resources", toIndex);
  return saved;
}

function writeResourceRows(
  tx: Tx,
  unitId: number,
  plan: PlannedRow[],
  actorId: number | null,
  toIndex: number[],
): SavedCounts {
  const saved: SavedCounts = { created: 0, updated: 0, matchRequests: 0 };
  let any = false;
  let update: ReturnType<typeof preparedUpdate<typeof resources>> | undefined;
  const now = new Date().toISOString();
  for (const part of batches(plan.filter((p) => p.action === "new"))) {
    const created = tx
      .insert(resources)
      .values(
        part.map((p) => ({
          ...resourceColumns(p.row.values as unknown as ResourceFormValues),
          unitId,
          status: "open" as const,
          externalCode: p.externalCode,
          createdBy: actorId,
        })),
      )
      .returning()
      .all();
    for (const resource of created) {
      toIndex.push(resource.id);
      writeAudit(tx, {
        actorId,
        action: "resource.create",
        entityType: "resource",
        entityId: resource.id,
        after: resource,
      });
    }
    any = true;
    saved.created += created.length;
  }
  for (const p of plan) {
    if (p.action !== "update") continue;
    const values = p.row.values as unknown as ResourceFormValues;
    const before =
      (p.targetRow as typeof resources.$inferSelect | null) ??
      tx.select().from(resources).where(eq(resources.id, p.targetId!)).get();
    if (!before || before.unitId !== unitId || !["open", "exhausted", "expired"].includes(before.status))
      throw rowConflict(p.row.rowNumber, "这条资源已不能修改（可能刚被撤回），请重新上传");
    if (values.capacity < before.usedCapacity)
      throw rowConflict(p.row.rowNumber, `可服务次数不能少于正在使用的 ${before.usedCapacity} 个`);
    const status = statusAfterEdit(before, values);
    const columns = resourceColumns(values);
    update ??= preparedUpdate(tx, resources, Object.keys(columns));
    const after = update.get({ ...columns, status, updatedAt: now, id: before.id })!;
    if (indexedTextChanged(before, after)) toIndex.push(before.id);
    if (status === "exhausted" && before.status !== "exhausted") supersedeProposalsOf(tx, { resourceId: before.id });
    writeAudit(tx, {
      actorId,
      action: "resource.update",
      entityType: "resource",
      entityId: before.id,
      before,
      after,
    });
    any = true;
    saved.updated++;
  }
  if (any) {
    const unit = tx.select({ streetId: units.streetId }).from(units).where(eq(units.id, unitId)).get();
    if (unit) {
      requestMatch(tx, { scope: "street", scopeId: unit.streetId, requestedBy: actorId });
      saved.matchRequests++;
    }
  }
  return saved;
}
