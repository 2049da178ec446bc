/**
 * Shared evaluation of the matching engine on a labelled set (tests/matching/labelled-set.ts,
 * tests/matching/holdout-set.ts): ranking accuracy, assignment precision, hard constraints,
 * ordering of proposals and restraint on needs nothing fits. Every metric returns the figures and
 * the offending items so that a failing run can print them.
 */
import {
  ACCEPTABLE_SCORE,
  type MatchingInput,
  type MatchingNeed,
  type MatchingOutput,
  type MatchingResource,
  type Proposal,
} from "#workers/matching/types";
import type { LabelledSet } from "./labelled-set";

/** Slack for engines that compute distance a little differently; the sets keep ≥ 0.1 km from every edge. */
export const DISTANCE_SLACK_KM = 0.05;

export function haversineKm(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const toRad = (deg: number) => (deg * Math.PI) / 180;
  const dLat = toRad(b.lat - a.lat);
  const dLng = toRad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(toRad(a.lat)) * Math.cos(toRad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Windows overlap; a missing date is open-ended. Dates are "YYYY-MM-DD", so strings compare as dates. */
export function windowsOverlap(need: MatchingNeed, resource: MatchingResource): boolean {
  const startsBeforeOtherEnds = (start?: string, end?: string) => !start || !end || start <= end;
  return (
    startsBeforeOtherEnds(need.startDate, resource.endDate) && startsBeforeOtherEnds(resource.startDate, need.endDate)
  );
}

export const clone = (value: MatchingInput): MatchingInput => structuredClone(value);

export function proposalsByNeed(output: MatchingOutput): Map<string, Proposal[]> {
  const byNeed = new Map<string, Proposal[]>();
  for (const p of output.proposals) {
    const list = byNeed.get(p.needId) ?? [];
    list.push(p);
    byNeed.set(p.needId, list);
  }
  return byNeed;
}

/** Returns a checker telling why a need–resource pair breaks a hard constraint, or null if it does not. */
export function pairViolationChecker(input: MatchingInput): (needId: string, resourceId: string) => string | null {
  const needsById = new Map(input.needs.map((n) => [n.id, n]));
  const resourcesById = new Map(input.resources.map((r) => [r.id, r]));
  const unitsById = new Map(input.units.map((u) => [u.id, u]));
  const communitiesById = new Map(input.communities.map((c) => [c.id, c]));
  return (needId, resourceId) => {
    const need = needsById.get(needId);
    const resource = resourcesById.get(resourceId);
    if (!need) return `unknown need ${needId}`;
    if (!resource) return `unknown resource ${resourceId}`;
    const community = communitiesById.get(need.communityId);
    const unit = unitsById.get(resource.unitId);
    if (!community || !unit) return `missing community or unit for ${needId}–${resourceId}`;
    if (resource.serviceRadiusKm != null) {
      const km = haversineKm(unit, community);
      if (km > resource.serviceRadiusKm + DISTANCE_SLACK_KM) {
        return `${needId}–${resourceId}: ${km.toFixed(2)} km > radius ${resource.serviceRadiusKm} km`;
      }
    }
    if (!windowsOverlap(need, resource)) {
      return `${needId}–${resourceId}: windows do not overlap (need ${need.startDate ?? "…"}~${need.endDate ?? "…"}, resource ${resource.startDate ?? "…"}~${resource.endDate ?? "…"})`;
    }
    return null;
  };
}

/** Problems with the set itself: every need in exactly one of expected / unmatchable, every label feasible. */
export function setConsistencyProblems(set: LabelledSet): string[] {
  const { input, expected, unmatchable } = set;
  const pairViolation = pairViolationChecker(input);
  const problems: string[] = [];
  const expectedIds = Object.keys(expected);
  for (const need of input.needs) {
    if (expectedIds.includes(need.id) === unmatchable.includes(need.id)) {
      problems.push(`${need.id} must be in exactly one of expected / unmatchable`);
    }
  }
  for (const [needId, list] of Object.entries(expected)) {
    if (list.length === 0) problems.push(`${needId} has no expected resource`);
    for (const resourceId of list) {
      const v = pairViolation(needId, resourceId);
      if (v) problems.push(v);
    }
  }
  return problems;
}

export interface RankingFigures {
  needs: number;
  top1: number;
  top3: number;
  top1Rate: number;
  top3Rate: number;
  misses: string[];
}

export function rankingFigures(set: LabelledSet, byNeed: Map<string, Proposal[]>): RankingFigures {
  const titles = new Map(set.input.needs.map((n) => [n.id, n.title]));
  const needIds = Object.keys(set.expected);
  let top1 = 0;
  let top3 = 0;
  const misses: string[] = [];
  for (const needId of needIds) {
    const ok = set.expected[needId];
    const got = (byNeed.get(needId) ?? []).map((p) => p.resourceId);
    if (got.length > 0 && ok.includes(got[0])) top1++;
    if (got.slice(0, 3).some((r) => ok.includes(r))) top3++;
    if (got.length === 0 || !ok.includes(got[0])) {
      misses.push(`${needId} ${titles.get(needId)}: got [${got.join(", ")}], expected [${ok.join(", ")}]`);
    }
  }
  return {
    needs: needIds.length,
    top1,
    top3,
    top1Rate: top1 / needIds.length,
    top3Rate: top3 / needIds.length,
    misses,
  };
}

export interface AssignmentFigures {
  right: number;
  total: number;
  precision: number;
  wrong: string[];
}

export function assignmentFigures(set: LabelledSet, output: MatchingOutput): AssignmentFigures {
  let right = 0;
  const wrong: string[] = [];
  for (const a of output.assignment) {
    const ok = set.expected[a.needId];
    if (ok && ok.includes(a.resourceId)) right++;
    else wrong.push(`${a.needId}→${a.resourceId}${ok ? ` (expected ${ok.join("/")})` : " (unmatchable)"}`);
  }
  const total = output.assignment.length;
  return { right, total, precision: total === 0 ? 0 : right / total, wrong };
}

/** Hard-constraint breaches: radius, window, score range, Chinese reasons, one resource per need, capacity. */
export function constraintViolations(input: MatchingInput, output: MatchingOutput): string[] {
  const pairViolation = pairViolationChecker(input);
  const resourcesById = new Map(input.resources.map((r) => [r.id, r]));
  const violations: string[] = [];
  for (const p of output.proposals) {
    const v = pairViolation(p.needId, p.resourceId);
    if (v) violations.push(`proposal ${v}`);
    if (!Number.isFinite(p.score) || p.score < 0 || p.score > 1) {
      violations.push(`proposal ${p.needId}–${p.resourceId}: score ${p.score} outside [0,1]`);
    }
    const hasChineseReason =
      Array.isArray(p.reasons) && p.reasons.some((r) => typeof r === "string" && /[\u4e00-\u9fff]/.test(r.trim()));
    if (!hasChineseReason) violations.push(`proposal ${p.needId}–${p.resourceId}: no Chinese reason`);
  }
  const needsAssigned = new Map<string, number>();
  const resourceUse = new Map<string, number>();
  for (const a of output.assignment) {
    const v = pairViolation(a.needId, a.resourceId);
    if (v) violations.push(`assignment ${v}`);
    needsAssigned.set(a.needId, (needsAssigned.get(a.needId) ?? 0) + 1);
    resourceUse.set(a.resourceId, (resourceUse.get(a.resourceId) ?? 0) + 1);
  }
  for (const [needId, count] of needsAssigned) {
    if (count > 1) violations.push(`assignment gives ${needId} ${count} resources`);
  }
  for (const [resourceId, used] of resourceUse) {
    const capacity = resourcesById.get(resourceId)?.capacity ?? 1;
    if (used > capacity) violations.push(`assignment uses ${resourceId} ${used} times, capacity ${capacity}`);
  }
  return violations;
}

/** Proposals of a need must be contiguous, best-first and at most topK. */
export function orderingProblems(output: MatchingOutput, byNeed: Map<string, Proposal[]>, topK: number): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  let previous: string | null = null;
  for (const p of output.proposals) {
    if (p.needId !== previous) {
      if (seen.has(p.needId)) problems.push(`proposals of ${p.needId} are not contiguous`);
      seen.add(p.needId);
      previous = p.needId;
    }
  }
  for (const [needId, list] of byNeed) {
    if (list.length > topK) problems.push(`${needId} has ${list.length} proposals > topK ${topK}`);
    for (let i = 1; i < list.length; i++) {
      if (list[i].score > list[i - 1].score) problems.push(`${needId} proposals are not best-first`);
    }
  }
  return problems;
}

export interface RestraintFigures {
  tempted: string[];
  rate: number;
  /** "needId→resourceId score" of the best proposal of each tempted need. */
  details: string[];
}

/** Needs nothing fits that still get a proposal scoring ≥ ACCEPTABLE_SCORE. */
export function restraintFigures(set: LabelledSet, byNeed: Map<string, Proposal[]>): RestraintFigures {
  const tempted = set.unmatchable.filter((needId) =>
    (byNeed.get(needId) ?? []).some((p) => p.score >= ACCEPTABLE_SCORE),
  );
  const details = tempted.map((id) => {
    const best = (byNeed.get(id) ?? [])[0];
    return `${id}→${best?.resourceId} ${best?.score.toFixed(2)}`;
  });
  return { tempted, rate: set.unmatchable.length === 0 ? 0 : tempted.length / set.unmatchable.length, details };
}

/** Everything the quality test reports of one matcher on one street. */
export interface StreetFigures {
  rank: RankingFigures;
  /** Mean reciprocal rank of the first acceptable resource among a need's proposals (0 when none). */
  mrr: number;
  assigned: AssignmentFigures;
  /** Needs with an answer that the assignment gives an acceptable resource, over all needs with an answer. */
  coverage: number;
  restraint: RestraintFigures;
  violations: string[];
}

export function streetFigures(set: LabelledSet, output: MatchingOutput): StreetFigures {
  const byNeed = proposalsByNeed(output);
  const rank = rankingFigures(set, byNeed);
  let mrr = 0;
  for (const [needId, ok] of Object.entries(set.expected)) {
    const at = (byNeed.get(needId) ?? []).findIndex((p) => ok.includes(p.resourceId));
    if (at >= 0) mrr += 1 / (at + 1);
  }
  const assigned = assignmentFigures(set, output);
  return {
    rank,
    mrr: mrr / rank.needs,
    assigned,
    coverage: assigned.right / rank.needs,
    restraint: restraintFigures(set, byNeed),
    violations: constraintViolations(set.input, output),
  };
}

/** One line of figures, in the order of the issue's table. */
export function describeStreet(set: LabelledSet, f: StreetFigures): string {
  const { rank, assigned, restraint } = f;
  return (
    `top-1 ${rank.top1}/${rank.needs} = ${rank.top1Rate.toFixed(3)}; top-3 ${rank.top3}/${rank.needs} = ` +
    `${rank.top3Rate.toFixed(3)}; MRR ${f.mrr.toFixed(3)}; assignment precision ${assigned.right}/${assigned.total} = ` +
    `${assigned.precision.toFixed(3)}, coverage ${assigned.right}/${rank.needs} = ${f.coverage.toFixed(3)}; ` +
    `nothing-fits needs given ≥ 0.5: ${restraint.tempted.length}/${set.unmatchable.length} = ${restraint.rate.toFixed(3)}; ` +
    `${f.violations.length} constraint violations`
  );
}
