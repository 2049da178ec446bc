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

interface Best {
  placed: number;
  total: number;
}

/**
 * Exact optimum by branch and bound: each need takes one of its edges or none. "placed" (the
 * assigner's objective, decision 043): the most needs placed, then the largest total weight;
 * "score": the largest total weight only, however many needs that places.
 */
function optimum(p: AssignmentProblem, objective: "placed" | "score" = "placed"): Best {
  const byNeed: number[][] = Array.from({ length: p.needCount }, () => []);
  for (let e = 0; e < p.edgeNeed.length; e++) byNeed[p.edgeNeed[e]].push(e);
  for (const list of byNeed) list.sort((a, b) => p.edgeWeight[b] - p.edgeWeight[a]);
  // Upper bounds of what needs i.. can still add: each its best edge.
  const rest = new Float64Array(p.needCount + 1);
  const restPlaced = new Int32Array(p.needCount + 1);
  for (let i = p.needCount - 1; i >= 0; i--) {
    rest[i] = rest[i + 1] + (byNeed[i].length ? p.edgeWeight[byNeed[i][0]] : 0);
    restPlaced[i] = restPlaced[i + 1] + (byNeed[i].length ? 1 : 0);
  }
  const better = (a: Best, b: Best) =>
    objective === "score"
      ? a.total > b.total + 1e-12
      : a.placed > b.placed || (a.placed === b.placed && a.total > b.total + 1e-12);
  const left = Array.from(p.capacity);
  let best: Best = { placed: 0, total: 0 };
  const go = (i: number, placed: number, total: number) => {
    if (!better({ placed: placed + restPlaced[i], total: total + rest[i] }, best)) return;
    if (i === p.needCount) {
      best = { placed, total };
      return;
    }
    for (const e of byNeed[i]) {
      const r = p.edgeRes[e];
      if (left[r] === 0) continue;
      left[r]--;
      go(i + 1, placed + 1, total + p.edgeWeight[e]);
      left[r]++;
    }
    go(i + 1, placed, total);
  };
  go(0, 0, 0);
  return best;
}

/** Checks one resource per need and capacity; the needs placed and their total weight. */
function check(p: AssignmentProblem, chosen: Int32Array): Best {
  const used = new Map<number, number>();
  let placed = 0;
  let total = 0;
  chosen.forEach((e, need) => {
    if (e < 0) return;
    expect(p.edgeNeed[e]).toBe(need);
    used.set(p.edgeRes[e], (used.get(p.edgeRes[e]) ?? 0) + 1);
    placed++;
    total += p.edgeWeight[e];
  });
  for (const [r, n] of used) expect(n).toBeLessThanOrEqual(p.capacity[r]);
  return { placed, total };
}

/** The same number of needs placed and the same total weight (to rounding). */
function expectSame(got: Best, best: Best, label: string): void {
  expect(got.placed, label).toBe(best.placed);
  expect(got.total, label).toBeCloseTo(best.total, 9);
}

/** A contested random instance: few resources, many needs, weights in [low, 1]. */
function randomProblem(seed: number, needs: number, resources: number, low = 0.5): AssignmentProblem {
  const rand = rng(seed);
  const edgeNeed: number[] = [];
  const edgeRes: number[] = [];
  const edgeWeight: number[] = [];
  for (let n = 0; n < needs; n++) {
    for (let r = 0; r < resources; r++) {
      if (rand() < 0.45) {
        edgeNeed.push(n);
        edgeRes.push(r);
        edgeWeight.push(Math.max(0.0001, Math.round((low + rand() * (1 - low)) * 10_000) / 10_000));
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
  it("places the most needs, then the largest total score: exact on 120 small random instances", () => {
    for (let seed = 1; seed <= 120; seed++) {
      // Half with acceptable scores only (what match() feeds it), half with any score in (0, 1].
      const p = randomProblem(seed, 4 + (seed % 7), 2 + (seed % 5), seed % 2 ? 0.5 : 0);
      expectSame(check(p, assignPairs(p)), optimum(p), `instance ${seed}`);
    }
  });

  it("stays exact on larger contested instances, and keeps capacities when a search is cut short", () => {
    for (let seed = 100; seed < 120; seed++) {
      const p = randomProblem(seed, 12, 6);
      const best = optimum(p);
      expectSame(check(p, assignPairs(p)), best, `instance ${seed}`);
      // With no search allowed, contested needs fall back to "best edge with room": still valid.
      expect(check(p, assignPairs(p, { searchLimit: 0 })).placed).toBeLessThanOrEqual(best.placed);
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
    expectSame(check(p, assignPairs(p)), { placed: 2, total: 1.73 }, "greedy trap");
  });

  it("places one more need even when that lowers the total score", () => {
    // n2 can only have r0. Seating it moves n0 to r1 and n1 to r2, each to a weaker pair:
    // 0.56 + 0.52 + 0.51 = 1.59 for three needs against 0.95 + 0.93 = 1.88 for two.
    const p: AssignmentProblem = {
      needCount: 3,
      capacity: [1, 1, 1],
      edgeNeed: Int32Array.from([0, 0, 1, 1, 2]),
      edgeRes: Int32Array.from([0, 1, 1, 2, 0]),
      edgeWeight: Float64Array.from([0.95, 0.52, 0.93, 0.51, 0.56]),
    };
    expectSame(optimum(p, "score"), { placed: 2, total: 1.88 }, "the old objective");
    const chosen = assignPairs(p);
    expect(Array.from(chosen, (e) => p.edgeRes[e])).toEqual([1, 2, 0]);
    expectSame(check(p, chosen), { placed: 3, total: 1.59 }, "chain");
  });

  it("places one more need through a long chain, whatever it costs in score (the bonus exceeds the resources)", () => {
    // n needs each hold their 1.0 resource; a newcomer can only have r0, and each holder can
    // move one step on, to a pair worth 0.01: n + 1 needs placed for 0.41 instead of 40 for 40.
    const n = 40;
    const edgeNeed: number[] = [];
    const edgeRes: number[] = [];
    const edgeWeight: number[] = [];
    for (let i = 0; i < n; i++) {
      edgeNeed.push(i, i);
      edgeRes.push(i, i + 1);
      edgeWeight.push(1, 0.01);
    }
    edgeNeed.push(n);
    edgeRes.push(0);
    edgeWeight.push(0.01);
    const p: AssignmentProblem = {
      needCount: n + 1,
      capacity: Array.from({ length: n + 1 }, () => 1),
      edgeNeed: Int32Array.from(edgeNeed),
      edgeRes: Int32Array.from(edgeRes),
      edgeWeight: Float64Array.from(edgeWeight),
    };
    expectSame(check(p, assignPairs(p)), { placed: n + 1, total: (n + 1) * 0.01 }, "long chain");
  });

  it("match() places the most needs its acceptable proposals allow, with the best total score, on 50 random streets", () => {
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
      if (best.placed > 0) withPairs++;
      expectSame(check(p, chosen), best, `street ${seed}`);
    }
    expect(withPairs).toBeGreaterThanOrEqual(40);
  });
});
