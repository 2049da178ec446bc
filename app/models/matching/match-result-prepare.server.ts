/**
 * A matching result regrouped for writing (match-results.server.ts): the run's needs in ascending
 * order, and for each the pairs the engine proposed, with whether the assignment chose them.
 */
import type { MatchingOutput } from "#workers/matching/types";
import type { Steps } from "~/models/platform/steps.server";

/** Output proposals regrouped between two yields, when preparing a result in chunks. */
const PROPOSALS_PER_SLICE = 5_000;

export interface Wanted {
  resourceId: number;
  score: number;
  reasons: string[];
  assigned: boolean;
}

/** A result regrouped by need: the run's needs (ascending) and the pairs proposed for each. */
export interface Prepared {
  needIds: number[];
  byNeed: Map<number, Wanted[]>;
}

export const pairKey = (needId: number, resourceId: number) => `${needId}:${resourceId}`;
const toIds = (ids: readonly string[]) => [...new Set(ids.map(Number).filter((n) => Number.isInteger(n) && n > 0))];

/** Regroups the output by need (the first of duplicate pairs wins); pauses every slice so the caller may yield. */
export function* prepare(needIds: readonly string[], output: MatchingOutput): Steps<Prepared> {
  const assigned = new Set<string>();
  for (let i = 0; i < output.assignment.length; i++) {
    const a = output.assignment[i]!;
    assigned.add(pairKey(Number(a.needId), Number(a.resourceId)));
    if (i % PROPOSALS_PER_SLICE === PROPOSALS_PER_SLICE - 1) yield;
  }
  const byNeed = new Map<number, Wanted[]>();
  const seen = new Set<string>();
  for (let i = 0; i < output.proposals.length; i++) {
    const p = output.proposals[i]!;
    const needId = Number(p.needId);
    const resourceId = Number(p.resourceId);
    const key = pairKey(needId, resourceId);
    if (!seen.has(key)) {
      seen.add(key);
      let list = byNeed.get(needId);
      if (!list) byNeed.set(needId, (list = []));
      list.push({ resourceId, score: p.score, reasons: p.reasons, assigned: assigned.has(key) });
    }
    if (i % PROPOSALS_PER_SLICE === PROPOSALS_PER_SLICE - 1) yield;
  }
  return { needIds: toIds(needIds).sort((a, b) => a - b), byNeed };
}

export function chunksOf<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}
