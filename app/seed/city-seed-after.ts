/**
 * What happens after the simulated years, at the real present: matching, and a first round of
 * decisions on its proposals.
 *
 * Matching. Every createNeed/createResource records a match request (the outbox); replayed, that
 * would be one request per generated need and resource (100,000+ at city size) for the server to
 * compute when it starts. The generator instead drops the requests its own writes made (in the
 * same transaction, so no dispatcher ever sees them), then requests one match per street of the
 * district — what a reviewer's "重新匹配" does — and computes them here with the server's own
 * in-process runner (runPendingInProcess: the same compute and apply functions), so proposals,
 * draft project lists and their notifications exist, and the server starts with an empty outbox.
 * With `match: false` the street requests stay queued for the server to compute.
 */
import { and, asc, eq, gt, isNull, lt, sql } from "drizzle-orm";
import { claimNeed } from "~/models/matching/claims.server";
import { requestMatch, pendingRuns } from "~/models/matching/match-runs.server";
import { markRead } from "~/models/platform/notifications.server";
import { decideProposal } from "~/models/matching/proposals.server";
import { decisionSchema } from "~/schemas/proposal";
import { runPendingInProcess } from "#workers/background/runtime";
import { getDb } from "#db/client";
import { communities, matchRuns, needs, notifications, proposals, resources, streets, users } from "#db/schema";
import type { Random } from "./city-seed-random";
import type { Simulation } from "./city-seed-sim";

export function lastMatchRunId(): number {
  return (
    getDb()
      .select({ id: sql<number>`coalesce(max(${matchRuns.id}), 0)` })
      .from(matchRuns)
      .get()?.id ?? 0
  );
}

/** Drops the match requests written since `afterId` that no dispatcher has taken (see above). */
export function dropGeneratedMatchRequests(afterId: number): number {
  return getDb()
    .delete(matchRuns)
    .where(and(gt(matchRuns.id, afterId), isNull(matchRuns.dispatchedAt), eq(matchRuns.status, "queued")))
    .run().changes;
}

/** One match request per street of the district, in one transaction. */
export function requestStreetMatches(districtId: number): number {
  const db = getDb();
  const ids = db
    .select({ id: streets.id })
    .from(streets)
    .where(eq(streets.districtId, districtId))
    .orderBy(asc(streets.id))
    .all();
  db.transaction((tx) => {
    for (const { id } of ids) requestMatch(tx, { scope: "street", scopeId: id });
  });
  return ids.length;
}

/** Computes and applies every queued request, as the server's in-process runner would. */
export async function drainMatchRequests(): Promise<number> {
  let done = 0;
  while (pendingRuns(1).length > 0) done += await runPendingInProcess(10);
  return done;
}

/**
 * Decisions on the fresh proposals: the demo community and demo unit accept and reject a few
 * (some pairs confirmed by both become draft projects), as does one community and unit in ten;
 * the demo unit claims two needs of its street.
 */
export function decideSomeProposals(sim: Simulation, random: Random) {
  const { world } = sim;
  const db = getDb();
  const liveFor = (
    column: typeof needs.communityId | typeof resources.unitId,
    id: number,
    decided: typeof proposals.communityDecision | typeof proposals.unitDecision,
  ) =>
    db
      .select({ id: proposals.id })
      .from(proposals)
      .innerJoin(needs, eq(needs.id, proposals.needId))
      .innerJoin(resources, eq(resources.id, proposals.resourceId))
      .where(and(eq(column, id), eq(proposals.status, "proposed"), eq(decided, "pending")))
      .orderBy(asc(proposals.id))
      .limit(12)
      .all()
      .map((r) => r.id);
  const accept = decisionSchema.parse({ intent: "accept" });
  const reject = decisionSchema.parse({ intent: "reject", reason: "本季度人手不足，暂不对接" });
  const decide = (actor: Parameters<typeof decideProposal>[0], ids: number[], accepts: number, rejects: number) => {
    random.shuffle(ids);
    ids.slice(0, accepts).forEach((id) => sim.did("接受匹配建议", () => decideProposal(actor, id, accept)));
    ids
      .slice(accepts, accepts + rejects)
      .forEach((id) => sim.did("拒绝匹配建议", () => decideProposal(actor, id, reject)));
  };
  db.transaction(() => {
    for (const c of world.communities) {
      const isDemo = c.id === world.demo.communityId;
      if (isDemo || random.chance(0.1))
        decide(c.actor, liveFor(needs.communityId, c.id, proposals.communityDecision), isDemo ? 4 : 1, isDemo ? 2 : 1);
    }
    for (const u of world.units) {
      const isDemo = u.id === world.demo.unitId;
      if (isDemo || random.chance(0.1))
        decide(u.actor, liveFor(resources.unitId, u.id, proposals.unitDecision), isDemo ? 4 : 1, isDemo ? 1 : 0);
    }
    const demoUnit = world.unitById.get(world.demo.unitId);
    if (!demoUnit) return;
    const resource = db
      .select({ id: resources.id })
      .from(resources)
      .where(
        and(
          eq(resources.unitId, demoUnit.id),
          eq(resources.status, "open"),
          lt(resources.usedCapacity, resources.capacity),
        ),
      )
      .get();
    const open = db
      .select({ id: needs.id })
      .from(needs)
      .innerJoin(communities, eq(communities.id, needs.communityId))
      .where(and(eq(communities.streetId, demoUnit.streetId), eq(needs.status, "open")))
      .orderBy(sql`${needs.id} desc`)
      .limit(2)
      .all();
    if (resource) for (const n of open) sim.did("单位认领需求", () => claimNeed(demoUnit.actor, n.id, resource.id));
  });
}

/** People read their notifications: everything older than a month is marked read (markRead, per user). */
export function readOldNotifications(olderThanIso: string): number {
  const db = getDb();
  let read = 0;
  const people = db.select({ id: users.id }).from(users).all();
  db.transaction(() => {
    for (const { id } of people) {
      const ids = db
        .select({ id: notifications.id })
        .from(notifications)
        .where(
          and(eq(notifications.userId, id), isNull(notifications.readAt), lt(notifications.createdAt, olderThanIso)),
        )
        .all()
        .map((r) => r.id);
      for (let i = 0; i < ids.length; i += 500) read += markRead(id, ids.slice(i, i + 500));
    }
  });
  return read;
}
