/**
 * Saving a confirmed import job (decision 035): re-read the stored file, check and plan again,
 * save in one transaction that also marks the job saved, then record the summary. The web server
 * runs this on its import thread (workers/import/save-thread.ts, reached through the load
 * context's `importSaver`), so the long transaction holds that thread and its own connection, not
 * the one that answers requests; without a thread (tests calling the models, a dev shell) it runs
 * in the calling process. Only the job's id crosses to the thread: it reads the file and the
 * row itself, and nobody's data travels in a message except the imported accounts' initial
 * passwords, which go back to the web process that shows them once.
 */
import { eq } from "drizzle-orm";
import { getDb } from "#db/client";
import { importJobs } from "#db/schema";
import { readImportFile, removeImportFile } from "./import-files.server";
import { failJob, FAILED, finishedNow, ownerOfJob, setProgress, summaryOf } from "./import-job-rows.server";
import { runImport } from "./import-save.server";
import type { NewAccount } from "./save-accounts.server";

/**
 * Keeps the accounts' initial passwords where the job's page will read them. Called inside the
 * saving transaction, before it commits: no page load can see 已导入 without them.
 */
export type KeepAccounts = (accounts: NewAccount[]) => void;

/** Saves job `jobId`; the promise settles when the job's row says how it ended. */
export type ImportSaver = (jobId: number, keepAccounts: KeepAccounts) => Promise<void>;

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The web server's import thread (server.ts); absent, imports save in the calling process. */
    importSaver?: ImportSaver;
  }
}

export const saveImportJob: ImportSaver = async (jobId, keepAccounts) => {
  const job = getDb().select().from(importJobs).where(eq(importJobs.id, jobId)).get();
  if (!job || job.status !== "saving") return;
  try {
    const bytes = readImportFile(job.fileName ?? "");
    if (!bytes) return failJob(job.id, "上传的文件已不存在（超过一天会被清理），请重新上传");
    let last = -1;
    const result = await runImport({
      owner: ownerOfJob(job),
      actorId: job.requestedBy,
      bytes,
      fileName: job.originalName,
      mode: "save",
      skipBad: job.skipBad,
      onProgress: (p) => {
        if (p !== last) setProgress(job.id, (last = p));
      },
      // Saved with the rows or not at all: the job never says 已导入 for rows that rolled back.
      inTransaction: (tx, { counts, saved }) => {
        // runImport passes saveRows's result, accounts included; its type names only the counts.
        const { accounts = [] } = saved as { accounts?: NewAccount[] };
        if (accounts.length > 0) keepAccounts(accounts);
        tx.update(importJobs)
          .set({
            status: "saved",
            progress: 100,
            totalRows: counts.total,
            newRows: saved.created,
            updatedRows: saved.updated,
            badRows: counts.bad,
            finishedAt: finishedNow(),
            error: null,
          })
          .where(eq(importJobs.id, job.id))
          .run();
      },
    });
    if (!result.ok) return failJob(job.id, result.fileError);
    const summary = summaryOf(result);
    if (result.refusal) return failJob(job.id, result.refusal, { summary: JSON.stringify(summary) });
    // The bad rows' original cells are still wanted for the error workbook; otherwise the file goes now.
    const keepFile = result.counts.bad > 0;
    if (!keepFile) removeImportFile(job.fileName);
    getDb()
      .update(importJobs)
      .set({ summary: JSON.stringify(summary), fileName: keepFile ? job.fileName : null })
      .where(eq(importJobs.id, job.id))
      .run();
  } catch (error) {
    console.error(`导入 ${job.id} 保存失败`, error);
    failJob(job.id, FAILED);
  }
};
