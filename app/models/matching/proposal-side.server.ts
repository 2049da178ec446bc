/**
 * What deciding and withdrawing on a proposal share: which side the actor decides for, and the
 * audit row of a side's step. Kept apart from proposals.server.ts so proposal-withdraw.server.ts
 * (which proposals.server.ts imports) needs no import back.
 */
import { type Tx } from "#db/client";
import { type ProposalRow } from "#db/schema";
import { forbidden } from "~/utils/auth.server";
import { canDecideAsCommunity, canDecideAsUnit } from "~/utils/permissions";
import { type Actor } from "~/utils/permission-actor";
import { writeAudit } from "~/models/platform/audit.server";

type DecidableRow = Parameters<typeof canDecideAsCommunity>[1] & Parameters<typeof canDecideAsUnit>[1];

/** The side the actor decides for (the need's community first), or 403 when neither. */
export function decidingSide(actor: Actor, row: DecidableRow): "community" | "unit" {
  if (canDecideAsCommunity(actor, row)) return "community";
  if (canDecideAsUnit(actor, row)) return "unit";
  return forbidden("只有需求所在社区和资源所属单位可以处理这条建议");
}

/** One audit row for a side's step on a proposal (`proposal.accept_by_unit`, …). */
export function auditProposalStep(
  tx: Tx,
  actor: Actor,
  step: "accept" | "reject" | "withdraw_acceptance",
  side: "community" | "unit",
  id: number,
  before: ProposalRow | undefined,
  after: ProposalRow | undefined,
) {
  writeAudit(tx, {
    actorId: actor.id,
    action: `proposal.${step}_by_${side}`,
    entityType: "proposal",
    entityId: id,
    before,
    after,
  });
}
