import { eq } from "drizzle-orm";
import { getDb } from "#db/client";
import { streets, type MatchRun } from "#db/schema";
import { forbidden } from "~/utils/auth.server";
import type { Actor } from "~/utils/permission-actor";
import { talliedCount } from "~/models/catalog/list-counts.server";
import { latestRun, requestMatch } from "./match-runs.server";
import { draftProjectList } from "./proposal-lists.server";

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
  return getDb().transaction((tx) =>
    requestMatch(tx, { scope: target.scope, scopeId: target.scopeId, requestedBy: actor.id }),
  );
}

export function runProgress(run: MatchRun | undefined | null) {
  if (!run) return null;
  const percent =
    run.status === "done" ? 100 : run.totalParts > 0 ? Math.round((run.doneParts / run.totalParts) * 100) : 0;
  return {
    id: run.id,
    status: run.status,
    percent,
    doneParts: run.doneParts,
    totalParts: run.totalParts,
    proposalCount: run.proposalCount,
    error: run.error,
    createdAt: run.createdAt,
    finishedAt: run.finishedAt,
  };
}

/** The newest run that rematched this scope: for a street, its own run or its district's. */
function latestCoveringRun(target: RematchScope) {
  const own = latestRun(target.scope, target.scopeId);
  if (target.scope === "district") return own;
  const districtId = getDb()
    .select({ d: streets.districtId })
    .from(streets)
    .where(eq(streets.id, target.scopeId))
    .get()?.d;
  const district = districtId ? latestRun("district", districtId) : undefined;
  if (!own) return district;
  if (!district) return own;
  return district.id > own.id ? district : own;
}

/**
 * What /matching shows for a street or district: the latest run's progress, the count of open
 * needs, and one page of the draft project list with its total. (Counts of every live or
 * confirmed proposal are not shown: at city size that is a count over a hundred thousand rows on
 * every poll of the progress bar.)
 */
export function matchingOverview(actor: Actor, target: RematchScope, draftPage?: number) {
  // Only reviewers reach here (rematchScope), and their open needs are a tally.
  const openNeeds =
    talliedCount(actor, "need", { status: "open", streetId: target.scope === "street" ? target.scopeId : undefined }) ??
    0;
  return {
    run: runProgress(latestCoveringRun(target)),
    openNeeds,
    draftList: draftProjectList(actor, target, draftPage),
  };
}
