import { and, count, eq } from "drizzle-orm";
import { getDb } from "#db/client";
import { communities, needs, proposals, streets, type MatchRun } from "#db/schema";
import { forbidden } from "~/utils/auth.server";
import type { Actor } from "~/utils/permissions";
import { latestRun, requestMatch } from "./match-runs.server";
import { proposalsInScope } from "./proposals.server";

export type RematchScope = { scope: "street"; scopeId: number } | { scope: "district"; scopeId: number };

/** A street reviewer rematches their street; a district user one street of the district, or all of it. */
export function rematchScope(actor: Actor, streetId: number | undefined): RematchScope {
  if (actor.role === "street" && actor.streetId) return { scope: "street", scopeId: actor.streetId };
  if (actor.role === "district" && actor.districtId) {
    if (!streetId) return { scope: "district", scopeId: actor.districtId };
    const street = getDb().select().from(streets).where(eq(streets.id, streetId)).get();
    if (!street || street.districtId !== actor.districtId) forbidden("只能重新匹配本区的街道");
    return { scope: "street", scopeId: streetId };
  }
  forbidden("只有街道和区级用户可以发起重新匹配");
}

export function startRematch(actor: Actor, target: RematchScope): number {
  return getDb().transaction((tx) => requestMatch(tx, { scope: target.scope, scopeId: target.scopeId, requestedBy: actor.id }));
}

export function runProgress(run: MatchRun | undefined | null) {
  if (!run) return null;
  const percent = run.status === "done" ? 100 : run.totalParts > 0 ? Math.round((run.doneParts / run.totalParts) * 100) : 0;
  return { id: run.id, status: run.status, percent, doneParts: run.doneParts, totalParts: run.totalParts, proposalCount: run.proposalCount, error: run.error, createdAt: run.createdAt, finishedAt: run.finishedAt };
}

/** The newest run that rematched this scope: for a street, its own run or its district's. */
function latestCoveringRun(target: RematchScope) {
  const own = latestRun(target.scope, target.scopeId);
  if (target.scope === "district") return own;
  const districtId = getDb().select({ d: streets.districtId }).from(streets).where(eq(streets.id, target.scopeId)).get()?.d;
  const district = districtId ? latestRun("district", districtId) : undefined;
  if (!own) return district;
  if (!district) return own;
  return district.id > own.id ? district : own;
}

export function matchingOverview(actor: Actor, target: RematchScope) {
  const db = getDb();
  const where = target.scope === "street" ? eq(communities.streetId, target.scopeId) : eq(streets.districtId, target.scopeId);
  const byStatus = db
    .select({ status: proposals.status, n: count() })
    .from(proposals)
    .innerJoin(needs, eq(needs.id, proposals.needId))
    .innerJoin(communities, eq(communities.id, needs.communityId))
    .innerJoin(streets, eq(streets.id, communities.streetId))
    .where(where)
    .groupBy(proposals.status)
    .all();
  const openNeeds = db
    .select({ n: count() })
    .from(needs)
    .innerJoin(communities, eq(communities.id, needs.communityId))
    .innerJoin(streets, eq(streets.id, communities.streetId))
    .where(and(where, eq(needs.status, "open")))
    .get()!.n;
  return {
    run: runProgress(latestCoveringRun(target)),
    counts: Object.fromEntries(byStatus.map((r) => [r.status, r.n])) as Partial<Record<string, number>>,
    openNeeds,
    draftList: proposalsInScope(actor, target, { assignedOnly: true }),
  };
}
