/**
 * `npm run audit:verify`: checks the audit trail's hash chain of the database at DATABASE_URL
 * (db/audit-verify.ts). Prints OK with the number of rows and the last row's id and hash (worth
 * noting down elsewhere: the chain alone cannot tell that its newest rows were cut off and the
 * sequence reset), or the first broken row and why, with exit code 1. Read-only: it may run while
 * the app serves.
 */
import Database from "better-sqlite3";
import { existsSync } from "node:fs";
import { envOrExit } from "../env";
import { databasePath } from "../db/client";
import { verifyAuditChain } from "../db/audit-verify";

envOrExit();
const file = databasePath();
if (!existsSync(file)) {
  console.error(`数据库文件不存在：${file}（DATABASE_URL）`);
  process.exit(2);
}
const started = performance.now();
const sqlite = new Database(file, { readonly: true, fileMustExist: true });
const result = verifyAuditChain(sqlite);
sqlite.close();
const seconds = ((performance.now() - started) / 1000).toFixed(1);
if (result.ok) {
  console.log(
    `OK 审计日志哈希链完好：共 ${result.count} 行` +
      (result.lastId === null ? "" : `，最后一行 #${result.lastId}，哈希 ${result.lastHash}`) +
      `（用时 ${seconds} 秒）`,
  );
} else {
  console.error(`审计日志哈希链在第 #${result.brokenId} 行断开：${result.reason}（此前 ${result.count} 行完好）`);
  process.exit(1);
}
