/**
 * General words from jieba's dictionary in the matching engine (decision 044, issue 15 "vocabulary
 * from well-kept sources"): a general word holding a one-character lexicon word is read whole, so
 * "连锁" no longer reads as 锁 (locks) nor "修养" as 修 (repairs), while the lexicon words inside
 * still count half ("药店" is a little about medicine) and the hand lexicon keeps every word it lists.
 * Through the real engine: the spurious lock and repair proposals are gone, the right resources
 * keep their reasons, and the result is deterministic.
 */
import { describe, expect, it } from "vitest";
import { concepts, entries, featureName, generalWords, handWords, isConceptKey } from "#workers/matching/dictionary";
import { match } from "#workers/matching/engine";
import { analyzeText, segment } from "#workers/matching/text";
import { GENERAL_WORDS } from "#workers/matching/vocabulary-data";
import { ACCEPTABLE_SCORE, type MatchingInput, type Proposal } from "#workers/matching/types";

const clone = (input: MatchingInput): MatchingInput => structuredClone(input);
const of = (proposals: Proposal[], needId: string) => proposals.filter((p) => p.needId === needId);
/** Concept names of a text and the largest weight each gets. */
function conceptWeights(title: string): Map<string, number> {
  const text = analyzeText(title);
  const out = new Map<string, number>();
  text.keys.forEach((k, i) => {
    if (isConceptKey(k)) out.set(concepts[k].name, Math.max(out.get(concepts[k].name) ?? 0, text.weights[i]));
  });
  return out;
}

const input: MatchingInput = {
  communities: [{ id: "c1", name: "甲社区", lat: 34.62, lng: 112.45 }],
  units: [
    { id: "u1", name: "开锁维修部", lat: 34.621, lng: 112.451 },
    { id: "u2", name: "街道文化站", lat: 34.622, lng: 112.452 },
    { id: "u3", name: "社区卫生服务中心", lat: 34.619, lng: 112.449 },
  ],
  needs: [
    { id: "n1", communityId: "c1", title: "楼下新开的连锁超市想给困难户捐点米面油" },
    { id: "n2", communityId: "c1", title: "孩子缺少修养，说话没礼貌", description: "家长不知道怎么教" },
    { id: "n3", communityId: "c1", title: "老两口常为小事争吵", description: "谁也不让谁" },
    { id: "n4", communityId: "c1", title: "家里门锁坏了进不了门" },
  ],
  resources: [
    { id: "lock", unitId: "u1", title: "上门开锁换锁", description: "门锁坏了、钥匙丢了上门处理" },
    { id: "fix", unitId: "u1", title: "家电维修", description: "上门修理电视冰箱洗衣机" },
    { id: "food", unitId: "u2", title: "爱心粮油捐赠", description: "为困难家庭送米面油" },
    { id: "family", unitId: "u2", title: "家庭教育讲座", description: "教家长和孩子沟通" },
    { id: "mediate", unitId: "u2", title: "人民调解", description: "调解邻里和家庭矛盾" },
    { id: "exam", unitId: "u3", title: "老年人免费体检", description: "每年一次健康体检" },
    ...[
      ["四点半课堂", "小学生放学后作业辅导"],
      ["律师遗嘱继承咨询", "律师每月到社区坐班"],
      ["老年人智能手机课堂", "教老人用微信"],
      ["管道疏通", "下水道堵塞上门疏通"],
      ["长者食堂送餐", "给行动不便的老人送热饭"],
    ].map(([title, description], i) => ({ id: `f${i}`, unitId: "u2", title, description })),
  ],
};

describe("general words from jieba's dictionary", () => {
  it("ships a generated list of general words, none of them hand-listed", () => {
    const words = GENERAL_WORDS.split(" ");
    expect(words.length).toBeGreaterThan(500);
    expect(new Set(words).size).toBe(words.length);
    const oneCharacter = [...handWords].filter(([w, n]) => w.length === 1 && n > 0).map(([w]) => w);
    for (const word of words) {
      expect(handWords.has(word), word).toBe(false);
      expect(generalWords.has(word), word).toBe(true);
      expect(
        oneCharacter.some((c) => word.includes(c)),
        word,
      ).toBe(true);
    }
    // Hand-listed words keep their own entries ("门锁" is still the lock concept at full weight).
    expect(generalWords.has("门锁")).toBe(false);
    expect(conceptWeights("门锁").get("开锁")).toBe(1);
    expect(entries.get("门锁")?.some(([, m]) => m === 1)).toBe(true);
  });

  it("reads a general word whole: the one-character lexicon word inside counts half, the text stays bigrams", () => {
    expect(segment("连锁超市")).toContain("连锁");
    expect(segment("孩子缺少修养")).toContain("修养");
    // Before decision 044 forward maximum matching cut 锁 and 修 out at full weight.
    expect(conceptWeights("连锁超市").get("开锁") ?? 0).toBeLessThanOrEqual(0.5);
    expect(conceptWeights("修养").get("维修") ?? 0).toBeLessThanOrEqual(0.25);
    // "药店" is still a little about medicine; "门锁" (hand-listed) is fully about locks.
    expect(conceptWeights("药店").get("看病")).toBeGreaterThan(0);
    expect(conceptWeights("药店").get("看病")).toBeLessThan(conceptWeights("药").get("看病") ?? 0);
    // The characters of a general word still meet their twin in another text as bigrams.
    expect(analyzeText("连锁超市").keys.map(featureName)).toContain("连锁");
    expect(analyzeText("孩子的修养").keys.map(featureName)).toContain("修养");
  });

  it("keeps spurious lock and repair proposals away, and the right resources first with their reasons", () => {
    const out = match(clone(input), { topK: 3 });
    const n1 = of(out.proposals, "n1");
    expect(n1[0].resourceId).toBe("food");
    expect(n1[0].score).toBeGreaterThanOrEqual(ACCEPTABLE_SCORE);
    expect(n1[0].reasons.join(" ")).toContain("米面油");
    expect(n1.map((p) => p.resourceId)).not.toContain("lock");

    const n2 = of(out.proposals, "n2");
    expect(n2[0].resourceId).toBe("family");
    expect(n2.map((p) => p.resourceId)).not.toContain("fix");
    expect(n2.map((p) => p.resourceId)).not.toContain("lock");
    expect(n2.every((p) => !p.reasons.join(" ").includes("设施维修"))).toBe(true);

    // The cost, stated: "争吵" holds 吵 at half weight, and the quarrel still reaches mediation.
    const n3 = of(out.proposals, "n3");
    expect(n3[0].resourceId).toBe("mediate");
    expect(n3[0].score).toBeGreaterThanOrEqual(ACCEPTABLE_SCORE);
    expect(n3[0].reasons.join(" ")).toContain("调解");

    // A hand-listed word is untouched: a broken door lock still reaches the locksmith.
    const n4 = of(out.proposals, "n4");
    expect(n4[0].resourceId).toBe("lock");
    expect(n4[0].score).toBeGreaterThanOrEqual(ACCEPTABLE_SCORE);
  });

  it("is deterministic", () => {
    expect(match(clone(input), { topK: 3 })).toEqual(match(clone(input), { topK: 3 }));
    expect(analyzeText("楼下连锁超市借口修养药店")).toEqual(analyzeText("楼下连锁超市借口修养药店"));
  });
});
