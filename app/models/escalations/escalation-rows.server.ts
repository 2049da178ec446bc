/**
 * Pieces the escalation modules share: an escalation read with its need and the need's places
 * (community → street → district), and raising an escalation on a need the way the timers do
 * (no author, audited, the community told). Kept apart so the street timer, the district timer
 * and the reviewers' actions read and write escalations the same way.
 */
import { eq } from "drizzle-orm";
import { type Writer } from "#db/client";
import { communities, escalations, needs, streets, type Escalation } from "#db/schema";
import { type EscalationLevel } from "#domain/vocabulary";
import { writeAudit } from "~/models/platform/audit.server";
import { notify } from "~/models/platform/notifications.server";

/** Escalations joined to their need, its community and street; the caller adds where/order. */
export function selectEscalationsWithNeed(db: Writer) {
  return db
    .select({
      escalation: escalations,
      needTitle: needs.title,
      needStatus: needs.status,
      needCreatedAt: needs.createdAt,
      communityId: needs.communityId,
      communityName: communities.name,
      streetId: communities.streetId,
      districtId: streets.districtId,
    })
    .from(escalations)
    .innerJoin(needs, eq(needs.id, escalations.needId))
    .innerJoin(communities, eq(communities.id, needs.communityId))
    .innerJoin(streets, eq(streets.id, communities.streetId));
}

/**
 * Raises an escalation of `level` on a need, as a timer does: no author, one audit row, and the
 * need's community told once (the notice is deduplicated on the escalation). Returns the new row,
 * or undefined when one is already open at that level (the unique partial index).
 */
export function raiseEscalation(
  tx: Writer,
  now: Date,
  need: { id: number; title: string; communityId: number },
  level: EscalationLevel,
  reason: string,
  notice: { title: string; body: string },
): Escalation | undefined {
  const row = tx
    .insert(escalations)
    .values({ needId: need.id, level, reason, escalatedAt: now.toISOString() })
    .onConflictDoNothing()
    .returning()
    .get();
  if (!row) return undefined;
  writeAudit(tx, {
    actorId: null,
    action: "escalation.create",
    entityType: "escalation",
    entityId: row.id,
    after: row,
  });
  notify(
    tx,
    { communityId: need.communityId },
    {
      kind: `escalation.${level}`,
      title: notice.title,
      body: notice.body,
      link: `/needs/${need.id}`,
      dedupeKey: `escalation:${row.id}`,
    },
  );
  return row;
}
