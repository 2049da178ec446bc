/**
 * Keeps imports/ and import_jobs from growing for ever (a maintenance task, decision 035). A job
 * not finished a day after it began (never confirmed, or cut off by a restart) is deleted with its
 * file; a finished job keeps its row (the record of who imported what) but loses its file, so the
 * error workbook is offered for a day. Files no job points to (a job row removed by hand, a crash
 * between writing the file and inserting the row) go once they are an hour old, so an upload being
 * stored is never touched.
 */
import { and, eq, inArray, isNotNull, lt, notInArray } from "drizzle-orm";
import type { Writer } from "#db/client";
import { importJobs } from "#db/schema";
import type { ImportStatus } from "#domain/vocabulary";
import { importFilesOlderThan, removeImportFile, removeStrayImportFile } from "./import-files.server";
import { isImportRunning } from "./import-jobs.server";

const DAY_MS = 24 * 3600_000;
const STRAY_AFTER_MS = 3600_000;
const FINISHED: ImportStatus[] = ["saved", "cancelled", "failed"];

export interface ImportSweep {
  /** Unfinished jobs a day old, deleted with their files. */
  jobs: number;
  /** Files removed: those of old jobs and strays. */
  files: number;
}

export function sweepImportJobs(db: Writer, now: Date = new Date()): ImportSweep {
  const before = new Date(now.getTime() - DAY_MS).toISOString();
  let files = 0;
  let jobs = 0;
  const unfinished = db
    .select({ id: importJobs.id, fileName: importJobs.fileName })
    .from(importJobs)
    .where(and(lt(importJobs.createdAt, before), notInArray(importJobs.status, FINISHED)))
    .all()
    .filter((j) => !isImportRunning(j.id));
  for (const job of unfinished) {
    // The row first: should removing the file fail, it is a stray the next run removes.
    db.delete(importJobs).where(eq(importJobs.id, job.id)).run();
    jobs++;
    if (job.fileName) {
      removeImportFile(job.fileName);
      files++;
    }
  }
  const finished = db
    .select({ id: importJobs.id, fileName: importJobs.fileName })
    .from(importJobs)
    .where(and(lt(importJobs.createdAt, before), inArray(importJobs.status, FINISHED), isNotNull(importJobs.fileName)))
    .all();
  for (const job of finished) {
    db.update(importJobs).set({ fileName: null }).where(eq(importJobs.id, job.id)).run();
    removeImportFile(job.fileName);
    files++;
  }
  const strays = importFilesOlderThan(now.getTime() - STRAY_AFTER_MS);
  if (strays.length > 0) {
    const kept = new Set(
      db
        .select({ fileName: importJobs.fileName })
        .from(importJobs)
        .where(isNotNull(importJobs.fileName))
        .all()
        .map((j) => j.fileName),
    );
    for (const name of strays) {
      if (kept.has(name)) continue;
      removeStrayImportFile(name);
      files++;
    }
  }
  return { jobs, files };
}
