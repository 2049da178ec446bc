/**
 * An import as a background job of the web process (decision 035), as the review export is: the
 * upload is stored and a job row created, then reading and checking run off the request, recording
 * progress, to a preview (counts and the first row errors — row, column, message, never cell
 * contents); confirming re-reads the file and saves in one transaction. A job is its requester's
 * alone. Initial passwords of imported accounts live only in this process's memory, shown once.
 */
import { and, desc, eq, inArray } from "drizzle-orm";
import { getDb } from "#db/client";
import { importJobs, type ImportJob } from "#db/schema";
import type { ImportStatus } from "#domain/vocabulary";
import { notFound } from "~/utils/auth.server";
import { DomainConflict, refuse, type Result } from "~/utils/domain-result.server";
import type { Actor } from "~/utils/permission-actor";
import { importKindsOf, isImportKind, ownerForActor, requireJobOwner } from "./import-access.server";
import { IMPORT_KIND_LABELS } from "./import-context.server";
import { readImportFile, removeImportFile, storeImportFile, type UploadedSheet } from "./import-files.server";
import { runImport } from "./import-save.server";
import {
  failJob,
  FAILED,
  finishedNow,
  ownerOfJob,
  setProgress,
  summaryOf,
  UNDER_WAY,
  type ImportSummary,
} from "./import-job-rows.server";
import { saveImportJob, type ImportSaver } from "./save-job.server";
import type { NewAccount } from "./save-accounts.server";
import { sniff } from "./sniff";

export const INTERRUPTED = "导入中断（服务重启），未保存任何内容，请重新上传";

/** Jobs this process is working on: a reading or saving job not among them was cut off by a restart. */
const running = new Set<number>();
/** Reading jobs their requester cancelled: the reading stops at its next progress report. */
const cancelled = new Set<number>();
const initialPasswords = new Map<number, NewAccount[]>();
/** Passwords nobody came to see are forgotten after a day (the accounts can be reset by an admin). */
const PASSWORDS_KEPT_MS = 24 * 3600_000;

export function isImportRunning(id: number): boolean {
  return running.has(id);
}

export { importKindsOf, isImportKind, ownerForActor };

function effectiveStatus(job: ImportJob): { status: ImportStatus; error: string | null } {
  if (UNDER_WAY.includes(job.status) && !running.has(job.id)) return { status: "failed", error: INTERRUPTED };
  return { status: job.status, error: job.error };
}

function progressRecorder(id: number) {
  let last = -1;
  return (p: number) => {
    if (cancelled.has(id)) throw new DomainConflict("导入已取消");
    if (p === last) return;
    last = p;
    setProgress(id, p);
  };
}

/** Stores the upload, records the job and starts reading it in this process without waiting. */
export function startImport(actor: Actor, upload: UploadedSheet): Result<{ id: number }> {
  if (!isImportKind(upload.kind)) return refuse("请选择要导入的内容", { field: "kind" });
  const owner = ownerForActor(actor, upload.kind);
  // What the bytes are is known at once (no parsing): a file that is no spreadsheet, an encrypted
  // workbook or an old .xls is refused next to the file field instead of as a failed job.
  const sniffed = sniff(upload.bytes);
  if (sniffed.format === "refused") return refuse(sniffed.message, { field: "file" });
  const db = getDb();
  const busy = db
    .select({ id: importJobs.id })
    .from(importJobs)
    .where(and(eq(importJobs.requestedBy, actor.id), inArray(importJobs.status, UNDER_WAY)))
    .all()
    .some((j) => running.has(j.id));
  if (busy) return refuse("您已有一个导入正在进行，请等它完成后再上传");
  const fileName = storeImportFile(upload.bytes);
  const job = db
    .insert(importJobs)
    .values({
      requestedBy: actor.id,
      kind: owner.kind,
      communityId: owner.kind === "needs" ? owner.communityId : null,
      unitId: owner.kind === "resources" || owner.kind === "members" ? owner.unitId : null,
      originalName: upload.name,
      fileName,
    })
    .returning()
    .get();
  running.add(job.id);
  void runPreview(job);
  return { ok: true, id: job.id };
}

async function runPreview(job: ImportJob) {
  try {
    const bytes = readImportFile(job.fileName!);
    if (!bytes) return failJob(job.id, "上传的文件已不存在，请重新上传");
    const result = await runImport({
      owner: ownerOfJob(job),
      actorId: job.requestedBy,
      bytes,
      fileName: job.originalName,
      mode: "preview",
      onProgress: progressRecorder(job.id),
    });
    if (!result.ok) {
      removeImportFile(job.fileName);
      return failJob(job.id, result.fileError, { fileName: null });
    }
    getDb()
      .update(importJobs)
      .set({
        status: "previewed",
        progress: 100,
        totalRows: result.counts.total,
        newRows: result.counts.created,
        updatedRows: result.counts.updated,
        badRows: result.counts.bad,
        summary: JSON.stringify(summaryOf(result)),
      })
      .where(and(eq(importJobs.id, job.id), eq(importJobs.status, "reading")))
      .run();
  } catch (error) {
    // Cancelled by its requester: the job row already says so.
    if (cancelled.has(job.id)) return;
    console.error(`导入 ${job.id} 读取失败`, error);
    failJob(job.id, FAILED);
  } finally {
    running.delete(job.id);
    cancelled.delete(job.id);
  }
}

