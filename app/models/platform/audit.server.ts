import type { Tx, Writer } from "#db/client";
import { auditLog } from "#db/schema";

export interface AuditEntry {
  actorId: number | null;
  action: string;
  entityType: string;
  entityId: number;
  before?: unknown;
  after?: unknown;
}

/** Written inside the caller's transaction so an audit row exists exactly when the change does. */
export function writeAudit(tx: Writer, entry: AuditEntry) {
  tx.insert(auditLog)
    .values({
      actorId: entry.actorId,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      before: entry.before ?? null,
      after: entry.after ?? null,
    })
    .run();
}

export type { Tx };
