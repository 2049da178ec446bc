/**
 * The periodic maintenance run: date-driven work no user action triggers. Called by the
 * `maintenance` job (with REDIS_URL) or by a timer in the web process (without), see
 * workers/background/maintenance.ts. Every task is idempotent and writes in its own transaction, so a run
 * may repeat, overlap a restart or fail halfway without harm: the next run finishes the job.
 */
import type { Writer } from "#db/client";
import { sweepAgreementTerms } from "~/models/agreements/agreement-terms.server";
import { escalateStaleNeeds } from "~/models/escalations/escalations.server";
import { closeExpiredEvaluations } from "~/models/evaluations/evaluation-changes.server";
import { sweepReviewExports } from "~/models/review/review-export-cleanup.server";

export interface MaintenanceReport {
  escalated: number;
  resolvedEscalations: number;
  /** Agreements whose parties were reminded of the term's end / that expired. */
  agreementsReminded: number;
  agreementsExpired: number;
  /** Evaluations whose voting deadline passed, now recorded as closed. */
  evaluationsClosed: number;
  /** Annual review workbooks past their keeping time, and stray files, removed from disk. */
  exportsExpired: number;
  exportOrphansRemoved: number;
}

type Task = (db: Writer, now: Date, report: MaintenanceReport) => void;

const TASKS: [name: string, task: Task][] = [
  [
    "需求超期上报",
    (db, now, report) => {
      const { escalated, resolved } = escalateStaleNeeds(db, now);
      report.escalated = escalated;
      report.resolvedEscalations = resolved;
    },
  ],
  [
    "协议到期提醒",
    (db, now, report) => {
      const { reminded, expired } = sweepAgreementTerms(db, now);
      report.agreementsReminded = reminded;
      report.agreementsExpired = expired;
    },
  ],
  [
    "评议到期结束",
    (db, now, report) => {
      report.evaluationsClosed = closeExpiredEvaluations(db, now);
    },
  ],
  [
    "清理过期考核表",
    (db, now, report) => {
      const { expired, orphans } = sweepReviewExports(db, now);
      report.exportsExpired = expired;
      report.exportOrphansRemoved = orphans;
    },
  ],
];

/** Runs every task; one failing does not stop the others, and the run then fails with all messages. */
export function runMaintenance(db: Writer, now: Date = new Date()): MaintenanceReport {
  const report: MaintenanceReport = {
    escalated: 0,
    resolvedEscalations: 0,
    agreementsReminded: 0,
    agreementsExpired: 0,
    evaluationsClosed: 0,
    exportsExpired: 0,
    exportOrphansRemoved: 0,
  };
  const failures: string[] = [];
  for (const [name, task] of TASKS) {
    try {
      task(db, now, report);
    } catch (e) {
      failures.push(`${name}：${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (failures.length > 0) throw new Error(`维护任务出错：${failures.join("；")}`);
  return report;
}
