import { sql } from "drizzle-orm";
import { chainHash, maskedAuditJson, ScrubMemo } from "#db/audit-chain";
import { entityScope, type AuditScope } from "#db/audit-scope";
import type { Tx, Writer } from "#db/client";

export interface AuditEntry {
  actorId: number | null;
  action: string;
  entityType: string;
  entityId: number;
  before?: unknown;
  after?: unknown;
}

/** One scope lookup (db/audit-scope.ts) on the caller's connection, inside its transaction. */
function lookupOn(tx: Writer) {
  return (text: string, id: number) => {
    const [head, tail] = text.split("?");
    return tx.get<AuditScope | undefined>(sql`${sql.raw(head!)}${id}${sql.raw(tail ?? "")}`);
  };
}

/**
 * Written inside the caller's transaction so an audit row exists exactly when the change does.
 * The row is masked (no resident's phone or name survives in before/after), carries the street
 * and community of the item, and is chained to the row before it (docs/decisions/026-audit-trail.md).
 *
 * The row is inserted first and hashed after: once this transaction has inserted, it holds
 * SQLite's write lock, so the row before it is the last one any writer committed, whether the
 * caller's transaction began immediate or deferred, and no other row can slip in between.
 */
export function writeAudit(tx: Writer, entry: AuditEntry) {
  // A caller outside a transaction (a maintenance task, the city generator) still gets its row and
  // its hash written together (inside an open transaction on the connection this is a savepoint).
  if ("$client" in tx) {
    tx.transaction((inner) => writeAudit(inner, entry), { behavior: "immediate" });
    return;
  }
  // One memo for both sides: an update's before and after share most of their text.
  const memo = new ScrubMemo(50);
  const before = maskedAuditJson(entry.before, memo);
  const after = maskedAuditJson(entry.after, memo);
  const scope = entityScope(lookupOn(tx), entry.entityType, entry.entityId, entry.after ?? entry.before);
  // Plain SQL rather than drizzle's builders: this runs on every write, and building the queries
  // cost more than running them. before/after go in as the masked JSON text the hash covers.
  const row = tx.get<{ id: number; at: string }>(
    sql`INSERT INTO audit_log (actor_id, action, entity_type, entity_id, before, after, street_id, community_id)
        VALUES (${entry.actorId}, ${entry.action}, ${entry.entityType}, ${entry.entityId}, ${before}, ${after},
                ${scope.streetId}, ${scope.communityId})
        RETURNING id, created_at AS at`,
  );
  const previous = tx.get<{ hash: string } | undefined>(
    sql`SELECT hash FROM audit_log WHERE id < ${row.id} ORDER BY id DESC LIMIT 1`,
  );
  const hash = chainHash(previous?.hash ?? "", {
    id: row.id,
    actorId: entry.actorId,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    before,
    after,
    at: row.at,
    ...scope,
  });
  tx.run(sql`UPDATE audit_log SET hash = ${hash} WHERE id = ${row.id}`);
}

export type { Tx };
