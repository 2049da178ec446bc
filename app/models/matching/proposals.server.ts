/**
 * Deciding on a proposal: one side's accept or reject, and the confirmation when both accepted.
 * Lists of proposals are in proposal-lists.server.ts, what a card shows in proposal-view.server.ts.
 */
import { and, eq, sql } from "drizzle-orm";
import { getDb, type Tx, type Writer } from "#db/client";
import { needs, projectNeeds, projectResources, projects, proposals, resources } from "#db/schema";
import { FORM_OF_RESOURCE_KIND } from "#domain/vocabulary";
import type { Decision } from "~/schemas/proposal";
import { forbidden, notFound } from "~/utils/auth.server";
import { DomainConflict, refusing, type Result } from "~/utils/domain-result.server";
import { canViewProposal } from "~/utils/permissions";
import { type Actor } from "~/utils/permission-actor";
import { quarterOf } from "~/schemas/project-labels";
import { writeAudit } from "~/models/platform/audit.server";
import { notify } from "~/models/platform/notifications.server";
import { recordProjectEvent } from "~/models/projects/project-lifecycle.server";
import { selectProposals, withDistance, type ProposalRowView, type ProposalView } from "./proposal-view.server";
import { auditProposalStep, decidingSide } from "./proposal-side.server";
import { withdrawAcceptance } from "./proposal-withdraw.server";
import { learnFromDecision } from "./decision-evidence.server";

/** One proposal (any status) by id, with what its card shows; undefined when there is none. */
function proposalById(db: Writer, id: number) {
  return selectProposals(db, eq(proposals.id, id))[0];
}

export function getProposal(actor: Actor, id: number): ProposalView {
  const found = proposalById(getDb(), id);
  if (!found) notFound("找不到这条匹配建议");
  if (!canViewProposal(actor, found)) forbidden("您无权查看这条匹配建议");
  return withDistance([found])[0]!;
}

export type Decided = { confirmed: boolean; projectId?: number };

const NO_CAPACITY = "该资源的可服务名额已经用完，无法再确认。请选择其他资源。";
const NEED_TAKEN = "该需求已经由其他项目承接或已撤回，无法再确认。";

/** Why a proposal can no longer be decided, in the words its reader needs. */
function settledMessage(row: ProposalRowView) {
  if (row.status === "confirmed") return "这条建议已经确认，项目草稿已生成。";
  if (row.status === "rejected") return "这条建议已被拒绝。";
  if (row.resourceStatus !== "open" || row.remainingCapacity <= 0) return NO_CAPACITY;
  if (row.needStatus !== "open") return NEED_TAKEN;
  return "这条建议已被新的匹配结果取代，请查看最新建议。";
}

/**
 * Records one side's decision, or takes back its acceptance (proposal-withdraw.server.ts). When both sides have accepted, the proposal is confirmed in the
 * same transaction: the need becomes matched, the resource gives up one unit of capacity (a
 * conditional update, so two confirmations racing for the last place cannot both win) and a
 * draft project is created.
 */
export function decideProposal(actor: Actor, id: number, decision: Decision): Result<Decided> {
  return refusing(() =>
    getDb().transaction(
      (tx): Decided => {
        if (decision.intent === "withdraw") {
          withdrawAcceptance(tx, actor, id);
          return { confirmed: false };
        }
        const row = proposalById(tx, id);
        if (!row) notFound("找不到这条匹配建议");
        const side = decidingSide(actor, row);
        if (row.status !== "proposed") throw new DomainConflict(settledMessage(row));
        const mineColumn = side === "community" ? "communityDecision" : "unitDecision";
        if (row[mineColumn] !== "pending") throw new DomainConflict("您已经对这条建议作出了决定");
        const before = tx.select().from(proposals).where(eq(proposals.id, id)).get();
        if (decision.intent === "reject") {
          const after = tx
            .update(proposals)
            .set({
              [mineColumn]: "rejected",
              status: "rejected",
              rejectReason: decision.reason ?? null,
              decidedBy: actor.id,
            })
            .where(eq(proposals.id, id))
            .returning()
            .get();
          auditProposalStep(tx, actor, "reject", side, id, before, after);
          learnFromDecision(tx, {
            needId: row.needId,
            resourceId: row.resourceId,
            kind: "reject",
            reason: decision.reason,
          });
          return { confirmed: false };
        }
        const after = tx
          .update(proposals)
          .set({ [mineColumn]: "accepted", decidedBy: actor.id })
          .where(eq(proposals.id, id))
          .returning()
          .get();
        auditProposalStep(tx, actor, "accept", side, id, before, after);
        learnFromDecision(tx, { needId: row.needId, resourceId: row.resourceId, kind: "accept" });
        const other = side === "community" ? row.unitDecision : row.communityDecision;
        if (other !== "accepted") return { confirmed: false };
        return { confirmed: true, projectId: confirm(tx, actor, row) };
      },
      { behavior: "immediate" },
    ),
  );
}

