/**
 * Exports of the annual review as an Excel workbook. A request inserts a review_exports row and
 * the web process (which owns the database) builds the file in the background, recording its
 * progress after each step so the progress page can show it. Files live beside the database in
 * exports/ under server-chosen names; the Chinese name is given only in the download's header.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { setImmediate as breathe } from "node:timers/promises";
import { and, desc, eq, inArray } from "drizzle-orm";
import { databasePath, getDb } from "#db/client";
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from "#db/data-files";
import { districts, reviewExports, streets, type ReviewExport } from "#db/schema";
import { calendarYear } from "~/schemas/review";
import { EXPIRED_MESSAGE, type ExportViewStatus } from "~/schemas/review-export";
import { forbidden, notFound } from "~/utils/auth.server";
import { refuse, type Result } from "~/utils/domain-result.server";
import { canViewReviewExport } from "~/utils/evaluation-permissions";
import { type Actor } from "~/utils/permission-actor";
import { writeAudit } from "~/models/platform/audit.server";
import { reviewFigures } from "./review-cache.server";
import { unitMembers } from "./review-members.server";
import {
  buildReviewWorkbook,
  reviewSheetNames,
  reviewWorkbookFileName,
  type ReviewWorkbookInput,
} from "./review-workbook";

export const INTERRUPTED_MESSAGE = "生成中断，请重新生成";
const FAILED_MESSAGE = "生成考核表时出错，请稍后重新生成";
/** A build takes seconds; one unfinished after this long has stopped (or is stuck) and is shown as failed. */
const STALE_AFTER_MS = 10 * 60_000;
// Builds run only in this process, so an unfinished export requested before it started was cut
// off by a restart and will never finish.
const PROCESS_STARTED_AT = new Date().toISOString();

export function exportsDir() {
  return path.join(path.dirname(databasePath()), "exports");
}

export interface ExportTarget {
  scope: "street" | "district";
  scopeId: number;
}

/** A street reviewer exports their street, a district user their district; nobody else exports. */
export function exportTargetOf(actor: Actor): ExportTarget {
  if (actor.role === "street" && actor.streetId) return { scope: "street", scopeId: actor.streetId };
  if (actor.role === "district" && actor.districtId) return { scope: "district", scopeId: actor.districtId };
  forbidden("只有街道审核人员和区委组织部可以导出年度考核表");
}

function scopeInfo(target: ExportTarget, db = getDb()) {
  if (target.scope === "district") {
    const row = db.select({ name: districts.name }).from(districts).where(eq(districts.id, target.scopeId)).get();
    return row ? { name: row.name, districtId: target.scopeId } : null;
  }
  const row = db
    .select({ name: streets.name, districtId: streets.districtId })
    .from(streets)
    .where(eq(streets.id, target.scopeId))
    .get();
  return row ?? null;
}

/** The steps of a build in order: loading the figures, one per sheet, writing the file. */
export function exportSteps(scope: ExportTarget["scope"]) {
  return ["读取考核数据", ...reviewSheetNames(scope), "写入文件"];
}

const percentAfter = (stepsDone: number, total: number) => Math.round((stepsDone / total) * 100);

/**
 * What the row really is now: an unfinished build cut off by a restart (or stuck) has failed; a
 * finished one whose file the maintenance run cleaned up has expired.
 */
function effectiveState(row: ReviewExport, now: Date): { status: ExportViewStatus; error: string | null } {
  const unfinished = row.status === "queued" || row.status === "running";
  if (
    unfinished &&
    (row.createdAt < PROCESS_STARTED_AT || now.getTime() - Date.parse(row.createdAt) > STALE_AFTER_MS)
  ) {
    return { status: "failed", error: INTERRUPTED_MESSAGE };
  }
  if (row.status === "done" && !row.fileName) return { status: "expired", error: row.error ?? EXPIRED_MESSAGE };
  return { status: row.status, error: row.error };
}

export function exportView(row: ReviewExport, scopeName: string, now = new Date()) {
  const { status, error } = effectiveState(row, now);
  const steps = exportSteps(row.scope);
  let stepsDone = 0;
  while (stepsDone < steps.length && percentAfter(stepsDone + 1, steps.length) <= row.progress) stepsDone++;
  return {
    id: row.id,
    year: row.year,
    scope: row.scope,
    scopeName,
    status,
    progress: status === "done" ? 100 : row.progress,
    step: status === "queued" || status === "running" ? (steps[stepsDone] ?? steps[steps.length - 1]!) : null,
    error,
    createdAt: row.createdAt,
    finishedAt: row.finishedAt,
    downloadName: reviewWorkbookFileName(scopeName, row.year),
  };
}
export type ExportView = ReturnType<typeof exportView>;

/** Records the request (with its audit row); refused while the user has a build under way. */
export function requestReviewExport(actor: Actor, year: number, now = new Date()): Result<{ id: number }> {
  const target = exportTargetOf(actor);
  return getDb().transaction(
    (tx): Result<{ id: number }> => {
      const unfinished = tx
        .select()
        .from(reviewExports)
        .where(and(eq(reviewExports.requestedBy, actor.id), inArray(reviewExports.status, ["queued", "running"])))
        .all();
      if (unfinished.some((row) => effectiveState(row, now).status !== "failed")) {
        return refuse("您已有一份考核表正在生成，请等它完成后再生成新的");
      }
      const row = tx
        .insert(reviewExports)
        .values({ requestedBy: actor.id, scope: target.scope, scopeId: target.scopeId, year })
        .returning()
        .get();
      writeAudit(tx, {
        actorId: actor.id,
        action: "review_export.request",
        entityType: "review_export",
        entityId: row.id,
        after: { scope: target.scope, scopeId: target.scopeId, year },
      });
      return { ok: true, id: row.id };
    },
    { behavior: "immediate" },
  );
}

