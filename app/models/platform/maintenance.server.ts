/**
 * The periodic maintenance run: date-driven work no user action triggers. Called by the
 * `maintenance` job (with REDIS_URL) or by a timer in the web process (without), see
 * workers/background/maintenance.ts. Every task is idempotent and writes in its own transaction, so a run
 * may repeat, overlap a restart or fail halfway without harm: the next run finishes the job.
 *
 * Every run the app makes is recorded in `maintenance_runs` (runAndRecordMaintenance), so the admin
 * page can say when maintenance last ran and a web process can notice that its schedule stopped
 * (docs/decisions/027-maintenance-survives-redis.md).
 */
import { desc, eq, lt } from "drizzle-orm";
import type { Writer } from "#db/client";
import { maintenanceRuns } from "#db/schema";
import { sweepAgreementTerms } from "~/models/agreements/agreement-terms.server";
import { escalateStaleNeeds } from "~/models/escalations/escalations.server";
import { closeExpiredEvaluations } from "~/models/evaluations/evaluation-changes.server";
import { sweepReviewExports } from "~/models/review/review-export-cleanup.server";
import { sweepImportJobs } from "~/models/exchange/import/import-sweep.server";
import { pruneFormSubmissions } from "./form-submissions.server";
import { expirePastNeeds, expirePastResources } from "~/models/catalog/window-expiry.server";
import { remindIdleMembers, remindUnreportedUnits } from "./service-reminders.server";

export interface MaintenanceReport {
  escalated: number;
  /** Street-level escalations open past escalation_days, raised to the district by the timer. */
  escalatedToDistrict: number;
  resolvedEscalations: number;
  /** Agreements whose parties were reminded of the term's end / that expired. */
  agreementsReminded: number;
  agreementsExpired: number;
  /** Evaluations whose voting deadline passed, now recorded as closed. */
  evaluationsClosed: number;
  /** Annual review workbooks past their keeping time, and stray files, removed from disk. */
  exportsExpired: number;
  exportOrphansRemoved: number;
  /** maintenance_runs rows older than MAINTENANCE_RUNS_KEPT_DAYS, deleted. */
  runsPruned: number;
  /** One-time keys of create forms past their use (form-submissions.server.ts), deleted. */
  submissionKeysPruned: number;
  /** Open needs / resources whose end date has passed, now expired (window-expiry.server.ts). */
  needsExpired: number;
  resourcesExpired: number;
  /** 双报到 reminders (service-reminders.server.ts): notices to members idle last quarter and their units' liaisons. */
  memberServiceReminders: number;
  /** Notices to liaisons of units whose registered members have not reported. */
  unreportedReminders: number;
}

/** The report's figures in the order and words of the admin page and the log. */
export const MAINTENANCE_FIGURES: [key: keyof MaintenanceReport, label: string][] = [
  ["escalated", "超期需求上报"],
  ["escalatedToDistrict", "超期协调上报区级"],
  ["resolvedEscalations", "督办办结"],
  ["agreementsReminded", "协议到期提醒"],
  ["agreementsExpired", "协议到期"],
  ["evaluationsClosed", "评议结束"],
  ["exportsExpired", "清理考核表"],
  ["exportOrphansRemoved", "清理残留文件"],
  ["runsPruned", "清理旧维护记录"],
  ["submissionKeysPruned", "清理表单提交记录"],
  ["needsExpired", "需求到期"],
  ["resourcesExpired", "资源到期"],
  ["memberServiceReminders", "党员季度服务提醒"],
  ["unreportedReminders", "党员未报到提醒"],
];

/** One line for the log and `npm run maintenance`: every figure, in the page's words. */
export function describeMaintenanceReport(report: MaintenanceReport): string {
  return MAINTENANCE_FIGURES.map(([key, label]) => `${label} ${report[key]}`).join("、");
}

/** How long the record of a run is kept: enough to see a pattern, bounded however often it runs. */
export const MAINTENANCE_RUNS_KEPT_DAYS = 90;

type Task = (db: Writer, now: Date, report: MaintenanceReport) => void;

