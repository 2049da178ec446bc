import { eq } from "drizzle-orm";
import { getDb } from "#db/client";
import { streets, type MatchRun } from "#db/schema";
import { forbidden } from "~/utils/auth.server";
import type { Actor } from "~/utils/permission-actor";
import { talliedCount } from "~/models/catalog/list-counts.server";
import { latestRun, requestMatch } from "./match-runs.server";
import { draftProjectList } from "./proposal-lists.server";
import { overlappingRematch, runPhase, type RunPhase } from "./run-phase.server";
import { refuse, type Result } from "~/utils/domain-result.server";

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

const PHASE_WORDS: Record<RunPhase, string> = {
  queued: "正在排队",
  running: "正在计算",
  retrying: "等待重试",
  done: "已完成",
  failed: "已失败",
};

/**
 * Starts a rematch, unless one overlapping it has not finished (the same street or district, the
 * district of this street, a street of this district): a second would recompute the same needs
 * and race the first. Checked and recorded in one immediate transaction, so of two requests at
 * once exactly one starts.
 */
export function startRematch(actor: Actor, target: RematchScope): Result<{ runId: number }> {
  return getDb().transaction(
    (tx): Result<{ runId: number }> => {
      const running = overlappingRematch(tx, target);
      if (running) {
        const what = running.scope === "district" ? "全区" : target.scope === "district" ? "区内一个街道" : "这个街道";
        return refuse(`${what}的重新匹配（${PHASE_WORDS[runPhase(running)]}）尚未完成，请等它完成后再发起重新匹配。`);
      }
      return {
        ok: true,
        runId: requestMatch(tx, { scope: target.scope, scopeId: target.scopeId, requestedBy: actor.id }),
      };
    },
    { behavior: "immediate" },
  );
}

export function runProgress(run: MatchRun | undefined | null) {
  if (!run) return null;
  const percent =
    run.status === "done" ? 100 : run.totalParts > 0 ? Math.round((run.doneParts / run.totalParts) * 100) : 0;
  return {
    id: run.id,
    status: run.status,
    phase: runPhase(run),
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
