/**
 * The lexical layer of the matching engine (workers/matching/lexical.ts, lexical-rank.ts; issue 15,
 * "never lose to plain lexical retrieval"): a need whose words the lexicon does not know still gets
 * its lexically closest reachable resource, with a low score and a "文字相近" reason; radius and
 * window stay hard; results are deterministic and the same whole, alone and on several threads.
 */
import { describe, expect, it } from "vitest";
import { buildIndex } from "#workers/matching/corpus";
import { match, proposeForNeed } from "#workers/matching/engine";
import { BIGRAM_BASE } from "#workers/matching/dictionary";
import { fuse, LEXICAL_MAX } from "#workers/matching/lexical-rank";
import { matchParallel } from "#workers/matching/parallel";
import { analyzeText } from "#workers/matching/text";
import { ACCEPTABLE_SCORE, type MatchingInput, type Proposal } from "#workers/matching/types";

const clone = (input: MatchingInput): MatchingInput => structuredClone(input);
const of = (proposals: Proposal[], needId: string) => proposals.filter((p) => p.needId === needId);
const lexicalReason = (p: Proposal) => p.reasons.find((r) => r.startsWith("文字相近："));

// c1 with two units next to it; u3 about 5.5 km east of c1.
const input: MatchingInput = {
  communities: [
    { id: "c1", name: "甲社区", lat: 34.62, lng: 112.45 },
    { id: "c2", name: "乙社区", lat: 34.63, lng: 112.45 },
  ],
  units: [
    { id: "u1", name: "宠物医院", lat: 34.621, lng: 112.451 },
    { id: "u2", name: "文化馆", lat: 34.622, lng: 112.452 },
    { id: "u3", name: "远处的单位", lat: 34.62, lng: 112.51 },
  ],
  needs: [
    { id: "n1", communityId: "c1", title: "鹦鹉掉毛厉害想找人看看" },
    {
      id: "n2",
      communityId: "c1",
      title: "想学古琴和篆刻",
      description: "退休以后闲着，想学学古琴，顺便刻个印章",
      startDate: "2027-03-01",
      endDate: "2027-04-30",
    },
    { id: "n3", communityId: "c2", title: "独居老人需要每周上门探访", description: "子女都在外地" },
  ],
  resources: [
    { id: "r1", unitId: "u1", title: "鹦鹉鸟类掉毛问诊", description: "宠物医院医生讲鹦鹉常见病" },
    { id: "r2", unitId: "u2", title: "古琴篆刻雅集", description: "老师教古琴与篆刻印章" },
    // The same words as r2, but out of reach (1 km radius, about 5.5 km away) or out of the window.
    { id: "r3", unitId: "u3", title: "古琴篆刻雅集", description: "老师教古琴与篆刻印章", serviceRadiusKm: 1 },
    {
      id: "r4",
      unitId: "u2",
      title: "古琴篆刻雅集",
      description: "老师教古琴与篆刻印章",
      startDate: "2027-06-01",
      endDate: "2027-08-31",
    },
    { id: "r5", unitId: "u2", title: "社区图书角图书捐赠", description: "捐赠儿童绘本" },
    { id: "r6", unitId: "u1", title: "独居老人探访关爱", description: "志愿者每周上门看望独居老人", capacity: 2 },
    // Other services of the street, so that word weights are those of a real list.
    ...[
      ["四点半课堂", "小学生放学后作业辅导"],
      ["律师遗嘱继承咨询", "律师每月到社区坐班"],
      ["电工上门维修楼道灯", "免费更换灯泡和开关"],
      ["老年人智能手机课堂", "教老人用微信视频和扫码"],
      ["冬衣和棉被爱心捐赠", "为困难家庭送温暖"],
      ["管道疏通", "下水道堵塞上门疏通"],
      ["长者食堂送餐", "每天中午给行动不便的老人送热饭"],
      ["垃圾分类督导", "志愿者指导居民分类投放"],
      ["心肺复苏急救培训", "医生教居民急救技能"],
      ["法律知识讲座", "普法宣传进社区"],
    ].map(([title, description], i) => ({ id: `f${i}`, unitId: "u2", title, description })),
  ],
};

