/**
 * A confirmed pairing (结对, decision 041) is a soft signal in matching: the paired unit's resources
 * score slightly higher for the community's needs and say 「结对共建单位」, but a pairing never makes
 * a pair a proposal, acceptable or assigned by itself, and never crosses a radius or a window. The
 * incremental, full and parallel paths agree with pairings as they do without.
 */
import { describe, expect, it } from "vitest";
import { buildIndex } from "#workers/matching/corpus";
import { match, proposeForNeed } from "#workers/matching/engine";
import { matchParallel } from "#workers/matching/parallel";
import { PAIR_TEXT } from "#workers/matching/reason-memo";
import { PAIR_BONUS } from "#workers/matching/score";
import { validateInput } from "#workers/matching/validate";
import { ACCEPTABLE_SCORE, type MatchingInput, type Proposal } from "#workers/matching/types";
import { labelledSet } from "../matching/labelled-set";

// Two units side by side offering the same visits, so only a pairing can tell them apart.
const street: MatchingInput = {
  communities: [
    { id: "c1", name: "幸福里社区", lat: 34.62, lng: 112.45 },
    { id: "c2", name: "光明社区", lat: 34.63, lng: 112.45 },
  ],
  units: [
    { id: "u1", name: "阳光社会工作服务中心", lat: 34.621, lng: 112.451 },
    { id: "u2", name: "区人民医院", lat: 34.621, lng: 112.451 },
    { id: "u3", name: "恒信律师事务所", lat: 34.7, lng: 112.6 },
  ],
  needs: [
    { id: "n1", communityId: "c1", title: "3号楼独居老人冬季需要每周上门探访", description: "子女都在外地。" },
    { id: "n2", communityId: "c2", title: "3号楼独居老人冬季需要每周上门探访", description: "子女都在外地。" },
    {
      id: "n3",
      communityId: "c1",
      title: "老人想立遗嘱，不知道该怎么弄",
      category: "法律服务",
      startDate: "2027-03-01",
      endDate: "2027-06-30",
    },
  ],
  resources: [
    { id: "r1", unitId: "u1", title: "独居老人探访关爱", description: "志愿者每周上门问候独居老人。", capacity: 2 },
    { id: "r2", unitId: "u2", title: "独居老人探访关爱", description: "志愿者每周上门问候独居老人。", capacity: 2 },
    // Far away and limited to 3 km: a pairing must not bring it within reach.
    { id: "r3", unitId: "u3", title: "律师遗嘱继承咨询", category: "法律服务", serviceRadiusKm: 3 },
    // Out of the needs' time: a pairing must not make it fit.
    {
      id: "r4",
      unitId: "u2",
      title: "老人遗嘱法律咨询",
      category: "法律服务",
      startDate: "2020-01-01",
      endDate: "2020-02-01",
    },
  ],
};

const withPairs = (pairs: MatchingInput["pairs"]): MatchingInput => ({ ...structuredClone(street), pairs });
const of = (proposals: Proposal[], needId: string) => proposals.filter((p) => p.needId === needId);
const find = (proposals: Proposal[], needId: string, resourceId: string) =>
  proposals.find((p) => p.needId === needId && p.resourceId === resourceId);

