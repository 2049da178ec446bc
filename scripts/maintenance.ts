/**
 * `npm run maintenance`: one maintenance run now against the database at DATABASE_URL (escalations,
 * agreement terms, evaluation deadlines, old workbooks), recorded as "cli" in maintenance_runs —
 * for an operator who finds the admin page's warning and cannot wait for the schedule, or after a
 * restore. Safe while the app serves: every task is idempotent (docs/decisions/027-maintenance-survives-redis.md).
 */
import { envOrExit } from "../env";
import { databasePath, getDb } from "../db/client";
import { describeMaintenanceReport, runAndRecordMaintenance } from "../app/models/platform/maintenance.server";

envOrExit();
const db = getDb();
try {
  const { report, error } = runAndRecordMaintenance(db, "cli");
  if (error !== null) {
    console.error(error);
    process.exitCode = 1;
  }
  console.log(`已运行维护任务（${databasePath()}）：${describeMaintenanceReport(report)}`);
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 1;
} finally {
  db.$client.close();
}
