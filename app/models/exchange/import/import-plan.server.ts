/**
 * New or update, for each checked row (decision 035): a blank 编号 is new; the platform's own code
 * (XQ-12, ZY-3, …) updates that item when it belongs to this owner and is refused when it belongs
 * to another; any other code updates the owner's item imported with it, or is new and kept as that
 * item's external code. A row that says exactly what the item already holds is "unchanged" and not
 * written, so an export re-imports cleanly even with items no longer editable (a withdrawn or
 * matched need). An update the item can no longer take (a need already matched, a resource whose
 * places would fall below those in use) is a row error here, before anything is saved.
 */
import { and, eq, inArray, isNotNull } from "drizzle-orm";
import type { Writer } from "#db/client";
import { communities, needs, resources, streets, units, users } from "#db/schema";
import { toColumns as needColumns } from "~/models/catalog/needs.server";
import { toColumns as resourceColumns } from "~/models/catalog/resources.server";
import type { NeedFormValues } from "~/schemas/need";
import type { ResourceFormValues } from "~/schemas/resource";
import { isCodedKind, parseSystemCode } from "../columns";
import type { CheckedRow } from "./types";
import type { ImportOwner } from "./import-context.server";
import { planGridStructure } from "./plan-grid-structure.server";
import { flagMemberPhones, memberLookup } from "./plan-members.server";
import { chunks, markBad, sameAs, type Existing, type Lookup, type PlannedRow } from "./plan-shared";
import { adminColumns, missingGrids } from "./save-admin.server";

export { countPlan, type PlanCounts, type PlannedRow, type RowAction } from "./plan-shared";

/** A need's columns as a row would write them; the source is not in the template, so not compared. */
function needRowColumns(values: Record<string, unknown>): Record<string, unknown> {
  const { source: _source, ...columns } = needColumns(values as unknown as NeedFormValues);
  return columns;
}

const NEED_EDITABLE = new Set(["draft", "open", "expired"]);
const RESOURCE_EDITABLE = new Set(["open", "exhausted", "expired"]);

function needRow(r: typeof needs.$inferSelect): Existing {
  return {
    id: r.id,
    row: r,
    ownerId: r.communityId,
    externalCode: r.externalCode,
    same: (values) => sameAs(r, needRowColumns(values)),
    refusal: (_values, code) =>
      NEED_EDITABLE.has(r.status)
        ? null
        : { column: "编号", message: `编号 ${code} 的需求已进入对接或已结束，不能再通过导入修改` },
  };
}

function resourceRow(r: typeof resources.$inferSelect): Existing {
  return {
    id: r.id,
    row: r,
    ownerId: r.unitId,
    externalCode: r.externalCode,
    same: (values) => sameAs(r, resourceColumns(values as unknown as ResourceFormValues)),
    refusal: (values, code) => {
      if (!RESOURCE_EDITABLE.has(r.status))
        return { column: "编号", message: `编号 ${code} 的资源已撤回，不能再通过导入修改` };
      const capacity = Number(values.capacity);
      if (Number.isFinite(capacity) && capacity < r.usedCapacity)
        return {
          column: "可服务次数",
          message: `已有 ${r.usedCapacity} 个需求正在使用这项资源，可服务次数不能少于 ${r.usedCapacity}`,
        };
      return null;
    },
  };
}

const plain =
  (db: Writer, kind: "units" | "communities" | "streets") =>
  (r: { id: number; externalCode: string | null }): Existing => ({
    id: r.id,
    row: r,
    ownerId: null,
    externalCode: r.externalCode,
    // A community row that lists a grid the community lacks is an update, whatever its other cells.
    same: (values) =>
      sameAs(r, adminColumns(kind, values)) && (kind !== "communities" || missingGrids(db, r.id, values).length === 0),
    refusal: () => null,
  });

function lookupFor(db: Writer, owner: ImportOwner): Lookup | null {
  switch (owner.kind) {
    case "needs":
      return {
        noun: "需求",
        ownerWord: "本社区",
        ownerId: owner.communityId,
        byIds: (ids) => db.select().from(needs).where(inArray(needs.id, ids)).all().map(needRow),
        byExternal: (codes) =>
          db
            .select()
            .from(needs)
            .where(and(eq(needs.communityId, owner.communityId), inArray(needs.externalCode, codes)))
            .all()
            .map(needRow),
      };
    case "resources":
      return {
        noun: "资源",
        ownerWord: "本单位",
        ownerId: owner.unitId,
        byIds: (ids) => db.select().from(resources).where(inArray(resources.id, ids)).all().map(resourceRow),
        byExternal: (codes) =>
          db
            .select()
            .from(resources)
            .where(and(eq(resources.unitId, owner.unitId), inArray(resources.externalCode, codes)))
            .all()
            .map(resourceRow),
      };
    case "units":
    case "communities":
    case "streets": {
      const table = owner.kind === "units" ? units : owner.kind === "communities" ? communities : streets;
      const toExisting = plain(db, owner.kind);
      return {
        noun: owner.kind === "units" ? "驻区单位" : owner.kind === "communities" ? "社区" : "街道",
        ownerWord: "",
        ownerId: null,
        byIds: (ids) => db.select().from(table).where(inArray(table.id, ids)).all().map(toExisting),
        byExternal: (codes) =>
          db
            .select()
            .from(table)
            .where(and(isNotNull(table.externalCode), inArray(table.externalCode, codes)))
            .all()
            .map(toExisting),
      };
    }
    case "members":
      return memberLookup(db, owner.unitId);
    case "accounts":
    case "grid_structure":
      return null;
  }
}

