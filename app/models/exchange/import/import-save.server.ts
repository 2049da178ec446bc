/**
 * One import, start to end, shared by the web job (import-jobs.server.ts), the CLI
 * (scripts/import.ts) and the tests (decision 035): read the file, check every row (pure, with
 * progress and a breath for other requests every 500 rows), plan new/update against the database,
 * and — when saving — plan again and save every good row in ONE transaction. A row that cannot be
 * saved after all throws inside it, so nothing is saved; bad rows block the save unless skipBad.
 */
import { setImmediate as breathe } from "node:timers/promises";
import { eq } from "drizzle-orm";
import { getDb, type Tx } from "#db/client";
import { streets } from "#db/schema";
import { DomainConflict } from "~/utils/domain-result.server";
import { readSpreadsheet } from "./read-file.server";
import { checkRows, normalizeName } from "./check-rows";
import { checkContextFor, type ImportOwner } from "./import-context.server";
import { countPlan, planRows, type PlanCounts, type PlannedRow } from "./import-plan.server";
import { saveAdminRows } from "./save-admin.server";
import { prepareAccounts, saveAccountRows, type HashedAccount, type NewAccount } from "./save-accounts.server";
import { saveNeedRows, saveResourceRows, type SavedCounts } from "./save-catalog.server";
import { saveGridStructureRows, saveMemberRows } from "./save-network.server";
import type { SheetRead } from "./types";

export interface ImportRunOptions {
  owner: ImportOwner;
  /** Who the audit rows name; null for the CLI (a system change, as maintenance writes). */
  actorId: number | null;
  bytes: Uint8Array;
  fileName: string;
  mode: "preview" | "save";
  skipBad?: boolean;
  /** 0–100, called often; the caller decides how often to record it. */
  onProgress?: (percent: number) => void | Promise<void>;
  /** Runs inside the saving transaction after the rows are saved (the job marks itself saved). */
  inTransaction?: (tx: Tx, result: { counts: PlanCounts; saved: SavedCounts }) => void;
  now?: Date;
}

export type ImportRunResult =
  | { ok: false; fileError: string }
  | {
      ok: true;
      counts: PlanCounts;
      plan: PlannedRow[];
      /** What was saved (mode "save" only); null when nothing was saved. */
      saved: (SavedCounts & { accounts: NewAccount[] }) | null;
      /** Why a save saved nothing: bad rows without skipBad, or a row that failed while saving. */
      refusal: string | null;
    };

const ROWS_PER_BREATH = 500;

/** The CLI's --street for units and communities: blank 所属街道 cells take that street's name. */
function fillDefaultStreet(read: Extract<SheetRead, { ok: true }>, streetName: string) {
  const column = read.headers.findIndex((h) => normalizeName(h) === normalizeName("所属街道"));
  if (column < 0) return;
  for (const row of read.rows) {
    const cell = row.cells[column];
    if (!cell || cell.type === "empty" || (cell.type === "text" && cell.text.trim() === ""))
      row.cells[column] = { type: "text", text: streetName };
  }
}

export async function runImport(options: ImportRunOptions): Promise<ImportRunResult> {
  const { owner } = options;
  const progress = async (p: number) => options.onProgress?.(Math.max(0, Math.min(100, Math.round(p))));
  const db = getDb();
  await progress(1);
  const read = await readSpreadsheet(options.bytes, options.fileName, owner.kind);
  if (!read.ok) return { ok: false, fileError: read.message };
  if ((owner.kind === "units" || owner.kind === "communities") && owner.defaultStreetId) {
    const street = db.select({ name: streets.name }).from(streets).where(eq(streets.id, owner.defaultStreetId)).get();
    if (street) fillDefaultStreet(read, street.name);
  }
  await progress(10);
  await breathe();
  // Checking is most of the work: 10% → 85% (saving leaves room for the accounts' hashing).
  const checkShare = options.mode === "save" && owner.kind === "accounts" ? 45 : 75;
  let lastBreath = 0;
  const checked = await checkRows(owner.kind, read, checkContextFor(db, owner, options.now), async (done, total) => {
    if (done - lastBreath < ROWS_PER_BREATH && done < total) return;
    lastBreath = done;
    await progress(10 + (checkShare * done) / Math.max(total, 1));
    await breathe();
  });
  if (checked.fileErrors.length > 0) return { ok: false, fileError: checked.fileErrors.join("；") };
  const plan = planRows(db, owner, checked.rows);
  const counts = countPlan(plan);
  if (options.mode === "preview") {
    await progress(100);
    return { ok: true, counts, plan, saved: null, refusal: null };
  }
  if (counts.bad > 0 && !options.skipBad) {
    return { ok: true, counts, plan, saved: null, refusal: `有 ${counts.bad} 行有错误，未保存任何内容` };
  }
  let hashed = new Map<number, HashedAccount>();
  if (owner.kind === "accounts") {
    hashed = await prepareAccounts(plan, (done, total) => progress(55 + (35 * done) / Math.max(total, 1)));
  }
  await progress(90);
  await breathe();
  try {
    return db.transaction(
      (tx): ImportRunResult => {
        // Planned again inside the transaction: between the preview (or the check above) and now an
        // item may have been matched or withdrawn, or a username taken.
        const final = planRows(tx, owner, checked.rows);
        const finalCounts = countPlan(final);
        if (finalCounts.bad > 0 && !options.skipBad) {
          return {
            ok: true,
            counts: finalCounts,
            plan: final,
            saved: null,
            refusal: `有 ${finalCounts.bad} 行有错误，未保存任何内容`,
          };
        }
        const saved = saveRows(tx, owner, final, hashed, options.actorId);
        options.inTransaction?.(tx, { counts: finalCounts, saved });
        return { ok: true, counts: finalCounts, plan: final, saved, refusal: null };
      },
      { behavior: "immediate" },
    );
  } catch (error) {
    if (error instanceof DomainConflict)
      return { ok: true, counts, plan, saved: null, refusal: `${error.message}；未保存任何内容` };
    throw error;
  }
}

function saveRows(
  tx: Tx,
  owner: ImportOwner,
  plan: PlannedRow[],
  hashed: Map<number, HashedAccount>,
  actorId: number | null,
): SavedCounts & { accounts: NewAccount[] } {
  switch (owner.kind) {
    case "needs":
      return { ...saveNeedRows(tx, owner.communityId, plan, actorId), accounts: [] };
    case "resources":
      return { ...saveResourceRows(tx, owner.unitId, plan, actorId), accounts: [] };
    case "members":
      return { ...saveMemberRows(tx, owner.unitId, plan, actorId), accounts: [] };
    case "grid_structure":
      return { ...saveGridStructureRows(tx, plan, actorId), accounts: [] };
    case "accounts":
      return saveAccountRows(tx, plan, hashed, actorId);
    default:
      return { ...saveAdminRows(tx, owner.kind, plan, actorId), accounts: [] };
  }
}

/** The row errors as the preview, the CLI and the error workbook name them, in row order. */
export function rowErrorsOf(plan: PlannedRow[]): { rowNumber: number; column: string; message: string }[] {
  return plan.flatMap((p) =>
    p.row.errors.map((e) => ({ rowNumber: p.row.rowNumber, column: e.column, message: e.message })),
  );
}
