import { and, desc, eq, inArray, ne, sql, type SQL } from "drizzle-orm";
import { getDb, type Tx } from "#db/client";
import { communities, needs, projectNeeds, projectResources, projects, proposals, resources, streets, units, type CobuildingForm, type ResourceKind } from "#db/schema";
import { haversineKm } from "#workers/matching/geo";
import type { Decision } from "~/schemas/proposal";
import { forbidden, notFound } from "~/utils/auth.server";
import { canDecideAsCommunity, canDecideAsUnit, canViewProposal, type Actor } from "~/utils/permissions";
import { quarterOf } from "~/schemas/project-labels";
import { writeAudit } from "./audit.server";
import { notify } from "./notifications.server";
import { recordProjectEvent } from "./project-lifecycle.server";

const columns = {
  id: proposals.id,
  score: proposals.score,
  reasons: proposals.reasons,
  origin: proposals.origin,
  status: proposals.status,
  communityDecision: proposals.communityDecision,
  unitDecision: proposals.unitDecision,
  rejectReason: proposals.rejectReason,
  assigned: proposals.assigned,
  updatedAt: proposals.updatedAt,
  needId: needs.id,
  needTitle: needs.title,
  needStatus: needs.status,
  needCategory: needs.category,
  communityId: communities.id,
  communityName: communities.name,
  communityLat: communities.lat,
  communityLng: communities.lng,
  streetId: communities.streetId,
  districtId: streets.districtId,
  resourceId: resources.id,
  resourceTitle: resources.title,
  resourceStatus: resources.status,
  resourceKind: resources.kind,
  remainingCapacity: sql<number>`${resources.capacity} - ${resources.usedCapacity}`,
  unitId: units.id,
  unitName: units.name,
  unitLat: units.lat,
  unitLng: units.lng,
};

function query(db: ReturnType<typeof getDb> | Tx, where: SQL | undefined) {
  return db
    .select(columns)
    .from(proposals)
    .innerJoin(needs, eq(needs.id, proposals.needId))
    .innerJoin(communities, eq(communities.id, needs.communityId))
    .innerJoin(streets, eq(streets.id, communities.streetId))
    .innerJoin(resources, eq(resources.id, proposals.resourceId))
    .innerJoin(units, eq(units.id, resources.unitId))
    .where(where)
    .orderBy(desc(proposals.score), proposals.id)
    .all();
}

export type ProposalView = ReturnType<typeof query>[number] & { distanceKm: number };

function withDistance(rows: ReturnType<typeof query>): ProposalView[] {
  return rows.map((r) => ({ ...r, distanceKm: Math.round(haversineKm(r.unitLat, r.unitLng, r.communityLat, r.communityLng) * 10) / 10 }));
}

/** Live and settled proposals of one need, best first, for its community and reviewers. */
export function proposalsForNeed(actor: Actor, needId: number) {
  return withDistance(query(getDb(), eq(proposals.needId, needId))).filter((p) => canViewProposal(actor, p) && p.status !== "superseded");
}

export function proposalsForResource(actor: Actor, resourceId: number) {
  return withDistance(query(getDb(), eq(proposals.resourceId, resourceId))).filter((p) => canViewProposal(actor, p) && p.status !== "superseded");
}

/** The actor's inbox: proposals awaiting their side's decision, then recently settled ones. */
export function proposalInbox(actor: Actor) {
  const mine: SQL | undefined =
    actor.role === "community"
      ? eq(needs.communityId, actor.communityId ?? -1)
      : actor.role === "unit"
        ? eq(resources.unitId, actor.unitId ?? -1)
        : forbidden("匹配建议由社区和驻区单位处理");
  const myDecision = actor.role === "community" ? proposals.communityDecision : proposals.unitDecision;
  const awaiting = withDistance(query(getDb(), and(mine, eq(proposals.status, "proposed"), eq(myDecision, "pending"))));
  const waitingOnOther = withDistance(query(getDb(), and(mine, eq(proposals.status, "proposed"), ne(myDecision, "pending"))));
  const settled = withDistance(query(getDb(), and(mine, inArray(proposals.status, ["confirmed", "rejected"])))).slice(0, 20);
  return { awaiting, waitingOnOther, settled };
}

export function getProposal(actor: Actor, id: number): ProposalView {
  const row = withDistance(query(getDb(), eq(proposals.id, id)))[0];
  if (!row) notFound("找不到这条匹配建议");
  if (!canViewProposal(actor, row)) forbidden("您无权查看这条匹配建议");
  return row;
}

export type DecisionResult = { ok: true; confirmed: boolean; projectId?: number } | { ok: false; error: string };

class Conflict extends Error {}

const NO_CAPACITY = "该资源的可服务名额已经用完，无法再确认。请选择其他资源。";
const NEED_TAKEN = "该需求已经由其他项目承接或已撤回，无法再确认。";

/** Why a proposal can no longer be decided, in the words its reader needs. */
function settledMessage(row: ReturnType<typeof query>[number]) {
  if (row.status === "confirmed") return "这条建议已经确认，项目草稿已生成。";
  if (row.status === "rejected") return "这条建议已被拒绝。";
  if (row.resourceStatus !== "open" || row.remainingCapacity <= 0) return NO_CAPACITY;
  if (row.needStatus !== "open") return NEED_TAKEN;
  return "这条建议已被新的匹配结果取代，请查看最新建议。";
}

/**
 * Records one side's decision. When both sides have accepted, the proposal is confirmed in the
 * same transaction: the need becomes matched, the resource gives up one unit of capacity (a
 * conditional update, so two confirmations racing for the last place cannot both win) and a
 * draft project is created.
 */
