/**
 * The one-time upgrade of audit rows written before the chain existed (migration 0013 added the
 * columns; docs/decisions/026-audit-trail.md): their before/after are masked as writeAudit masks new
 * rows, their street and community are looked up as writeAudit looks them up, and each gets its
 * hash, in id order, so the chain runs unbroken from the first row to the newest.
 *
 * It runs with the migrations (db/migrate.ts), so before the app serves or writes. Rows that have a
 * hash are never touched (a row's hash is never recomputed, which would launder a tampered one).
 * It works in batches, each its own transaction: interrupted, it resumes where it stopped, since
 * the rows still without a hash are exactly those not done. On a database with nothing to do it
 * costs two reads of one row each.
 */
import type Database from "better-sqlite3";
import {
  AUDIT_SQL_COLUMNS,
  chainHash,
  maskedAuditJson,
  parseJsonColumn,
  ScrubMemo,
  type AuditSqlRow,
} from "./audit-chain";
import { entityScope, type AuditScope, type ScopeLookup } from "./audit-scope";

export interface BackfillReport {
  rows: number;
  ms: number;
}

/** Whether any row still lacks its hash: the oldest row (after the upgrade) or the newest (after a partial run). */
export function auditBackfillNeeded(sqlite: Database.Database): boolean {
  const edge = (order: "ASC" | "DESC") =>
    sqlite.prepare(`SELECT hash FROM audit_log ORDER BY id ${order} LIMIT 1`).pluck().get() as string | undefined;
  return edge("ASC") === "" || edge("DESC") === "";
}

export function backfillAuditChain(
  sqlite: Database.Database,
  options: { batch?: number; log?: (line: string) => void } = {},
): BackfillReport {
  const started = performance.now();
  if (!auditBackfillNeeded(sqlite)) return { rows: 0, ms: 0 };
  const batch = options.batch ?? 2000;
  const log = options.log ?? ((line: string) => console.log(line));
  const firstOpen = sqlite.prepare("SELECT id FROM audit_log WHERE hash = '' ORDER BY id LIMIT 1").pluck().get() as
    number | undefined;
  if (firstOpen === undefined) return { rows: 0, ms: 0 };
  // Ids run without gaps, so this is the number of rows to do (counting them would read them all once more).
  const newest = sqlite.prepare("SELECT max(id) FROM audit_log").pluck().get() as number;
  const total = newest - firstOpen + 1;
  log(`审计日志：正在隐去约 ${total.toLocaleString("en-US")} 行旧记录中的个人信息并补写哈希链（只做一次）…`);

  const select = sqlite.prepare(
    `SELECT ${AUDIT_SQL_COLUMNS} FROM audit_log WHERE id > ? AND hash = '' ORDER BY id LIMIT ?`,
  );
  const rowBefore = sqlite.prepare("SELECT hash FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT 1");
  const update = sqlite.prepare(
    "UPDATE audit_log SET before = ?, after = ?, street_id = ?, community_id = ?, hash = ? WHERE id = ?",
  );
  const lookups = new Map<string, Database.Statement>();
  const lookup: ScopeLookup = (text, id) => {
    let statement = lookups.get(text);
    if (!statement) lookups.set(text, (statement = sqlite.prepare(text)));
    return statement.get(id) as AuditScope | undefined;
  };

  const memo = new ScrubMemo();
  let cursor = firstOpen - 1;
  let previous: { id: number; hash: string } | null = null;
  let done = 0;
  const runBatch = sqlite.transaction(() => {
    const rows = select.all(cursor, batch) as AuditSqlRow[];
    for (const row of rows) {
      // The row just done is the one before this one when the ids are consecutive; otherwise ask.
      const previousHash =
        previous && previous.id === row.id - 1
          ? previous.hash
          : ((rowBefore.get(row.id) as { hash: string } | undefined)?.hash ?? "");
      const rawBefore = parseJsonColumn(row.before);
      const rawAfter = parseJsonColumn(row.after);
      const scope =
        row.street_id !== null || row.community_id !== null
          ? { streetId: row.street_id, communityId: row.community_id }
          : entityScope(lookup, row.entity_type, row.entity_id, rawAfter ?? rawBefore);
      const before = maskedAuditJson(rawBefore, memo, true);
      const after = maskedAuditJson(rawAfter, memo, true);
      const hash = chainHash(previousHash, {
        id: row.id,
        actorId: row.actor_id,
        action: row.action,
        entityType: row.entity_type,
        entityId: row.entity_id,
        before,
        after,
        at: row.created_at,
        ...scope,
      });
      update.run(before, after, scope.streetId, scope.communityId, hash, row.id);
      previous = { id: row.id, hash };
      cursor = row.id;
    }
    return rows.length;
  });
  for (;;) {
    const n = runBatch.immediate();
    done += n;
    if (n < batch) break;
  }
  const ms = Math.round(performance.now() - started);
  log(`审计日志：已处理 ${done.toLocaleString("en-US")} 行，用时 ${(ms / 1000).toFixed(1)} 秒`);
  return { rows: done, ms };
}