/** Requests an export and starts building it in this process without waiting for it. */
export function startReviewExport(actor: Actor, year: number): Result<{ id: number }> {
  const result = requestReviewExport(actor, year);
  if (result.ok) void runReviewExport(result.id);
  return result;
}

function setProgress(id: number, progress: number) {
  getDb()
    .update(reviewExports)
    .set({ progress })
    .where(and(eq(reviewExports.id, id), eq(reviewExports.status, "running")))
    .run();
}

/**
 * Builds one queued export: loads the figures, adds the sheets one by one (recording progress and
 * yielding to other requests after each), writes the file, and marks it done — or failed with a
 * Chinese message. Safe to call twice: only the call that moves it from queued to running works.
 */
export async function runReviewExport(exportId: number, now = new Date()): Promise<void> {
  const db = getDb();
  const claimed = db
    .update(reviewExports)
    .set({ status: "running", progress: 0 })
    .where(and(eq(reviewExports.id, exportId), eq(reviewExports.status, "queued")))
    .returning()
    .get();
  if (!claimed) return;
  let tmpFile: string | null = null;
  try {
    await breathe();
    const input = reviewWorkbookInput(claimed, claimed.year, now);
    const total = exportSteps(claimed.scope).length;
    setProgress(exportId, percentAfter(1, total));
    await breathe();
    const bytes = await buildReviewWorkbook(input, async (_step, i) => {
      setProgress(exportId, percentAfter(i + 2, total));
      await breathe();
    });
    const dir = exportsDir();
    mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
    const fileName = `review-${exportId}-${randomBytes(8).toString("hex")}.xlsx`;
    tmpFile = path.join(dir, `${fileName}.tmp`);
    writeFileSync(tmpFile, bytes, { mode: PRIVATE_FILE_MODE });
    renameSync(tmpFile, path.join(dir, fileName));
    tmpFile = null;
    db.update(reviewExports)
      .set({ status: "done", progress: 100, fileName, finishedAt: new Date().toISOString(), error: null })
      .where(eq(reviewExports.id, exportId))
      .run();
  } catch (error) {
    console.error(`年度考核表 ${exportId} 生成失败`, error);
    if (tmpFile) rmSync(tmpFile, { force: true });
    db.update(reviewExports)
      .set({ status: "failed", error: FAILED_MESSAGE, finishedAt: new Date().toISOString() })
      .where(eq(reviewExports.id, exportId))
      .run();
  }
}

/**
 * What the workbook of a street or district for a year holds: the very figures the dashboard
 * shows for that calendar year (review-cache.server.ts), rows in street-then-id order. "As of"
 * figures stop at `now` for the current year.
 */
export function reviewWorkbookInput(target: ExportTarget, year: number, now = new Date()): ReviewWorkbookInput {
  const info = scopeInfo(target);
  if (!info) throw new Error(`考核范围 ${target.scope}:${target.scopeId} 不存在`);
  const { review } = reviewFigures({ scope: target.scope, id: target.scopeId }, calendarYear(year), now);
  // Every unit of the street or district: one background build, two grouped queries.
  const members = unitMembers(
    review.units.map((u) => u.unitId),
    review.period,
  );
  const common = { scopeName: info.name, year, generatedAt: now, members };
  return target.scope === "street"
    ? {
        ...common,
        scope: "street",
        review: { period: review.period, communities: review.communities, units: review.units, flags: review.flags },
      }
    : { ...common, scope: "district", review };
}

export function exportScopeName(target: ExportTarget) {
  return scopeInfo(target)?.name ?? notFound("找不到考核范围");
}

function scopeNameOf(row: ReviewExport) {
  return scopeInfo(row)?.name ?? "";
}

/** The export, to the user who asked for it and to reviewers of the same street or district. */
export function exportForViewer(actor: Actor, exportId: number, now = new Date()) {
  const row =
    getDb().select().from(reviewExports).where(eq(reviewExports.id, exportId)).get() ?? notFound("找不到这份考核表");
  const info = scopeInfo(row) ?? notFound("找不到这份考核表");
  if (
    !canViewReviewExport(actor, {
      requestedBy: row.requestedBy,
      scope: row.scope,
      scopeId: row.scopeId,
      districtId: info.districtId,
    })
  ) {
    forbidden("您无权查看这份考核表");
  }
  return { row, view: exportView(row, info.name, now) };
}

/** The finished file to send; 404 when it is not finished or its file is gone. */
export function exportFile(actor: Actor, exportId: number) {
  const { row, view } = exportForViewer(actor, exportId);
  if (view.status === "expired") notFound(view.error ?? EXPIRED_MESSAGE);
  if (view.status !== "done" || !row.fileName) notFound("这份考核表尚未生成完成");
  const file = path.join(exportsDir(), path.basename(row.fileName));
  if (!existsSync(file)) notFound("考核表文件已不存在，请重新生成");
  return { file, size: statSync(file).size, year: row.year, downloadName: view.downloadName };
}

/** The user's recent exports, newest first. */
export function recentExports(actor: Actor, limit = 10, now = new Date()): ExportView[] {
  const rows = getDb()
    .select()
    .from(reviewExports)
    .where(eq(reviewExports.requestedBy, actor.id))
    .orderBy(desc(reviewExports.id))
    .limit(limit)
    .all();
  return rows.map((row) => exportView(row, scopeNameOf(row), now));
}

export const XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