describe("a confirmed pairing in matching", () => {
  it("lifts the paired unit's resource for that community only, by a small bonus, with its reason", () => {
    const before = match(structuredClone(street)).proposals;
    const after = match(withPairs([{ communityId: "c1", unitId: "u2" }])).proposals;

    // Unpaired, the tie goes to the lower id; paired, u2's resource comes first for c1's need.
    expect(of(before, "n1").map((p) => p.resourceId)).toEqual(["r1", "r2"]);
    expect(of(after, "n1").map((p) => p.resourceId)).toEqual(["r2", "r1"]);
    const lifted = find(after, "n1", "r2")!;
    const plain = find(before, "n1", "r2")!;
    expect(lifted.score).toBeGreaterThan(plain.score);
    expect(lifted.score - plain.score).toBeLessThanOrEqual(PAIR_BONUS + 0.0001);
    expect(lifted.reasons).toContain(PAIR_TEXT);
    expect(PAIR_TEXT).toBe("结对共建单位");
    // The other unit, and the same unit for another community, are as before and say nothing of it.
    expect(find(after, "n1", "r1")).toEqual(find(before, "n1", "r1"));
    expect(of(after, "n2")).toEqual(of(before, "n2"));
    expect(of(after, "n2").some((p) => p.reasons.includes(PAIR_TEXT))).toBe(false);
  });

  it("never crosses a radius or a window", () => {
    const after = match(
      withPairs([
        { communityId: "c1", unitId: "u3" },
        { communityId: "c1", unitId: "u2" },
      ]),
    );
    expect(find(after.proposals, "n3", "r3")).toBeUndefined();
    expect(find(after.proposals, "n3", "r4")).toBeUndefined();
    expect(after.assignment.some((a) => a.needId === "n3")).toBe(false);
  });

  it("never makes a pair shown, acceptable or assigned by itself, on a real street paired all over", () => {
    const input = labelledSet.input;
    const everyPair = input.communities.flatMap((c) => input.units.map((u) => ({ communityId: c.id, unitId: u.id })));
    // With room for every candidate, the proposals shown are exactly those above the floor anyway.
    const plain = match(structuredClone(input), { topK: 1000 });
    const paired = match({ ...structuredClone(input), pairs: everyPair }, { topK: 1000 });
    const key = (p: Proposal) => `${p.needId}→${p.resourceId}`;
    expect(paired.proposals.map(key).sort()).toEqual(plain.proposals.map(key).sort());
    const acceptable = (o: typeof plain) =>
      o.proposals
        .filter((p) => p.score >= ACCEPTABLE_SCORE)
        .map(key)
        .sort();
    expect(acceptable(paired)).toEqual(acceptable(plain));
    const plainScore = new Map(plain.proposals.map((p) => [key(p), p.score]));
    for (const p of paired.proposals) {
      expect(p.score).toBeGreaterThanOrEqual(plainScore.get(key(p))!);
      expect(p.score - plainScore.get(key(p))!).toBeLessThanOrEqual(PAIR_BONUS + 0.0001);
      expect(p.reasons).toContain(PAIR_TEXT);
    }
    const chosen = new Set(paired.proposals.filter((p) => p.score >= ACCEPTABLE_SCORE).map(key));
    for (const a of paired.assignment) expect(chosen.has(`${a.needId}→${a.resourceId}`)).toBe(true);
  });

  it("gives the same proposals incrementally, in a full run and on two threads", async () => {
    const input = { ...structuredClone(labelledSet.input), pairs: pairsOf(labelledSet.input) };
    const full = match(structuredClone(input));
    const index = buildIndex(structuredClone(input));
    for (const need of input.needs) expect(proposeForNeed(index, need)).toEqual(of(full.proposals, need.id));
    expect(await matchParallel(structuredClone(input), { threads: 2, force: true })).toEqual(full);
    expect(full.proposals.some((p) => p.reasons.includes(PAIR_TEXT))).toBe(true);
  }, 60_000);

  it("reads pairings from matching input v1 and names a bad one", () => {
    const ok = validateInput(JSON.parse(JSON.stringify(withPairs([{ communityId: "c1", unitId: "u2" }]))));
    expect(ok).toMatchObject({ ok: true, input: { pairs: [{ communityId: "c1", unitId: "u2" }] } });
    const bad = validateInput({ ...structuredClone(street), pairs: [{ communityId: "c1" }] });
    expect(bad).toEqual({ ok: false, error: "第 1 条结对 缺少 unitId" });
  });
});

/** Every third community paired with every other unit: enough pairs to matter, not all of them. */
function pairsOf(input: MatchingInput): NonNullable<MatchingInput["pairs"]> {
  return input.communities
    .filter((_, i) => i % 3 === 0)
    .flatMap((c) => input.units.filter((_, j) => j % 2 === 0).map((u) => ({ communityId: c.id, unitId: u.id })));
}
