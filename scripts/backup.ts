/**
 * `npm run backup -- --to DIR`: a consistent copy of the database and the files beside it, taken
 * while the app serves (app/models/platform/backup.server.ts). Never copy app.db by hand: recent
 * writes are still in app.db-wal.
 */
import { parseArgs } from "node:util";
import { envOrExit } from "../env";
import { backupTo } from "../app/models/platform/backup.server";

const { values } = parseArgs({ options: { to: { type: "string" } } });
if (!values.to) {
  console.error("用法：npm run backup -- --to 备份目录（新目录或空目录）");
  process.exit(2);
}
envOrExit();
const result = backupTo(values.to);
if (!result.ok) {
  console.error(result.error);
  process.exit(1);
}
const { manifest } = result;
console.log(
  `已备份到 ${values.to}：需求 ${manifest.rows.needs} 条、资源 ${manifest.rows.resources} 条、照片 ${manifest.photos} 张、考核表 ${manifest.exports} 份。`,
);
if (manifest.missingPhotos.length > 0)
  console.warn(`注意：${manifest.missingPhotos.length} 张照片在备份时已不存在：${manifest.missingPhotos.join("、")}`);
