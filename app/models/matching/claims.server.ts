import { and, eq, sql } from "drizzle-orm";
import { getDb, type Tx } from "#db/client";
import { communities, needs, proposals, resources, streets, units } from "#db/schema";
import { match } from "#workers/matching/engine";
import { forbidden, notFound } from "~/utils/auth.server";
import { refuse, type Result } from "~/utils/domain-result.server";
import { canManageNeed, canManageResource, canViewNeed, canViewResource } from "~/utils/permissions";
import { type Actor } from "~/utils/permission-actor";
import { writeAudit } from "~/models/platform/audit.server";
import { notify } from "~/models/platform/notifications.server";
import { referredUnitIdsOfNeed } from "~/models/escalations/escalations.server";
import { decideProposal, type Decided } from "./proposals.server";
import { learnFromDecision } from "./decision-evidence.server";

/**
 * Two-way claiming (双向认领): a unit claims an open need with one of its resources, or a
 * community asks for a resource for one of its needs. Either becomes a proposal that the
 * claiming side has already accepted and the other side still has to.
 */
function loadPair(tx: Tx, needId: number, resourceId: number) {
  const need = tx
    .select({
      need: needs,
      lat: communities.lat,
      lng: communities.lng,
      streetId: communities.streetId,
      districtId: streets.districtId,
    })
    .from(needs)
    .innerJoin(communities, eq(communities.id, needs.communityId))
    .innerJoin(streets, eq(streets.id, communities.streetId))
    .where(eq(needs.id, needId))
    .get();
  const resource = tx
    .select({
      resource: resources,
      lat: units.lat,
      lng: units.lng,
      streetId: units.streetId,
      districtId: streets.districtId,
    })
    .from(resources)
    .innerJoin(units, eq(units.id, resources.unitId))
    .innerJoin(streets, eq(streets.id, units.streetId))
    .where(eq(resources.id, resourceId))
    .get();
  return { need, resource };
}

type Pair = ReturnType<typeof loadPair>;

/** The engine's score and reasons for this one pair, or none when a hard constraint breaks it. */
function scorePair({ need, resource }: Required<{ [K in keyof Pair]: NonNullable<Pair[K]> }>) {
  const out = match(
    {
      communities: [{ id: String(need.need.communityId), name: "", lat: need.lat, lng: need.lng }],
      units: [{ id: String(resource.resource.unitId), name: "", lat: resource.lat, lng: resource.lng }],
      needs: [
        {
          id: String(need.need.id),
          communityId: String(need.need.communityId),
          title: need.need.title,
          description: need.need.description,
          category: need.need.category,
          startDate: need.need.startDate ?? undefined,
          endDate: need.need.endDate ?? undefined,
        },
      ],
      resources: [
        {
          id: String(resource.resource.id),
          unitId: String(resource.resource.unitId),
          title: resource.resource.title,
          description: resource.resource.description,
          category: resource.resource.category,
          capacity: 1,
          serviceRadiusKm: resource.resource.serviceRadiusKm,
          startDate: resource.resource.startDate ?? undefined,
          endDate: resource.resource.endDate ?? undefined,
        },
      ],
    },
    { topK: 1 },
  );
  return out.proposals[0] ?? { score: 0, reasons: [] as string[] };
}

type Side = "unit" | "community";

