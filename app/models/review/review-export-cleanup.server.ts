/**
 * Keeps the exports folder from growing for ever (a maintenance task). Finished workbooks are
 * kept EXPORT_KEEP_DAYS, then their files are removed and their rows say so (the page offers to
 * generate the year again). Files no row points to — a build cut off between writing its .tmp
 * and renaming it, a row removed by hand — go once they are an hour old, so a build under way
 * is never touched.
 */
import { existsSync, readdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { and, eq, isNotNull, lt } from "drizzle-orm";
import type { Writer } from "#db/client";
import { reviewExports } from "#db/schema";
import { EXPIRED_MESSAGE, EXPORT_KEEP_DAYS } from "~/schemas/review-export";
import { exportsDir } from "./review-export.server";

const DAY_MS = 86_400_000;
const ORPHAN_AFTER_MS = 60 * 60_000;

export interface ExportSweep {
  /** Finished workbooks past their keeping time, removed. */
  expired: number;
  /** Files no export row points to, removed. */
  orphans: number;
}

export function sweepReviewExports(db: Writer, now: Date): ExportSweep {
  const dir = exportsDir();
  const cutoff = new Date(now.getTime() - EXPORT_KEEP_DAYS * DAY_MS).toISOString();
  const old = db
    .select({ id: reviewExports.id, fileName: reviewExports.fileName })
    .from(reviewExports)
    .where(
      and(eq(reviewExports.status, "done"), isNotNull(reviewExports.fileName), lt(reviewExports.finishedAt, cutoff)),
    )
    .all();
  for (const row of old) {
    // The row first: should removing the file fail, the file is an orphan the next run removes.
    db.update(reviewExports).set({ fileName: null, error: EXPIRED_MESSAGE }).where(eq(reviewExports.id, row.id)).run();
    rmSync(path.join(dir, path.basename(row.fileName!)), { force: true });
  }
  let orphans = 0;
  if (existsSync(dir)) {
    const kept = new Set(
      db
        .select({ fileName: reviewExports.fileName })
        .from(reviewExports)
        .where(isNotNull(reviewExports.fileName))
        .all()
        .map((r) => r.fileName),
    );
    for (const name of readdirSync(dir)) {
      if (kept.has(name)) continue;
      const file = path.join(dir, name);
      const stat = statSync(file, { throwIfNoEntry: false });
      if (!stat?.isFile() || now.getTime() - stat.mtimeMs < ORPHAN_AFTER_MS) continue;
      rmSync(file, { force: true });
      orphans++;
    }
  }
  return { expired: old.length, orphans };
}