export function decideProposal(actor: Actor, id: number, decision: Decision): DecisionResult {
  try {
    return getDb().transaction(
      (tx) => {
        const row = query(tx, eq(proposals.id, id))[0];
        if (!row) notFound("找不到这条匹配建议");
        const side = canDecideAsCommunity(actor, row) ? "community" : canDecideAsUnit(actor, row) ? "unit" : forbidden("只有需求所在社区和资源所属单位可以处理这条建议");
        if (row.status !== "proposed") throw new Conflict(settledMessage(row));
        const mineColumn = side === "community" ? "communityDecision" : "unitDecision";
        if (row[mineColumn] !== "pending") throw new Conflict("您已经对这条建议作出了决定");
        const before = tx.select().from(proposals).where(eq(proposals.id, id)).get();
        if (decision.intent === "reject") {
          const after = tx
            .update(proposals)
            .set({ [mineColumn]: "rejected", status: "rejected", rejectReason: decision.reason ?? null, decidedBy: actor.id })
            .where(eq(proposals.id, id))
            .returning()
            .get();
          writeAudit(tx, { actorId: actor.id, action: `proposal.reject_by_${side}`, entityType: "proposal", entityId: id, before, after });
          return { ok: true, confirmed: false };
        }
        const after = tx.update(proposals).set({ [mineColumn]: "accepted", decidedBy: actor.id }).where(eq(proposals.id, id)).returning().get();
        writeAudit(tx, { actorId: actor.id, action: `proposal.accept_by_${side}`, entityType: "proposal", entityId: id, before, after });
        const other = side === "community" ? row.unitDecision : row.communityDecision;
        if (other !== "accepted") return { ok: true, confirmed: false };
        return { ok: true, confirmed: true, projectId: confirm(tx, actor, row) };
      },
      { behavior: "immediate" },
    );
  } catch (error) {
    if (error instanceof Conflict) return { ok: false, error: error.message };
    throw error;
  }
}

/** A first guess of the project's form of co-building from what the unit offers; the community may change it. */
const FORM_OF_RESOURCE_KIND: Record<ResourceKind, CobuildingForm> = {
  volunteers: "joint_activity",
  expertise: "joint_activity",
  jobs_training: "org_building",
  venue: "resource_sharing",
  funds: "resource_sharing",
  goods: "resource_sharing",
  equipment: "resource_sharing",
};

function confirm(tx: Tx, actor: Actor, row: ReturnType<typeof query>[number]): number {
  const taken = tx
    .update(resources)
    .set({
      usedCapacity: sql`${resources.usedCapacity} + 1`,
      status: sql`CASE WHEN ${resources.usedCapacity} + 1 >= ${resources.capacity} THEN 'exhausted' ELSE ${resources.status} END`,
    })
    .where(and(eq(resources.id, row.resourceId), eq(resources.status, "open"), sql`${resources.usedCapacity} < ${resources.capacity}`))
    .returning({ status: resources.status })
    .get();
  if (!taken) throw new Conflict(NO_CAPACITY);
  const need = tx.update(needs).set({ status: "matched" }).where(and(eq(needs.id, row.needId), eq(needs.status, "open"))).returning({ id: needs.id }).get();
  if (!need) throw new Conflict(NEED_TAKEN);
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
  recordProjectEvent(tx, { projectId: project.id, actorId: actor.id, kind: "created", message: `社区与${row.unitName}确认匹配建议，生成项目草稿` });
  tx.insert(projectNeeds).values({ projectId: project.id, needId: row.needId }).run();
  tx.insert(projectResources).values({ projectId: project.id, resourceId: row.resourceId, unitId: row.unitId }).run();
  tx.update(proposals).set({ status: "confirmed" }).where(eq(proposals.id, row.id)).run();
  // Other live proposals of this need, and of a resource that is now used up, can no longer be confirmed.
  // (Two statements: an OR across both columns trips SQLite's planner with the partial unique index.)
  tx.update(proposals).set({ status: "superseded" }).where(and(eq(proposals.needId, row.needId), eq(proposals.status, "proposed"))).run();
  if (taken.status === "exhausted") {
    tx.update(proposals).set({ status: "superseded" }).where(and(eq(proposals.resourceId, row.resourceId), eq(proposals.status, "proposed"))).run();
  }
  writeAudit(tx, { actorId: actor.id, action: "proposal.confirm", entityType: "proposal", entityId: row.id, after: { needId: row.needId, resourceId: row.resourceId, projectId: project.id } });
  writeAudit(tx, { actorId: actor.id, action: "project.create", entityType: "project", entityId: project.id, after: project });
  notify(tx, [{ communityId: row.communityId }, { unitId: row.unitId }, { streetId: row.streetId }], {
    kind: "project.created",
    title: `项目草稿已生成：${row.needTitle}`,
    body: `${row.communityName}与${row.unitName}已确认对接，待街道审批（通常在联席会议上）。`,
    link: `/projects/${project.id}`,
  }, { exceptUserId: actor.id });
  return project.id;
}

/** Live proposals of a street or district; with assignedOnly, the run's draft project list. */
export function proposalsInScope(actor: Actor, target: { scope: "street" | "district"; scopeId: number }, options: { assignedOnly?: boolean } = {}) {
  const where = and(
    target.scope === "street" ? eq(communities.streetId, target.scopeId) : eq(streets.districtId, target.scopeId),
    eq(proposals.status, "proposed"),
    options.assignedOnly ? eq(proposals.assigned, true) : undefined,
  );
  return withDistance(query(getDb(), where)).filter((p) => canViewProposal(actor, p));
}
