/**
 * What the admin page says about maintenance: the last runs from `maintenance_runs`, and a warning
 * when the last successful one is older than twice MAINTENANCE_EVERY_MS — the schedule has
 * stopped, or every run fails (docs/decisions/027-maintenance-survives-redis.md). And the admin's
 * "run now", recorded like any run and audited.
 */
import { desc, eq } from "drizzle-orm";
import { getDb } from "#db/client";
import { maintenanceRuns } from "#db/schema";
import { chinaDateTime } from "~/utils/china-time";
import type { Actor } from "~/utils/permission-actor";
import { env } from "../../../env";
import { writeAudit } from "./audit.server";
import {
  durationText,
  MAINTENANCE_FIGURES,
  runAndRecordMaintenance,
  type MaintenanceReport,
  type MaintenanceSource,
} from "./maintenance.server";

export const SOURCE_LABELS: Record<MaintenanceSource, string> = {
  queue: "Redis 定时作业",
  timer: "Web 进程定时器",
  cli: "命令行（npm run maintenance）",
  admin: "管理员手动运行",
};

const RECENT_RUNS = 10;

type Row = typeof maintenanceRuns.$inferSelect;

function describeRun(row: Row, now: number) {
  const report = (row.report ?? {}) as Partial<MaintenanceReport>;
  return {
    id: row.id,
    source: SOURCE_LABELS[row.source as MaintenanceSource] ?? row.source,
    startedAt: chinaDateTime(row.startedAt),
    ago: durationText(now - Date.parse(row.startedAt)),
    // null: started and never finished (the process stopped mid-run) or still running.
    ok: row.finishedAt === null ? null : row.ok === true,
    error: row.error,
    figures: MAINTENANCE_FIGURES.map(([key, label]) => ({ label, value: report[key] ?? 0 })),
  };
}

export type MaintenanceRunView = ReturnType<typeof describeRun>;

export interface MaintenanceStatus {
  everyText: string;
  mode: "redis" | "in-process";
  runs: MaintenanceRunView[];
  /** When maintenance last succeeded, or null when it never did. */
  lastSuccess: { at: string; ago: string } | null;
  /** Set when the last success is older than twice the interval (or there is none). */
  overdue: string | null;
}

export function maintenanceStatus(now: Date = new Date()): MaintenanceStatus {
  const db = getDb();
  const everyMs = env().MAINTENANCE_EVERY_MS;
  const at = now.getTime();
  const rows = db.select().from(maintenanceRuns).orderBy(desc(maintenanceRuns.startedAt)).limit(RECENT_RUNS).all();
  const success = db
    .select({ finishedAt: maintenanceRuns.finishedAt })
    .from(maintenanceRuns)
    .where(eq(maintenanceRuns.ok, true))
    .orderBy(desc(maintenanceRuns.finishedAt))
    .limit(1)
    .get()?.finishedAt;
  const since = success ? at - Date.parse(success) : null;
  const every = durationText(everyMs);
  const why =
    "超期需求上报、协议到期、评议结束和考核表清理都会因此延误。请查看 Web 进程日志中“维护任务”开头的记录，检查 Redis 与 Web 进程，或立即运行一次。";
  const overdue =
    since === null
      ? `维护任务尚无成功运行的记录（应每 ${every} 运行一次）。${why}`
      : since > 2 * everyMs
        ? `维护任务已超过 ${durationText(since)} 未成功运行（应每 ${every} 运行一次）。${why}`
        : null;
  return {
    everyText: every,
    mode: env().REDIS_URL ? "redis" : "in-process",
    runs: rows.map((row) => describeRun(row, at)),
    lastSuccess: success && since !== null ? { at: chinaDateTime(success), ago: durationText(since) } : null,
    overdue,
  };
}

/** The admin's button: one run now, in this request, recorded as "admin" and audited with its outcome. */
export function runMaintenanceAsAdmin(actor: Actor): { ok: boolean } {
  const db = getDb();
  const { runId, report, error } = runAndRecordMaintenance(db, "admin");
  const outcome = error === null ? { ok: true, report } : { ok: false, error };
  const after = outcome;
  db.transaction((tx) =>
    writeAudit(tx, {
      actorId: actor.id,
      action: "maintenance.run",
      entityType: "maintenance_run",
      entityId: runId,
      after,
    }),
  );
  return { ok: error === null };
}
