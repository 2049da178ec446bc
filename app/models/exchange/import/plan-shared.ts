/**
 * The shapes of an import's plan (decision 035) and the comparisons every kind's planning shares:
 * what a planned row is, how an existing item is described to the planner, and when a row says
 * exactly what the item holds. Pure.
 */
import type { CheckedRow } from "./types";

export type RowAction = "new" | "update" | "unchanged" | "bad";

export interface PlannedRow {
  row: CheckedRow;
  action: RowAction;
  /** The item an update changes. */
  targetId: number | null;
  /** The item's row as the plan read it (inside the saving transaction: as it is now), or null. */
  targetRow: Record<string, unknown> | null;
  /** The code to keep on a new item (a code the platform did not give). */
  externalCode: string | null;
}

export interface PlanCounts {
  total: number;
  created: number;
  updated: number;
  /** Rows naming an existing item with exactly its values: nothing to write. */
  unchanged: number;
  bad: number;
}

/** What the plan knows of an existing item: whose it is and what would stop an update. */
export interface Existing {
  id: number;
  row: Record<string, unknown>;
  ownerId: number | null;
  externalCode: string | null;
  /** Whether the row's values are what the item holds already. */
  same: (values: Record<string, unknown>) => boolean;
  /** Why this row may not update the item (column, message), or null. */
  refusal: (values: Record<string, unknown>, code: string) => { column: string; message: string } | null;
}

/** Items by id (for system codes) and the owner's items by external code. */
export interface Lookup {
  byIds: (ids: number[]) => Existing[];
  byExternal: (codes: string[]) => Existing[];
  ownerId: number | null;
  noun: string;
  ownerWord: string;
}

/** Blank, null and absent are one value in a cell; numbers and text compare as written. */
export const cellValue = (v: unknown) => (v === undefined || v === null ? "" : typeof v === "number" ? v : String(v));

export function sameAs(current: Record<string, unknown>, columns: Record<string, unknown>): boolean {
  return Object.entries(columns).every(([key, value]) => cellValue(value) === cellValue(current[key]));
}

const CHUNK = 500;
/** Lists cut to 500: the ids or codes of one IN (…) stay well under SQLite's variable limit. */
export function chunks<T>(list: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += CHUNK) out.push(list.slice(i, i + CHUNK));
  return out;
}

/** A row the database refused after all: it is bad, and updates nothing. */
export function markBad(planned: PlannedRow) {
  planned.action = "bad";
  planned.targetId = null;
  planned.targetRow = null;
}

export function countPlan(plan: PlannedRow[]): PlanCounts {
  const counts: PlanCounts = { total: plan.length, created: 0, updated: 0, unchanged: 0, bad: 0 };
  for (const p of plan) {
    if (p.action === "new") counts.created++;
    else if (p.action === "update") counts.updated++;
    else if (p.action === "unchanged") counts.unchanged++;
    else counts.bad++;
  }
  return counts;
}
