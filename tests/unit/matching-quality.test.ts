/**
 * Quality of the matching engine on a hand-labelled street (tests/matching/labelled-set.ts):
 * accuracy of the ranking, precision of the assignment, hard constraints, restraint on needs
 * nothing fits, and determinism. Figures are printed so that a failing run shows them.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { match } from "../../workers/matching/engine";
import {
  ACCEPTABLE_SCORE,
  type MatchingInput,
  type MatchingNeed,
  type MatchingOutput,
  type MatchingResource,
  type Proposal,
} from "../../workers/matching/types";
import { labelledSet } from "../matching/labelled-set";

const TOP_K = 5;
/** Slack for engines that compute distance a little differently; the set keeps ≥ 0.1 km from every edge. */
const DISTANCE_SLACK_KM = 0.05;

const { input, expected, unmatchable } = labelledSet;

function haversineKm(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const toRad = (deg: number) => (deg * Math.PI) / 180;
  const dLat = toRad(b.lat - a.lat);
  const dLng = toRad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(toRad(a.lat)) * Math.cos(toRad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Windows overlap; a missing date is open-ended. Dates are "YYYY-MM-DD", so strings compare as dates. */
function windowsOverlap(need: MatchingNeed, resource: MatchingResource): boolean {
  const startsBeforeOtherEnds = (start?: string, end?: string) => !start || !end || start <= end;
  return startsBeforeOtherEnds(need.startDate, resource.endDate) && startsBeforeOtherEnds(resource.startDate, need.endDate);
}

const needsById = new Map(input.needs.map((n) => [n.id, n]));
const resourcesById = new Map(input.resources.map((r) => [r.id, r]));
const unitsById = new Map(input.units.map((u) => [u.id, u]));
const communitiesById = new Map(input.communities.map((c) => [c.id, c]));

/** Why a need–resource pair breaks a hard constraint, or null if it does not. */
function pairViolation(needId: string, resourceId: string): string | null {
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
}

function proposalsByNeed(output: MatchingOutput): Map<string, Proposal[]> {
  const byNeed = new Map<string, Proposal[]>();
  for (const p of output.proposals) {
    const list = byNeed.get(p.needId) ?? [];
    list.push(p);
    byNeed.set(p.needId, list);
  }
  return byNeed;
}

const clone = (value: MatchingInput): MatchingInput => structuredClone(value);

describe("matching quality on the labelled street", () => {
  let output: MatchingOutput;
  let byNeed: Map<string, Proposal[]>;

  beforeAll(() => {
    output = match(clone(input), { topK: TOP_K });
    byNeed = proposalsByNeed(output);
  });

  it("the labelled set is self-consistent", () => {
    const expectedIds = Object.keys(expected);
    for (const need of input.needs) {
      const inExpected = expectedIds.includes(need.id);
      const inUnmatchable = unmatchable.includes(need.id);
      expect(inExpected !== inUnmatchable, `${need.id} must be in exactly one of expected / unmatchable`).toBe(true);
    }
    for (const [needId, list] of Object.entries(expected)) {
      expect(list.length, `${needId} has no expected resource`).toBeGreaterThan(0);
      for (const resourceId of list) expect(pairViolation(needId, resourceId)).toBeNull();
    }
  });

  it("ranks an acceptable resource first (top-1 ≥ 0.90) and among the first three (top-3 ≥ 0.97)", () => {
    const needIds = Object.keys(expected);
    let top1 = 0;
    let top3 = 0;
    const misses: string[] = [];
    for (const needId of needIds) {
      const ok = expected[needId];
      const got = (byNeed.get(needId) ?? []).map((p) => p.resourceId);
      if (got.length > 0 && ok.includes(got[0])) top1++;
      if (got.slice(0, 3).some((r) => ok.includes(r))) top3++;
      if (got.length === 0 || !ok.includes(got[0])) {
        misses.push(`${needId} ${needsById.get(needId)?.title}: got [${got.join(", ")}], expected [${ok.join(", ")}]`);
      }
    }
    const top1Rate = top1 / needIds.length;
    const top3Rate = top3 / needIds.length;
    console.log(
      `[matching-quality] top-1 ${top1}/${needIds.length} = ${top1Rate.toFixed(3)}; top-3 ${top3}/${needIds.length} = ${top3Rate.toFixed(3)}`,
    );
    if (misses.length > 0) console.log(`[matching-quality] top-1 misses:\n  ${misses.join("\n  ")}`);
    expect(top1Rate).toBeGreaterThanOrEqual(0.9);
    expect(top3Rate).toBeGreaterThanOrEqual(0.97);
  });

  it("assigns acceptable resources (assignment precision ≥ 0.90)", () => {
    let right = 0;
    const wrong: string[] = [];
    for (const a of output.assignment) {
      const ok = expected[a.needId];
      if (ok && ok.includes(a.resourceId)) right++;
      else wrong.push(`${a.needId}→${a.resourceId}${ok ? ` (expected ${ok.join("/")})` : " (unmatchable)"}`);
    }
    const total = output.assignment.length;
    const precision = total === 0 ? 0 : right / total;
    console.log(
      `[matching-quality] assignment precision ${right}/${total} = ${precision.toFixed(3)}; ` +
        `covers ${total} of ${Object.keys(expected).length} needs with an answer`,
    );
    if (wrong.length > 0) console.log(`[matching-quality] wrong assignments: ${wrong.join(", ")}`);
    expect(precision).toBeGreaterThanOrEqual(0.9);
  });

  it("breaks no hard constraint in proposals or assignment", () => {
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
    console.log(
      `[matching-quality] ${output.proposals.length} proposals, ${output.assignment.length} assignments, ${violations.length} constraint violations`,
    );
    if (violations.length > 0) console.log(`[matching-quality] violations:\n  ${violations.join("\n  ")}`);
    expect(violations).toEqual([]);
  });

  it("keeps proposals of a need contiguous, best-first and within topK", () => {
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
      if (list.length > TOP_K) problems.push(`${needId} has ${list.length} proposals > topK ${TOP_K}`);
      for (let i = 1; i < list.length; i++) {
        if (list[i].score > list[i - 1].score) problems.push(`${needId} proposals are not best-first`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("holds back on needs nothing fits (at most 1 in 5 gets a score ≥ ACCEPTABLE_SCORE)", () => {
    const tempted = unmatchable.filter((needId) => (byNeed.get(needId) ?? []).some((p) => p.score >= ACCEPTABLE_SCORE));
    const rate = tempted.length / unmatchable.length;
    console.log(
      `[matching-quality] unmatchable needs with an acceptable-looking proposal: ${tempted.length}/${unmatchable.length} = ${rate.toFixed(3)}` +
        (tempted.length > 0
          ? ` (${tempted
              .map((id) => {
                const best = (byNeed.get(id) ?? [])[0];
                return `${id}→${best?.resourceId} ${best?.score.toFixed(2)}`;
              })
              .join(", ")})`
          : ""),
    );
    expect(rate).toBeLessThanOrEqual(0.2);
  });

  it("is deterministic", () => {
    const again = match(clone(input), { topK: TOP_K });
    expect(again).toEqual(output);
  });
});
