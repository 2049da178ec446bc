/**
 * Walks the audit chain in id order (`npm run audit:verify`, scripts/audit-verify.ts): every row's
 * hash must be sha256(the previous row's hash + its own content) (db/audit-chain.ts). Reads in
 * batches by id, so memory stays the same on a city's million rows. Stops at the first break.
 *
 * What the chain shows and what it cannot (docs/decisions/026-audit-trail.md): a changed row
 * breaks at that row (or, if its hash was recomputed, at the next one); a deleted or inserted row
 * breaks the row after it; deleting the newest rows is seen only through SQLite's own record of
 * the last id handed out (sqlite_sequence), which someone with write access could also change, so
 * the last id and hash printed here are worth keeping somewhere else.
 */
import type Database from "better-sqlite3";
import { AUDIT_SQL_COLUMNS, chainHash, rowContent, type AuditSqlRow } from "./audit-chain";

export type AuditVerifyResult =
  | { ok: true; count: number; lastId: number | null; lastHash: string | null }
  | { ok: false; count: number; brokenId: number; reason: string };

export function verifyAuditChain(sqlite: Database.Database, options: { batch?: number } = {}): AuditVerifyResult {
  const batch = options.batch ?? 5000;
  const select = sqlite.prepare(`SELECT ${AUDIT_SQL_COLUMNS} FROM audit_log WHERE id > ? ORDER BY id LIMIT ?`);
  let previous: { id: number; hash: string } | null = null;
  let count = 0;
  for (;;) {
    const rows = select.all(previous?.id ?? -1, batch) as AuditSqlRow[];
    for (const row of rows) {
      const broken = (reason: string): AuditVerifyResult => ({ ok: false, count, brokenId: row.id, reason });
      if (row.hash === "") return broken("这一行没有哈希：它不是经应用写入的（或旧记录的补写没有完成）");
      if (chainHash(previous?.hash ?? "", rowContent(row)) !== row.hash) {
        const expectedId = (previous?.id ?? 0) + 1;
        if (row.id > expectedId)
          return broken(
            `哈希对不上：它前面编号 ${expectedId}${row.id - 1 > expectedId ? `–${row.id - 1}` : ""} 的行不见了（被删除），或这一行被改动过`,
          );
        return broken("哈希对不上：这一行的内容被改动过，或它前面的行被改动、插入或替换过");
      }
      previous = { id: row.id, hash: row.hash };
      count++;
    }
    if (rows.length < batch) break;
  }
  // The chain cannot see rows missing at its end; SQLite remembers the largest id it ever gave out.
  const issued = sqlite.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'").pluck().get() as
    number | undefined;
  const lastId = previous?.id ?? null;
  if (issued !== undefined && issued > (lastId ?? 0)) {
    const first = (lastId ?? 0) + 1;
    return {
      ok: false,
      count,
      brokenId: first,
      reason: `最后的 ${issued - (lastId ?? 0)} 行（编号 ${first}–${issued}）不见了：最新的记录被删除了`,
    };
  }
  return { ok: true, count, lastId, lastHash: previous?.hash ?? null };
}
