/**
 * Learning from the platform's decisions (workers/matching/learned.ts, decision 045): evidence
 * counted per term of decided needs and per resource category, as the app stores it
 * (app/models/matching/decision-evidence.server.ts: every term of the need's text, plus the
 * district's totals under "*"), changes the ranking of needs worded like the decided ones.
 */
import { describe, expect, it } from "vitest";
import { buildIndex } from "#workers/matching/corpus";
import { match, proposeForNeed } from "#workers/matching/engine";
import { matchParallel } from "#workers/matching/parallel";
import { validateInput } from "#workers/matching/validate";
import { evidenceOf, type Decided } from "../matching/learning-eval";
import type { MatchingInput, Proposal } from "#workers/matching/types";

const street: MatchingInput = {
  communities: [{ id: "c1", name: "青石社区", lat: 30.6, lng: 114.3 }],
  units: [
    { id: "u1", name: "区消防救援站", lat: 30.601, lng: 114.301 },
    { id: "u2", name: "区司法局", lat: 30.602, lng: 114.302 },
    { id: "u3", name: "区妇幼保健院", lat: 30.603, lng: 114.299 },
    { id: "u4", name: "实验小学", lat: 30.599, lng: 114.298 },
    { id: "u5", name: "供电所", lat: 30.598, lng: 114.3 },
    { id: "u6", name: "街道长者食堂", lat: 30.6, lng: 114.302 },
  ],
  resources: [
    {
      id: "r-fire",
      unitId: "u1",
      title: "消防安全宣传进社区",
      description: "消防员上门讲解用火用电安全，排查楼道火灾隐患",
      category: "安全宣传",
    },
    {
      id: "r-law",
      unitId: "u2",
      title: "法律咨询与公证指导",
      description: "律师为居民解答遗嘱、继承、赡养等法律问题",
      category: "法律服务",
    },
    {
      id: "r-baby",
      unitId: "u3",
      title: "婴幼儿养育照护指导",
      description: "保健医生指导0至3岁婴幼儿喂养、睡眠和早期发展",
      category: "医疗健康",
    },
    {
      id: "r-after",
      unitId: "u4",
      title: "小学生课后托管",
      description: "放学后看护小学生写作业，开展兴趣活动",
      category: "课后托管",
    },
    {
      id: "r-power",
      unitId: "u5",
      title: "电力设施检修",
      description: "电工上门检查老旧线路和电表箱",
      category: "设施维修",
    },
    {
      id: "r-visit",
      unitId: "u6",
      title: "独居老人探访关爱",
      description: "志愿者每周上门看望独居老人，陪老人聊天",
      category: "养老服务",
    },
    {
      id: "r-meal",
      unitId: "u6",
      title: "长者食堂送餐上门",
      description: "每天中午为行动不便的老人送热饭",
      category: "助餐",
    },
  ],
  needs: [
    {
      id: "n-wire",
      communityId: "c1",
      title: "三楼有人从窗口甩线下来",
      description: "一到晚上就有人从窗口甩线下来接到楼下，大家看着心慌",
    },
    {
      id: "n-toddler",
      communityId: "c1",
      title: "一两岁的娃白天没人带",
      description: "年轻夫妻都上班，一两岁的娃白天没人带，老人也不太会带",
    },
    { id: "n-meal", communityId: "c1", title: "独居老人想吃口热饭", description: "老人腿脚不便，中午常常饿着" },
  ],
};

