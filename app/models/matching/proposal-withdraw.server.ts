/**
 * Taking back an acceptance (撤回接受): a side that accepted a proposal may withdraw it until the
 * other side decides; after that the proposal is confirmed or rejected and a withdrawal would
 * undo the other side's work (a draft project, the resource's capacity), so it is refused with a
 * message (docs/decisions/030-proposal-cards-and-withdrawing-acceptance.md).
 */
import { and, eq } from "drizzle-orm";
import { type Tx } from "#db/client";
import { proposals } from "#db/schema";
import { notFound } from "~/utils/auth.server";
import { DomainConflict } from "~/utils/domain-result.server";
import { type Actor } from "~/utils/permission-actor";
import { auditProposalStep, decidingSide } from "./proposal-side.server";
import { selectProposals } from "./proposal-view.server";
import { learnFromDecision } from "./decision-evidence.server";

const OTHER_SIDE = { community: "驻区单位", unit: "社区" } as const;

/**
 * One side's acceptance back to pending, inside the caller's immediate transaction. The update is
 * conditional on the state read (still proposed, mine accepted, the other's pending), so a
 * decision of the other side that commits first makes this one refuse instead of racing it.
 */
export function withdrawAcceptance(tx: Tx, actor: Actor, id: number): { withdrawn: true } {
  const row = selectProposals(tx, eq(proposals.id, id))[0];
  if (!row) notFound("找不到这条匹配建议");
  const side = decidingSide(actor, row);
  const mine = side === "community" ? proposals.communityDecision : proposals.unitDecision;
  const other = side === "community" ? proposals.unitDecision : proposals.communityDecision;
  const myDecision = side === "community" ? row.communityDecision : row.unitDecision;
  const otherDecision = side === "community" ? row.unitDecision : row.communityDecision;
  if (myDecision !== "accepted") throw new DomainConflict("您还没有接受这条建议，无需撤回");
  if (row.status !== "proposed" || otherDecision !== "pending")
    throw new DomainConflict(
      row.status === "superseded"
        ? "这条建议已经失效，无法撤回接受"
        : `${OTHER_SIDE[side]}已经作出决定，无法再撤回接受`,
    );
  const before = tx.select().from(proposals).where(eq(proposals.id, id)).get();
  const after = tx
    .update(proposals)
    .set({ [side === "community" ? "communityDecision" : "unitDecision"]: "pending", decidedBy: null })
    .where(and(eq(proposals.id, id), eq(proposals.status, "proposed"), eq(mine, "accepted"), eq(other, "pending")))
    .returning()
    .get();
  if (!after) throw new DomainConflict(`${OTHER_SIDE[side]}已经作出决定，无法再撤回接受`);
  auditProposalStep(tx, actor, "withdraw_acceptance", side, id, before, after);
  learnFromDecision(tx, { needId: row.needId, resourceId: row.resourceId, kind: "withdraw" });
  return { withdrawn: true };
}
