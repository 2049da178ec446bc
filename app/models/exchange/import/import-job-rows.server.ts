/**
 * The import job's row as both sides of a job write it: the web process (import-jobs.server.ts)
 * while reading a file, and whichever thread saves it (save-job.server.ts) — the same statements
 * on either connection, so a job reads the same whoever moved it on (decision 035).
 */
import { and, eq, inArray } from "drizzle-orm";
import { getDb } from "#db/client";
import { importJobs, type ImportJob } from "#db/schema";
import type { ImportStatus } from "#domain/vocabulary";
import type { ImportOwner } from "./import-context.server";
import { rowErrorsOf, type ImportRunResult } from "./import-save.server";

/** How many row errors the preview lists; the rest are in the error workbook. */
export const ERRORS_SHOWN = 200;
export const FAILED = "导入时出错，未保存任何内容，请稍后重试";
export const UNDER_WAY: ImportStatus[] = ["reading", "saving"];

export interface ImportSummary {
  errors: { rowNumber: number; column: string; message: string }[];
  errorCount: number;
  suggested: { rowNumber: number; category: string }[];
  suggestedCount: number;
  matchRequests?: number;
}

export const finishedNow = () => new Date().toISOString();

export function ownerOfJob(job: ImportJob): ImportOwner {
  if (job.kind === "needs") return { kind: "needs", communityId: job.communityId! };
  if (job.kind === "resources" || job.kind === "members") return { kind: job.kind, unitId: job.unitId! };
  return { kind: job.kind } as ImportOwner;
}

export function setProgress(id: number, progress: number) {
  getDb()
    .update(importJobs)
    .set({ progress })
    .where(and(eq(importJobs.id, id), inArray(importJobs.status, UNDER_WAY)))
    .run();
}

/** Only a job still under way fails: one cancelled meanwhile stays cancelled. */
export function failJob(id: number, message: string, fields: Partial<ImportJob> = {}) {
  getDb()
    .update(importJobs)
    .set({ ...fields, status: "failed", error: message, finishedAt: finishedNow() })
    .where(and(eq(importJobs.id, id), inArray(importJobs.status, UNDER_WAY)))
    .run();
}

export function summaryOf(result: Extract<ImportRunResult, { ok: true }>): ImportSummary {
  const errors = rowErrorsOf(result.plan);
  const suggested = result.plan.flatMap((p) =>
    p.row.suggestedCategory ? [{ rowNumber: p.row.rowNumber, category: p.row.suggestedCategory }] : [],
  );
  return {
    errors: errors.slice(0, ERRORS_SHOWN),
    errorCount: errors.length,
    suggested: suggested.slice(0, ERRORS_SHOWN),
    suggestedCount: suggested.length,
    matchRequests: result.saved?.matchRequests,
  };
}
