/**
 * `npm run restore -- --from DIR [--force]`: puts a backup made by `npm run backup` back as the
 * database at DATABASE_URL, with its photos, exports and session secret, on a stopped app, and
 * returns unfinished match requests to the outbox (app/models/platform/backup.server.ts).
 */
import { parseArgs } from "node:util";
import { envOrExit } from "../env";
import { restoreFrom } from "../app/models/platform/backup.server";
import { chinaDateTime } from "../app/utils/china-time";

const { values } = parseArgs({ options: { from: { type: "string" }, force: { type: "boolean", default: false } } });
if (!values.from) {
  console.error("用法：npm run restore -- --from 备份目录 [--force]（先停止服务）");
  process.exit(2);
}
const settings = envOrExit();
const result = restoreFrom(values.from, { force: values.force });
if (!result.ok) {
  console.error(result.error);
  process.exit(1);
}
console.log(
  `已从 ${values.from}（${chinaDateTime(result.manifest.createdAt)} 的备份）恢复到 ${settings.DATABASE_URL}；${result.requeuedRuns} 个未完成的匹配请求已重新排队。`,
);