const TASKS: [name: string, task: Task][] = [
  // First: a need whose window has ended expires rather than being escalated as overdue.
  [
    "需求资源到期",
    (db, now, report) => {
      report.needsExpired = expirePastNeeds(db, now);
      report.resourcesExpired = expirePastResources(db, now);
    },
  ],
  [
    "需求超期上报",
    (db, now, report) => {
      const { escalated, resolved, toDistrict } = escalateStaleNeeds(db, now);
      report.escalated = escalated;
      report.escalatedToDistrict = toDistrict;
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
  [
    "在职党员双报到提醒",
    (db, now, report) => {
      report.memberServiceReminders = remindIdleMembers(db, now);
      report.unreportedReminders = remindUnreportedUnits(db, now);
    },
  ],
  ["清理导入文件", (db, now) => void sweepImportJobs(db, now)],
  [
    "清理维护记录",
    (db, now, report) => {
      const before = new Date(now.getTime() - MAINTENANCE_RUNS_KEPT_DAYS * 24 * 3600_000).toISOString();
      report.runsPruned = db.delete(maintenanceRuns).where(lt(maintenanceRuns.startedAt, before)).run().changes;
    },
  ],
  [
    "清理表单提交记录",
    (db, now, report) => {
      report.submissionKeysPruned = pruneFormSubmissions(db, now);
    },
  ],
];

const emptyReport = (): MaintenanceReport => ({
  escalated: 0,
  escalatedToDistrict: 0,
  resolvedEscalations: 0,
  agreementsReminded: 0,
  agreementsExpired: 0,
  evaluationsClosed: 0,
  exportsExpired: 0,
  exportOrphansRemoved: 0,
  runsPruned: 0,
  submissionKeysPruned: 0,
  needsExpired: 0,
  resourcesExpired: 0,
  memberServiceReminders: 0,
  unreportedReminders: 0,
});

function runTasks(db: Writer, now: Date): { report: MaintenanceReport; failures: string[] } {
  const report = emptyReport();
  const failures: string[] = [];
  for (const [name, task] of TASKS) {
    try {
      task(db, now, report);
    } catch (e) {
      failures.push(`${name}：${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return { report, failures };
}

const failureMessage = (failures: string[]) => `维护任务出错：${failures.join("；")}`;

/** Runs every task; one failing does not stop the others, and the run then fails with all messages. */
export function runMaintenance(db: Writer, now: Date = new Date()): MaintenanceReport {
  const { report, failures } = runTasks(db, now);
  if (failures.length > 0) throw new Error(failureMessage(failures));
  return report;
}

/**
 * Who ran it: "queue" (a job of the Redis job scheduler), "timer" (the web process on its own: at
 * start, on its timer without Redis, or as the fallback when the Redis schedule stopped), "cli"
 * (`npm run maintenance`), "admin" (the button on the admin page).
 */
export type MaintenanceSource = "queue" | "timer" | "cli" | "admin";

/**
 * runMaintenance, recorded: a row when it starts (committed at once, so a run that never ends is
 * visible as such) and its outcome when it ends, with the figures even when a task failed.
 * A failed task does not throw: the outcome carries its message (null when every task went through).
 */
export function runAndRecordMaintenance(
  db: Writer,
  source: MaintenanceSource,
  now: Date = new Date(),
): { runId: number; report: MaintenanceReport; error: string | null } {
  const { id } = db
    .insert(maintenanceRuns)
    .values({ source, startedAt: now.toISOString() })
    .returning({ id: maintenanceRuns.id })
    .get();
  let outcome: { report: MaintenanceReport; failures: string[] };
  try {
    outcome = runTasks(db, now);
  } catch (e) {
    // runTasks catches each task's error; this is only for what it cannot (out of memory, …).
    outcome = { report: emptyReport(), failures: [e instanceof Error ? e.message : String(e)] };
  }
  const { report, failures } = outcome;
  const error = failures.length > 0 ? failureMessage(failures) : null;
  db.update(maintenanceRuns)
    .set({ finishedAt: new Date().toISOString(), ok: error === null, report, error })
    .where(eq(maintenanceRuns.id, id))
    .run();
  return { runId: id, report, error };
}

/** When the latest run (by anyone, finished or not) started, or null when none is recorded. */
export function lastMaintenanceStart(db: Writer): string | null {
  return (
    db
      .select({ startedAt: maintenanceRuns.startedAt })
      .from(maintenanceRuns)
      .orderBy(desc(maintenanceRuns.startedAt))
      .limit(1)
      .get()?.startedAt ?? null
  );
}

/** "3 小时 20 分钟", "45 秒": a length of time as the admin page and the log say it. */
export function durationText(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} 毫秒`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} 秒`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} 分钟`;
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 ? `${h} 小时 ${m % 60} 分钟` : `${h} 小时`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} 天 ${h % 24} 小时` : `${d} 天`;
}
