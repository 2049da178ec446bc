import { describe, expect, it } from "vitest";
import { assignPairs, type AssignmentProblem } from "#workers/matching/assign";
import { match } from "#workers/matching/engine";
import { ACCEPTABLE_SCORE, type MatchingInput } from "#workers/matching/types";

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Exact optimum by branch and bound: each need takes one of its edges or none. */
function optimum(p: AssignmentProblem): number {
  const byNeed: number[][] = Array.from({ length: p.needCount }, () => []);
  for (let e = 0; e < p.edgeNeed.length; e++) byNeed[p.edgeNeed[e]].push(e);
  for (const list of byNeed) list.sort((a, b) => p.edgeWeight[b] - p.edgeWeight[a]);
  // Upper bound of what needs i.. can still add: each its best edge.
  const rest = new Float64Array(p.needCount + 1);
  for (let i = p.needCount - 1; i >= 0; i--)
    rest[i] = rest[i + 1] + (byNeed[i].length ? p.edgeWeight[byNeed[i][0]] : 0);
  const left = Array.from(p.capacity);
  let best = 0;
  const go = (i: number, total: number) => {
    if (total + rest[i] <= best + 1e-12) return;
    if (i === p.needCount) {
      best = total;
      return;
    }
    for (const e of byNeed[i]) {
      const r = p.edgeRes[e];
      if (left[r] === 0) continue;
      left[r]--;
      go(i + 1, total + p.edgeWeight[e]);
      left[r]++;
    }
    go(i + 1, total);
  };
  go(0, 0);
  return best;
}

function check(p: AssignmentProblem, chosen: Int32Array): number {
  const used = new Map<number, number>();
  let total = 0;
  chosen.forEach((e, need) => {
    if (e < 0) return;
    expect(p.edgeNeed[e]).toBe(need);
    used.set(p.edgeRes[e], (used.get(p.edgeRes[e]) ?? 0) + 1);
    total += p.edgeWeight[e];
  });
  for (const [r, n] of used) expect(n).toBeLessThanOrEqual(p.capacity[r]);
  return total;
}

/** A contested random instance: few resources, many needs, weights in [0.5, 1]. */
function randomProblem(seed: number, needs: number, resources: number): AssignmentProblem {
  const rand = rng(seed);
  const edgeNeed: number[] = [];
  const edgeRes: number[] = [];
  const edgeWeight: number[] = [];
  for (let n = 0; n < needs; n++) {
    for (let r = 0; r < resources; r++) {
      if (rand() < 0.45) {
        edgeNeed.push(n);
        edgeRes.push(r);
        edgeWeight.push(Math.round((0.5 + rand() * 0.5) * 10_000) / 10_000);
      }
    }
  }
  return {
    needCount: needs,
    capacity: Array.from({ length: resources }, () => 1 + Math.floor(rand() * 2)),
    edgeNeed: Int32Array.from(edgeNeed),
    edgeRes: Int32Array.from(edgeRes),
    edgeWeight: Float64Array.from(edgeWeight),
  };
}

describe("assignment", () => {
  it("reaches ≥ 99% of the exact optimum on 60 small random instances", () => {
    for (let seed = 1; seed <= 60; seed++) {
      const p = randomProblem(seed, 4 + (seed % 7), 2 + (seed % 5));
      const best = optimum(p);
      const got = check(p, assignPairs(p));
      expect(got, `instance ${seed}`).toBeGreaterThanOrEqual(0.99 * best - 1e-9);
    }
  });

  it("stays exact on larger contested instances, and keeps capacities when a search is cut short", () => {
    for (let seed = 100; seed < 120; seed++) {
      const p = randomProblem(seed, 12, 6);
      const best = optimum(p);
      expect(check(p, assignPairs(p)), `instance ${seed}`).toBeGreaterThanOrEqual(0.99 * best - 1e-9);
      // With no search allowed, contested needs fall back to "best edge with room": still valid.
      expect(check(p, assignPairs(p, { searchLimit: 0 }))).toBeLessThanOrEqual(best + 1e-9);
    }
  });

  it("gives one resource at most per need, honours capacity, and beats greedy when greedy is wrong", () => {
    // Greedy takes n0–r0 (0.9) and leaves n1 without; the optimum is n0–r1 + n1–r0.
    const p: AssignmentProblem = {
      needCount: 2,
      capacity: [1, 1],
      edgeNeed: Int32Array.from([0, 0, 1]),
      edgeRes: Int32Array.from([0, 1, 0]),
      edgeWeight: Float64Array.from([0.9, 0.85, 0.88]),
    };
    expect(check(p, assignPairs(p))).toBeCloseTo(1.73, 10);
  });

  it("match()'s assignment is ≥ 99% of the optimum over its acceptable proposals, on 50 random streets", () => {
    const titles = [
      "独居老人需要上门探访",
      "老人想有人上门陪伴聊天",
      "空巢老人需要定期探望",
      "老人想学智能手机",
      "老人想学视频通话",
    ];
    const offers = [
      "独居老人探访关爱",
      "志愿者上门陪伴老人",
      "空巢老人定期探望",
      "老年人智能手机课堂",
      "视频通话一对一教学",
    ];
    let withPairs = 0;
    for (let seed = 1; seed <= 50; seed++) {
      const rand = rng(1000 + seed);
      const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
      const input: MatchingInput = {
        communities: [0, 1].map((i) => ({ id: `c${i}`, name: `社区${i}`, lat: 34.62 + i * 0.01, lng: 112.45 })),
        units: [0, 1, 2].map((i) => ({
          id: `u${i}`,
          name: `单位${i}`,
          lat: 34.62 + rand() * 0.01,
          lng: 112.45 + rand() * 0.01,
        })),
        needs: Array.from({ length: 4 + (seed % 5) }, (_, i) => ({
          id: `n${i}`,
          communityId: pick(["c0", "c1"]),
          title: pick(titles),
        })),
        resources: Array.from({ length: 2 + (seed % 4) }, (_, i) => ({
          id: `r${i}`,
          unitId: pick(["u0", "u1", "u2"]),
          title: pick(offers),
          capacity: 1 + Math.floor(rand() * 2),
        })),
      };
      const out = match(input, { topK: 50 });
      const needIndex = new Map(input.needs.map((n, i) => [n.id, i]));
      const resIndex = new Map(input.resources.map((r, i) => [r.id, i]));
      const acceptable = out.proposals.filter((x) => x.score >= ACCEPTABLE_SCORE);
      const p: AssignmentProblem = {
        needCount: input.needs.length,
        capacity: input.resources.map((r) => r.capacity ?? 1),
        edgeNeed: Int32Array.from(acceptable, (x) => needIndex.get(x.needId)!),
        edgeRes: Int32Array.from(acceptable, (x) => resIndex.get(x.resourceId)!),
        edgeWeight: Float64Array.from(acceptable, (x) => x.score),
      };
      const chosen = new Int32Array(p.needCount).fill(-1);
      for (const a of out.assignment) {
        const e = acceptable.findIndex((x) => x.needId === a.needId && x.resourceId === a.resourceId);
        expect(e, `assigned pair ${a.needId}–${a.resourceId} is an acceptable proposal`).toBeGreaterThanOrEqual(0);
        expect(chosen[needIndex.get(a.needId)!]).toBe(-1);
        chosen[needIndex.get(a.needId)!] = e;
      }
      const best = optimum(p);
      if (best > 0) withPairs++;
      expect(check(p, chosen), `street ${seed}`).toBeGreaterThanOrEqual(0.99 * best - 1e-9);
    }
    expect(withPairs).toBeGreaterThanOrEqual(40);
  });
});