describe("the lexical layer of matching", () => {
  it("gives a need the lexicon does not know its lexically closest resource, scored low, with the reason", () => {
    // Nothing in n1's text is a lexicon word: only character bigrams.
    const text = analyzeText(input.needs[0].title);
    expect(text.keys.length).toBeGreaterThan(0);
    expect(text.keys.every((k) => k >= BIGRAM_BASE)).toBe(true);
    const out = match(clone(input));
    const [best] = of(out.proposals, "n1");
    expect(best.resourceId).toBe("r1");
    expect(best.score).toBeLessThan(ACCEPTABLE_SCORE);
    expect(best.score).toBeLessThanOrEqual(LEXICAL_MAX);
    expect(lexicalReason(best)).toMatch(/^文字相近：.*鹦鹉/);
    // Lexical evidence alone never enters the draft project list.
    expect(out.assignment.some((a) => a.needId === "n1")).toBe(false);
    const [quyin] = of(out.proposals, "n2");
    expect(quyin.resourceId).toBe("r2");
    expect(lexicalReason(quyin)).toMatch(/古琴|篆刻/);
  });

  it("never proposes a resource beyond its radius or outside the window, however close its words", () => {
    const out = match(clone(input), { topK: 10 });
    const n2 = of(out.proposals, "n2").map((p) => p.resourceId);
    expect(n2).toContain("r2");
    expect(n2).not.toContain("r3");
    expect(n2).not.toContain("r4");
    // Within reach and window, the same words are proposed.
    const open = clone(input);
    open.resources[2].serviceRadiusKm = 10;
    open.resources[3].startDate = "2027-04-01";
    const both = of(match(open, { topK: 10 }).proposals, "n2").map((p) => p.resourceId);
    expect(both).toEqual(expect.arrayContaining(["r2", "r3", "r4"]));
  });

  it("leaves what the concept layer finds as it was", () => {
    const [best] = of(match(clone(input)).proposals, "n3");
    expect(best.resourceId).toBe("r6");
    expect(best.score).toBeGreaterThanOrEqual(ACCEPTABLE_SCORE);
    expect(lexicalReason(best)).toBeUndefined();
  });

  it("adds lexical evidence to weak concept evidence, never past the acceptance line", () => {
    const steps = Array.from({ length: 50 }, (_, i) => i / 100);
    for (const c of steps) {
      // Either alone is itself.
      expect(fuse(c, 0)).toBeCloseTo(c, 4);
      expect(fuse(0, c)).toBeCloseTo(c, 4);
      for (const l of steps.filter((x) => x <= LEXICAL_MAX)) {
        const fused = fuse(c, l);
        // Both together rank above either, and stay below ACCEPTABLE_SCORE.
        expect(fused).toBeGreaterThanOrEqual(Math.max(c, l) - 0.00005);
        if (c > 0 && l > 0) expect(fused).toBeGreaterThan(Math.max(c, l));
        expect(fused).toBeLessThan(ACCEPTABLE_SCORE);
        // More of either never lowers it.
        expect(fuse(c + 0.01, l)).toBeGreaterThanOrEqual(fused);
        expect(fuse(c, l + 0.01)).toBeGreaterThanOrEqual(fused);
      }
    }
    // An acceptable concept score is kept as it is.
    expect(fuse(0.62, LEXICAL_MAX)).toBe(0.62);
  });

  it("is deterministic, and a need alone or on several threads gets what a whole run gives it", async () => {
    const full = match(clone(input));
    expect(match(clone(input))).toEqual(full);
    const index = buildIndex(clone(input));
    for (const need of input.needs) expect(proposeForNeed(index, need)).toEqual(of(full.proposals, need.id));
    // A need the index has never seen, in words the lexicon does not know.
    const fresh = proposeForNeed(index, { id: "x", communityId: "c1", title: "家里鹦鹉掉毛" });
    expect(fresh[0]?.resourceId).toBe("r1");
    expect(lexicalReason(fresh[0])).toBeDefined();
    expect(await matchParallel(clone(input), { threads: 2, force: true })).toEqual(full);
  });
});
