/**
 * `npm run maintenance`: one maintenance run now against the database at DATABASE_URL (escalations,
 * agreement terms, evaluation deadlines, old workbooks), recorded as "cli" in maintenance_runs —
 * for an operator who finds the admin page's warning and cannot wait for the schedule, or after a
 * restore. Safe while the app serves: every task is idempotent (docs/decisions/027-maintenance-survives-redis.md).
 */
import { envOrExit } from "../env";
import { databasePath, getDb } from "../db/client";
import { runAndRecordMaintenance } from "../app/models/platform/maintenance.server";

envOrExit();
const db = getDb();
try {
  const { report, error } = runAndRecordMaintenance(db, "cli");
  if (error !== null) {
    console.error(error);
    process.exitCode = 1;
  }
  console.log(
    `已运行维护任务（${databasePath()}）：督办新上报 ${report.escalated} 条、办结 ${report.resolvedEscalations} 条；` +
      `协议到期提醒 ${report.agreementsReminded} 份、到期 ${report.agreementsExpired} 份；评议结束 ${report.evaluationsClosed} 次；` +
      `清理考核表 ${report.exportsExpired} 份、残留文件 ${report.exportOrphansRemoved} 个；清理旧的维护记录 ${report.runsPruned} 条、过期表单提交记录 ${report.submissionKeysPruned} 条`,
  );
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 1;
} finally {
  db.$client.close();
}