function confirm(tx: Tx, actor: Actor, row: ProposalRowView): number {
  const taken = tx
    .update(resources)
    .set({
      usedCapacity: sql`${resources.usedCapacity} + 1`,
      status: sql`CASE WHEN ${resources.usedCapacity} + 1 >= ${resources.capacity} THEN 'exhausted' ELSE ${resources.status} END`,
    })
    .where(
      and(
        eq(resources.id, row.resourceId),
        eq(resources.status, "open"),
        sql`${resources.usedCapacity} < ${resources.capacity}`,
      ),
    )
    .returning({ status: resources.status })
    .get();
  if (!taken) throw new DomainConflict(NO_CAPACITY);
  const need = tx
    .update(needs)
    .set({ status: "matched" })
    .where(and(eq(needs.id, row.needId), eq(needs.status, "open")))
    .returning({ id: needs.id })
    .get();
  if (!need) throw new DomainConflict(NEED_TAKEN);
  const project = tx
    .insert(projects)
    .values({
      communityId: row.communityId,
      title: row.needTitle,
      status: "draft",
      proposalId: row.id,
      forms: [FORM_OF_RESOURCE_KIND[row.resourceKind]],
      period: quarterOf(new Date()),
      createdBy: actor.id,
    })
    .returning()
    .get();
  recordProjectEvent(tx, {
    projectId: project.id,
    actorId: actor.id,
    kind: "created",
    message: `社区与${row.unitName}确认匹配建议，生成项目草稿`,
  });
  tx.insert(projectNeeds).values({ projectId: project.id, needId: row.needId }).run();
  tx.insert(projectResources).values({ projectId: project.id, resourceId: row.resourceId, unitId: row.unitId }).run();
  tx.update(proposals).set({ status: "confirmed" }).where(eq(proposals.id, row.id)).run();
  // Other live proposals of this need, and of a resource that is now used up, can no longer be confirmed.
  // (Two statements: an OR across both columns trips SQLite's planner with the partial unique index.)
  tx.update(proposals)
    .set({ status: "superseded" })
    .where(and(eq(proposals.needId, row.needId), eq(proposals.status, "proposed")))
    .run();
  if (taken.status === "exhausted") {
    tx.update(proposals)
      .set({ status: "superseded" })
      .where(and(eq(proposals.resourceId, row.resourceId), eq(proposals.status, "proposed")))
      .run();
  }
  writeAudit(tx, {
    actorId: actor.id,
    action: "proposal.confirm",
    entityType: "proposal",
    entityId: row.id,
    after: { needId: row.needId, resourceId: row.resourceId, projectId: project.id },
  });
  writeAudit(tx, {
    actorId: actor.id,
    action: "project.create",
    entityType: "project",
    entityId: project.id,
    after: project,
  });
  notify(
    tx,
    [{ communityId: row.communityId }, { unitId: row.unitId }, { streetId: row.streetId }],
    {
      kind: "project.created",
      title: `项目草稿已生成：${row.needTitle}`,
      body: `${row.communityName}与${row.unitName}已确认对接，待街道审批（通常在联席会议上）。`,
      link: `/projects/${project.id}`,
    },
    { exceptUserId: actor.id },
  );
  return project.id;
}