/** Accounts are only ever created: a username already taken (or used twice in the file) is a row error. */
function planAccounts(db: Writer, rows: CheckedRow[]): PlannedRow[] {
  const names = rows.flatMap((r) => (r.values && typeof r.values.username === "string" ? [r.values.username] : []));
  const taken = new Set<string>();
  for (const part of chunks(names)) {
    for (const u of db.select({ username: users.username }).from(users).where(inArray(users.username, part)).all())
      taken.add(u.username);
  }
  // A username used twice within the file is the check's error already (check-rows.ts).
  return rows.map((row) => {
    const username = typeof row.values?.username === "string" ? row.values.username : "";
    if (row.values && taken.has(username))
      row.errors.push({ column: "用户名", message: `用户名 ${username} 已被使用；导入只新建账号，不修改已有账号` });
    const bad = row.errors.length > 0 || row.values === null;
    return { row, action: bad ? "bad" : "new", targetId: null, targetRow: null, externalCode: null };
  });
}

/**
 * Classifies every row against the database, adding the row errors only the database can tell.
 * Reads in chunks of 500 ids or codes; no writes.
 */
export function planRows(db: Writer, owner: ImportOwner, checked: CheckedRow[]): PlannedRow[] {
  // Copies: the same checked rows are planned again inside the saving transaction.
  const rows = checked.map((r) => ({ ...r, errors: [...r.errors] }));
  // The grid structure has no 编号: its rows are keyed by community, grid and building names.
  if (owner.kind === "grid_structure") return planGridStructure(db, rows);
  const lookup = lookupFor(db, owner);
  if (!lookup) return planAccounts(db, rows);
  const kind = owner.kind;
  // A unit's members carry only the unit's own codes.
  const systemIdOf = (code: string) => (isCodedKind(kind) ? parseSystemCode(kind, code) : null);
  const codes = rows.map((r) => r.code).filter((c) => c !== "");
  const systemIds = [...new Set(codes.map(systemIdOf).filter((id): id is number => id !== null))];
  const external = [...new Set(codes.filter((c) => systemIdOf(c) === null))];
  const byId = new Map<number, Existing>();
  for (const part of chunks(systemIds)) for (const e of lookup.byIds(part)) byId.set(e.id, e);
  const byCode = new Map<string, Existing>();
  for (const part of chunks(external)) for (const e of lookup.byExternal(part)) byCode.set(e.externalCode!, e);

  // A code used twice within the file is the check's error already (check-rows.ts).
  const plan = rows.map((row): PlannedRow => {
    const planned: PlannedRow = { row, action: "new", targetId: null, targetRow: null, externalCode: null };
    const code = row.code;
    if (code !== "") {
      const systemId = systemIdOf(code);
      let target: Existing | undefined;
      if (systemId !== null) {
        target = byId.get(systemId);
        if (!target) row.errors.push({ column: "编号", message: `找不到编号为 ${code} 的${lookup.noun}` });
        else if (lookup.ownerId !== null && target.ownerId !== lookup.ownerId) {
          row.errors.push({ column: "编号", message: `编号 ${code} 不是${lookup.ownerWord}的${lookup.noun}` });
          target = undefined;
        }
      } else {
        target = byCode.get(code);
        if (!target) planned.externalCode = code;
      }
      if (target) {
        planned.targetId = target.id;
        planned.targetRow = target.row;
        if (row.values && row.errors.length === 0 && target.same(row.values)) planned.action = "unchanged";
        else {
          planned.action = "update";
          const refusal = row.values ? target.refusal(row.values, code) : null;
          if (refusal) row.errors.push(refusal);
        }
      }
    }
    if (row.errors.length > 0 || row.values === null) markBad(planned);
    return planned;
  });
  if (owner.kind === "members") flagMemberPhones(db, owner.unitId, plan);
  return plan;
}