/** The rest of the district's decisions: the base rates the terms are compared with. Most are about old people. */
const elsewhere: Decided[] = [
  ...["子女在外地，老人平时没人照顾", "老人一个人住，想有人常来看看", "老两口年纪大了，没人说说话"].flatMap(
    (description, i) =>
      Array.from({ length: 4 }, (_, k) => ({
        title: `${["空巢老人盼人照应", "一个人住怕出事", "老两口缺人说话"][i]}${k}`,
        description,
        category: "养老服务",
        accepted: 1,
      })),
  ),
  ...["老人中午吃饭难，想有人送饭", "老人做饭不方便，常常凑合一顿"].flatMap((description) =>
    Array.from({ length: 3 }, () => ({ title: "老人吃饭难", description, category: "助餐", accepted: 1 })),
  ),
  ...["老人血压高，想有医生常来看看", "老人腿疼，没人陪着去医院"].map((description) => ({
    title: "老人看病难",
    description,
    category: "医疗健康",
    accepted: 1,
  })),
  ...["孩子放学后家里没人，作业没人管", "双职工家庭，孩子三点半放学没人接"].flatMap((description) =>
    Array.from({ length: 2 }, () => ({ title: "孩子放学没人管", description, category: "课后托管", accepted: 1 })),
  ),
];

/** Three needs in the street's words, each served by the fire station's safety talk. */
const wireDecisions: Decided[] = [
  {
    title: "五楼有人甩线下来充电",
    description: "晚上有人从五楼窗口甩线下来给电动车充电，邻居担心起火",
    category: "安全宣传",
    accepted: 1,
  },
  {
    title: "楼上甩线给电瓶车充电",
    description: "二单元有住户甩线到楼下，线就挂在树上",
    category: "安全宣传",
    accepted: 1,
  },
  {
    title: "窗口甩线的事还是没人管",
    description: "一楼门口天天有线从楼上甩下来，下雨天更吓人",
    category: "安全宣传",
    accepted: 1,
  },
];

/** After-school care refused three times for toddlers (对象不符); an infant-care resource accepted three times. */
const toddlerDecisions: Decided[] = [
  { title: "一两岁的娃想找人带", description: "家里一两岁的娃，大人白天要上班", category: "课后托管", rejected: 1 },
  {
    title: "两岁的娃白天没人带",
    description: "奶奶带不动两岁的娃了，想找地方白天带娃",
    category: "课后托管",
    rejected: 1,
  },
  {
    title: "一岁多的娃没人照看",
    description: "一岁多的娃白天没人照看，夫妻俩都上班",
    category: "课后托管",
    rejected: 1,
  },
  { title: "一两岁的娃养育有困难", description: "新手爸妈不会带一两岁的娃", category: "医疗健康", accepted: 1 },
  {
    title: "两岁的娃不好好吃饭",
    description: "两岁的娃白天没人带，吃饭睡觉都不规律",
    category: "医疗健康",
    accepted: 1,
  },
  { title: "一岁多的娃想找人指导", description: "一岁多的娃，大人不会带", category: "医疗健康", accepted: 1 },
];

function proposalsOf(input: MatchingInput, needId: string): Proposal[] {
  return match(input).proposals.filter((p) => p.needId === needId);
}