function claim(
  actor: Actor,
  needId: number,
  resourceId: number,
  side: Side,
): Result<Decided & { proposalId?: number }> {
  const db = getDb();
  const result = db.transaction(
    (tx) => {
      const pair = loadPair(tx, needId, resourceId);
      if (!pair.need) notFound("找不到这条需求");
      if (!pair.resource) notFound("找不到这项资源");
      const { need, resource } = pair;
      const needScope = {
        communityId: need.need.communityId,
        streetId: need.streetId,
        districtId: need.districtId,
        status: need.need.status,
        // A unit referred by the district may be of another street (decision 032).
        referredUnitIds: referredUnitIdsOfNeed(tx, needId),
      };
      const resourceScope = {
        unitId: resource.resource.unitId,
        streetId: resource.streetId,
        districtId: resource.districtId,
        status: resource.resource.status,
      };
      if (side === "unit" && !(canManageResource(actor, resourceScope) && canViewNeed(actor, needScope)))
        forbidden("只能用本单位的资源认领本街道征集中的需求");
      if (side === "community" && !(canManageNeed(actor, needScope) && canViewResource(actor, resourceScope)))
        forbidden("只能为本社区的需求申请本街道可对接的资源");
      if (need.need.status !== "open") return refuse("该需求已不在征集中");
      if (resource.resource.status !== "open" || resource.resource.usedCapacity >= resource.resource.capacity)
        return refuse("该资源已没有可服务名额");
      const live = tx
        .select()
        .from(proposals)
        .where(
          and(eq(proposals.needId, needId), eq(proposals.resourceId, resourceId), eq(proposals.status, "proposed")),
        )
        .get();
      // An existing live proposal for the pair is the same conversation: answer it instead.
      if (live) return { ok: true as const, existing: live.id };
      const scored = scorePair({ need, resource });
      const note = side === "unit" ? "由驻区单位主动认领" : "由社区主动申请对接";
      const created = tx
        .insert(proposals)
        .values({
          needId,
          resourceId,
          score: scored.score,
          reasons: [note, ...scored.reasons],
          origin: side === "unit" ? "unit_claim" : "community_request",
          unitDecision: side === "unit" ? "accepted" : "pending",
          communityDecision: side === "community" ? "accepted" : "pending",
          decidedBy: actor.id,
        })
        .returning()
        .get();
      writeAudit(tx, {
        actorId: actor.id,
        action: side === "unit" ? "proposal.claim" : "proposal.request",
        entityType: "proposal",
        entityId: created.id,
        after: created,
      });
      learnFromDecision(tx, { needId, resourceId, kind: "accept" });
      notifyOtherSide(tx, side, {
        proposalId: created.id,
        communityId: need.need.communityId,
        unitId: resource.resource.unitId,
        needTitle: need.need.title,
        resourceTitle: resource.resource.title,
      });
      return { ok: true as const, created: created.id };
    },
    { behavior: "immediate" },
  );
  if (!result.ok) return result;
  if ("created" in result) return { ok: true, confirmed: false, proposalId: result.created };
  const decided = decideProposal(actor, result.existing, { intent: "accept" });
  if (decided.ok && !decided.confirmed) {
    // Answering an existing proposal: the other side now has a yes waiting for its decision.
    db.transaction((tx) => {
      const pair = loadPair(tx, needId, resourceId);
      if (!pair.need || !pair.resource) return;
      notifyOtherSide(tx, side, {
        proposalId: result.existing,
        communityId: pair.need.need.communityId,
        unitId: pair.resource.resource.unitId,
        needTitle: pair.need.need.title,
        resourceTitle: pair.resource.resource.title,
      });
    });
  }
  return decided.ok ? { ...decided, proposalId: result.existing } : decided;
}

/** The side that did not claim or request is asked to decide. */
function notifyOtherSide(
  tx: Tx,
  side: Side,
  p: { proposalId: number; communityId: number; unitId: number; needTitle: string; resourceTitle: string },
) {
  if (side === "unit") {
    notify(
      tx,
      { communityId: p.communityId },
      {
        kind: "proposal.claimed",
        title: "单位认领了您的需求，待您确认",
        body: `需求「${p.needTitle}」，资源「${p.resourceTitle}」`,
        link: `/proposals/${p.proposalId}`,
        dedupeKey: `claim:${p.proposalId}`,
      },
    );
  } else {
    notify(
      tx,
      { unitId: p.unitId },
      {
        kind: "proposal.requested",
        title: "社区申请对接您的资源，待您确认",
        body: `资源「${p.resourceTitle}」，需求「${p.needTitle}」`,
        link: `/proposals/${p.proposalId}`,
        dedupeKey: `request:${p.proposalId}`,
      },
    );
  }
}

export function claimNeed(actor: Actor, needId: number, resourceId: number) {
  return claim(actor, needId, resourceId, "unit");
}

export function requestResource(actor: Actor, resourceId: number, needId: number) {
  return claim(actor, needId, resourceId, "community");
}

/** The actor's own items that can take part in a claim: open resources with room, or open needs. */
export function claimOptions(actor: Actor) {
  const db = getDb();
  if (actor.role === "unit") {
    return db
      .select({ id: resources.id, title: resources.title })
      .from(resources)
      .where(
        and(
          eq(resources.unitId, actor.unitId ?? -1),
          eq(resources.status, "open"),
          sql`${resources.usedCapacity} < ${resources.capacity}`,
        ),
      )
      .all();
  }
  if (actor.role === "community") {
    return db
      .select({ id: needs.id, title: needs.title })
      .from(needs)
      .where(and(eq(needs.communityId, actor.communityId ?? -1), eq(needs.status, "open")))
      .all();
  }
  return [];
}