/**
 * The job, to its requester only (404 for anyone else: another's job is not even said to exist),
 * and only while the job's kind and owner are still theirs (403).
 */
export function ownImportJob(actor: Actor, id: number): ImportJob {
  const job = getDb().select().from(importJobs).where(eq(importJobs.id, id)).get();
  if (!job || job.requestedBy !== actor.id) notFound("找不到这次导入");
  requireJobOwner(actor, job);
  return job;
}

/**
 * Saves a previewed job; a second confirm (double submit, another tab) finds it no longer previewed.
 * `saver` is the web server's import thread when there is one (the route passes the load
 * context's), so the saving transaction does not hold the thread that answers requests.
 */
export function confirmImport(actor: Actor, id: number, skipBad: boolean, saver: ImportSaver = saveImportJob): Result {
  const job = ownImportJob(actor, id);
  if (job.status !== "previewed") return refuse("这次导入已不在待确认状态");
  if (job.newRows + job.updatedRows === 0)
    return refuse(
      job.badRows > 0 ? "文件中没有可以导入的行" : "文件中的每一行都与平台中已有的内容相同，没有需要导入的变化",
    );
  if (job.badRows > 0 && !skipBad)
    return refuse(`有 ${job.badRows} 行有错误：请下载错误表修正后重新上传，或勾选“跳过有误的行”`, { field: "skipBad" });
  const claimed = getDb()
    .update(importJobs)
    .set({ status: "saving", progress: 0, skipBad })
    .where(and(eq(importJobs.id, id), eq(importJobs.status, "previewed")))
    .returning()
    .get();
  if (!claimed) return refuse("这次导入已不在待确认状态");
  running.add(id);
  void runSave(id, saver);
  return { ok: true };
}

async function runSave(id: number, saver: ImportSaver) {
  try {
    await saver(id, (accounts) => keepInitialPasswords(id, accounts));
  } catch (error) {
    // The thread died or could not start: the transaction, if it began, rolled back with it.
    console.error(`导入 ${id} 保存失败`, error);
    failJob(id, FAILED);
  } finally {
    running.delete(id);
    // Passwords kept for a transaction that did not commit after all are dropped.
    const job = getDb().select({ status: importJobs.status }).from(importJobs).where(eq(importJobs.id, id)).get();
    if (job?.status !== "saved") initialPasswords.delete(id);
  }
}

/**
 * Cancels a job still being read (the reading stops at its next progress report), previewed, or
 * failed; a job being saved is not cancelled (its one transaction either commits or not).
 */
export function cancelImport(actor: Actor, id: number): Result {
  const job = ownImportJob(actor, id);
  const { status } = effectiveStatus(job);
  if (status !== "reading" && status !== "previewed" && status !== "failed") return refuse("这次导入已无法取消");
  const done = getDb()
    .update(importJobs)
    .set({ status: "cancelled", fileName: null, finishedAt: finishedNow() })
    .where(and(eq(importJobs.id, id), inArray(importJobs.status, ["reading", "previewed", "failed"])))
    .run();
  if (done.changes === 0) return refuse("这次导入已无法取消");
  if (running.has(id)) cancelled.add(id);
  removeImportFile(job.fileName);
  return { ok: true };
}

function keepInitialPasswords(jobId: number, accounts: NewAccount[]) {
  initialPasswords.set(jobId, accounts);
  setTimeout(() => initialPasswords.delete(jobId), PASSWORDS_KEPT_MS).unref();
}

/** The accounts' initial passwords, once: the first call after saving gets them, every later one null. */
export function takeInitialPasswords(jobId: number): NewAccount[] | null {
  const accounts = initialPasswords.get(jobId) ?? null;
  initialPasswords.delete(jobId);
  return accounts;
}

export function importView(job: ImportJob) {
  const { status, error } = effectiveStatus(job);
  const summary: ImportSummary | null = job.summary ? (JSON.parse(job.summary) as ImportSummary) : null;
  return {
    id: job.id,
    kind: job.kind,
    kindLabel: IMPORT_KIND_LABELS[job.kind],
    originalName: job.originalName,
    status,
    progress: status === "saved" || status === "previewed" ? 100 : job.progress,
    total: job.totalRows,
    created: job.newRows,
    // Rows naming an item with exactly its values: counted by the plan, not stored on their own.
    unchanged: Math.max(0, job.totalRows - job.newRows - job.updatedRows - job.badRows),
    updated: job.updatedRows,
    bad: job.badRows,
    skipBad: job.skipBad,
    error,
    summary,
    hasErrorFile: job.fileName !== null && job.badRows > 0 && summary !== null,
    createdAt: job.createdAt,
    finishedAt: job.finishedAt,
  };
}
export type ImportView = ReturnType<typeof importView>;

export function recentImports(actor: Actor, limit = 20): ImportView[] {
  return getDb()
    .select()
    .from(importJobs)
    .where(eq(importJobs.requestedBy, actor.id))
    .orderBy(desc(importJobs.id))
    .limit(limit)
    .all()
    .map(importView);
}

/** For the error workbook: the job's file and owner, while the file is kept. */
export function importSource(actor: Actor, id: number) {
  const job = ownImportJob(actor, id);
  const bytes = job.fileName ? readImportFile(job.fileName) : null;
  if (!bytes) notFound("上传的文件已不存在（保存后或超过一天会被清理），请重新上传");
  return { job, owner: ownerOfJob(job), bytes };
}