describe("learning from decisions", () => {
  it("after a few accepted decisions for a phrase the engine did not know, a need with it ranks the served kind first", () => {
    const before = proposalsOf({ ...street, evidence: evidenceOf(elsewhere) }, "n-wire");
    expect(before[0]?.resourceId).not.toBe("r-fire");

    const after = proposalsOf({ ...street, evidence: evidenceOf([...elsewhere, ...wireDecisions]) }, "n-wire");
    expect(after[0]?.resourceId).toBe("r-fire");
    expect(after[0]?.reasons).toContain("本区以往 3 个类似需求由此类资源承接");
    // Three decisions are evidence, not proof: the pair is ranked first but still below the acceptable line.
    expect(after[0]?.score).toBeLessThan(0.5);
  });

  it("more agreeing decisions make the pair acceptable on their own", () => {
    const twice = [...wireDecisions, ...wireDecisions];
    const after = proposalsOf({ ...street, evidence: evidenceOf([...elsewhere, ...twice]) }, "n-wire");
    expect(after[0]?.resourceId).toBe("r-fire");
    expect(after[0]?.score).toBeGreaterThanOrEqual(0.5);
    expect(after[0]?.reasons).toContain("本区以往 6 个类似需求由此类资源承接");
    expect(match({ ...street, evidence: evidenceOf([...elsewhere, ...twice]) }).assignment).toContainEqual({
      needId: "n-wire",
      resourceId: "r-fire",
    });
  });

  it("refusals for whom a resource serves (对象不符) push similar pairs down", () => {
    const before = proposalsOf({ ...street, evidence: evidenceOf(elsewhere) }, "n-toddler");
    expect(before[0]?.resourceId).toBe("r-after");
    const beforeScore = before[0]!.score;

    const after = proposalsOf({ ...street, evidence: evidenceOf([...elsewhere, ...toddlerDecisions]) }, "n-toddler");
    const afterCare = after.find((p) => p.resourceId === "r-after");
    expect(afterCare).toBeDefined();
    expect(afterCare!.score).toBeLessThan(beforeScore);
    expect(afterCare!.score).toBeLessThan(0.5);
    expect(afterCare!.reasons.some((r) => r.startsWith("本区以往类似需求 3 次拒绝此类资源"))).toBe(true);
    expect(after[0]?.resourceId).toBe("r-baby");
    // Only needs worded like the refused ones are concerned: a meals need keeps its list, with no refusal named.
    const meal = proposalsOf({ ...street, evidence: evidenceOf([...elsewhere, ...toddlerDecisions]) }, "n-meal");
    const mealBefore = proposalsOf({ ...street, evidence: evidenceOf(elsewhere) }, "n-meal");
    expect(meal.map((p) => p.resourceId)).toEqual(mealBefore.map((p) => p.resourceId));
    expect(meal.flatMap((p) => p.reasons).some((r) => r.includes("拒绝"))).toBe(false);
  });

  it("a word in most of the district's decided needs teaches nothing", () => {
    // Most decided needs mention 老人 and went to 养老服务: a meals need about an old person is not pulled that way.
    const without = proposalsOf(street, "n-meal");
    const withBase = proposalsOf({ ...street, evidence: evidenceOf(elsewhere) }, "n-meal");
    expect(without[0]?.resourceId).toBe("r-meal");
    expect(withBase[0]?.resourceId).toBe("r-meal");
    const visit = (list: Proposal[]) => list.find((p) => p.resourceId === "r-visit");
    expect(visit(without)).toBeDefined();
    expect(visit(withBase)).toEqual(visit(without));
  });

  it("a need gets the same learned proposals alone, in a whole run and on two threads", async () => {
    const input = { ...street, evidence: evidenceOf([...elsewhere, ...wireDecisions, ...toddlerDecisions]) };
    const whole = match(input);
    const index = buildIndex(input);
    const alone = input.needs.flatMap((need) => proposeForNeed(index, need));
    expect(alone).toEqual(whole.proposals);
    expect(whole.proposals.some((p) => p.reasons.some((r) => r.startsWith("本区以往")))).toBe(true);
    expect(await matchParallel(input, { threads: 2, force: true })).toEqual(whole);
  });

  it("the CLI's validation accepts evidence rows and names a bad one in Chinese", () => {
    const evidence = evidenceOf(wireDecisions);
    expect(validateInput({ ...street, evidence }).ok).toBe(true);
    const bad = validateInput({
      ...street,
      evidence: [{ term: "甩线", category: "不存在的分类", accepted: 1, rejected: 0 }],
    });
    expect(bad).toMatchObject({ ok: false });
    expect(bad.ok ? "" : bad.error).toContain("第 1 条决策证据 的 category 必须是以下分类之一");
    const negative = validateInput({
      ...street,
      evidence: [{ term: "甩线", category: "安全宣传", accepted: -1, rejected: 0 }],
    });
    expect(negative.ok ? "" : negative.error).toContain("accepted 必须是非负数");
  });
});
