import { describe, expect, it } from "vitest";
import { match, proposeForNeed } from "#workers/matching/engine";
import { buildIndex } from "#workers/matching/corpus";
import { haversineKm } from "#workers/matching/geo";
import { segment } from "#workers/matching/text";
import { validateInput } from "#workers/matching/validate";
import {
  ACCEPTABLE_SCORE,
  type MatchingInput,
  type MatchingNeed,
  type MatchingResource,
  type Proposal,
} from "#workers/matching/types";

// A small street: c1 and c2 are 1.1 km apart, c3 about 5.6 km east of c1.
const street: MatchingInput = {
  communities: [
    { id: "c1", name: "幸福里社区", lat: 34.62, lng: 112.45 },
    { id: "c2", name: "光明社区", lat: 34.63, lng: 112.45 },
    { id: "c3", name: "东风社区", lat: 34.62, lng: 112.51 },
  ],
  units: [
    { id: "u1", name: "阳光社会工作服务中心", lat: 34.621, lng: 112.451 },
    { id: "u2", name: "区人民医院", lat: 34.625, lng: 112.455 },
    { id: "u3", name: "恒信律师事务所", lat: 34.619, lng: 112.508 },
    { id: "u4", name: "惠万家超市", lat: 34.6305, lng: 112.4505 },
  ],
  needs: [
    {
      id: "n1",
      communityId: "c1",
      title: "3号楼独居老人冬季需要每周上门探访",
      description: "子女都在外地，老人平时没人说话。",
    },
    { id: "n2", communityId: "c3", title: "老人想立遗嘱，不知道该怎么弄", category: "法律服务" },
    { id: "n3", communityId: "c2", title: "瘫痪老人家里需要尿不湿和护理垫" },
    {
      id: "n4",
      communityId: "c1",
      title: "小区流浪猫越来越多，想找人帮忙做绝育",
      startDate: "2027-03-01",
      endDate: "2027-04-30",
    },
    {
      id: "n5",
      communityId: "c2",
      title: "高龄老人想要每月一次免费量血压测血糖",
      startDate: "2027-03-01",
      endDate: "2027-06-30",
    },
  ],
  resources: [
    {
      id: "r1",
      unitId: "u1",
      title: "独居老人探访关爱",
      description: "志愿者每周上门问候独居、空巢老人，陪着聊天。",
      capacity: 2,
    },
    {
      id: "r2",
      unitId: "u3",
      title: "遗嘱见证和继承咨询",
      description: "律师免费解答遗嘱、继承问题。",
      serviceRadiusKm: 2,
    },
    {
      id: "r3",
      unitId: "u3",
      title: "律师进社区法律咨询",
      description: "每月两次律师到社区坐班，解答婚姻家庭、继承等问题。",
    },
    {
      id: "r4",
      unitId: "u4",
      title: "护理用品捐赠",
      description: "为失能老人捐赠成人纸尿裤、护理垫。",
      category: "物资捐赠",
    },
    {
      id: "r5",
      unitId: "u2",
      title: "专家义诊进社区",
      description: "医生每月到社区坐诊，量血压测血糖。",
      startDate: "2027-05-01",
      endDate: "2027-12-31",
    },
    {
      id: "r6",
      unitId: "u2",
      title: "家庭医生签约上门随访",
      description: "为高血压、糖尿病老人免费测血压血糖。",
      startDate: "2027-08-01",
    },
    { id: "r7", unitId: "u4", title: "爱心米面油捐赠", description: "为困难家庭捐赠米面油。", category: "物资捐赠" },
  ],
};

const clone = <T>(x: T): T => structuredClone(x);
const byNeed = (proposals: Proposal[], needId: string) => proposals.filter((p) => p.needId === needId);

describe("matching engine", () => {
  it("proposes the obviously right resource first and scores it as acceptable", () => {
    const { proposals } = match(clone(street));
    const top = (needId: string) => byNeed(proposals, needId)[0];
    expect(top("n1")).toMatchObject({ resourceId: "r1" });
    expect(top("n3")).toMatchObject({ resourceId: "r4" });
    expect(top("n1").score).toBeGreaterThanOrEqual(ACCEPTABLE_SCORE);
    expect(top("n3").score).toBeGreaterThanOrEqual(ACCEPTABLE_SCORE);
    // 尿不湿 (resident's word) meets 纸尿裤 (the unit's word) as one concept.
    expect(top("n3").reasons.join("")).toContain("纸尿裤");
  });

  it("keeps unrelated pairs below the acceptable score", () => {
    const { proposals } = match(clone(street));
    const unrelated = (needId: string, resourceId: string) =>
      proposals.find((p) => p.needId === needId && p.resourceId === resourceId);
    expect(unrelated("n1", "r7")?.score ?? 0).toBeLessThan(ACCEPTABLE_SCORE);
    expect(unrelated("n3", "r3")?.score ?? 0).toBeLessThan(ACCEPTABLE_SCORE);
    // Nothing offers cat neutering: no acceptable-looking proposal.
    expect(byNeed(proposals, "n4").every((p) => p.score < ACCEPTABLE_SCORE)).toBe(true);
  });

  it("never proposes a resource outside its service radius or time window", () => {
    const { proposals } = match(clone(street));
    // r2 (radius 2 km) cannot serve c1/c2 but serves c3; r5 starts after... overlaps n5; r6 starts after n5 ends.
    expect(proposals.some((p) => p.resourceId === "r2" && p.needId !== "n2")).toBe(false);
    expect(byNeed(proposals, "n2")[0]).toMatchObject({ resourceId: "r2" });
    expect(byNeed(proposals, "n5").map((p) => p.resourceId)).toContain("r5");
    expect(byNeed(proposals, "n5").map((p) => p.resourceId)).not.toContain("r6");
  });

  it("gives Chinese reasons with category, shared words, distance and window", () => {
    const { proposals } = match(clone(street));
    for (const p of proposals) {
      expect(p.reasons.length).toBeGreaterThan(0);
      expect(p.reasons.every((r) => /[\u4e00-\u9fff]/.test(r))).toBe(true);
    }
    const n1 = byNeed(proposals, "n1")[0].reasons;
    expect(n1).toContain("分类相符：养老服务（按文字推断）");
    expect(n1.find((r) => r.startsWith("共同关键词："))).toMatch(/独居老人/);
    expect(n1.find((r) => r.startsWith("距离"))).toMatch(/^距离 0\.\d 公里（15 分钟服务圈内）$/);
    expect(byNeed(proposals, "n5")[0].reasons).toContain("时间吻合：2027-05-01 至 2027-06-30");
  });

  it("segments with the domain dictionary and maps residents' words to concepts", () => {
    expect(segment("3号楼独居老人需要每周上门探访")).toEqual(expect.arrayContaining(["独居老人", "上门", "探访"]));
    expect(segment("煤气罐使用不规范")).toContain("煤气罐");
  });

  it("is deterministic and orders proposals best-first with ties broken by resource id", () => {
    const input = cityInput(7, 60, 40);
    const a = match(clone(input));
    const b = match(clone(input));
    expect(b).toEqual(a);
    const needs = new Set(a.proposals.map((p) => p.needId));
    for (const needId of needs) {
      const list = byNeed(a.proposals, needId);
      expect(list.length).toBeLessThanOrEqual(5);
      for (let i = 1; i < list.length; i++) {
        const [prev, cur] = [list[i - 1], list[i]];
        expect(prev.score > cur.score || (prev.score === cur.score && prev.resourceId < cur.resourceId)).toBe(true);
      }
    }
  });

  it("never breaks radius, window or capacity, on a random city", () => {
    for (const seed of [1, 2, 3]) {
      const input = cityInput(seed, 120, 50);
      const out = match(clone(input), { topK: 8 });
      const needs = new Map(input.needs.map((n) => [n.id, n]));
      const resources = new Map(input.resources.map((r) => [r.id, r]));
      const pairs = [...out.proposals, ...out.assignment];
      for (const p of pairs) expect(violation(input, needs.get(p.needId)!, resources.get(p.resourceId)!)).toBeNull();
      const used = new Map<string, number>();
      const assigned = new Set<string>();
      for (const a of out.assignment) {
        expect(assigned.has(a.needId)).toBe(false);
        assigned.add(a.needId);
        used.set(a.resourceId, (used.get(a.resourceId) ?? 0) + 1);
        expect(
          out.proposals.find((p) => p.needId === a.needId && p.resourceId === a.resourceId)!.score,
        ).toBeGreaterThanOrEqual(ACCEPTABLE_SCORE);
      }
      for (const [id, n] of used) expect(n).toBeLessThanOrEqual(resources.get(id)!.capacity ?? 1);
      expect(out.assignment.length).toBeGreaterThan(0);
    }
  });

  it("leaves out resources with no capacity left", () => {
    const input = clone(street);
    input.resources[0].capacity = 0;
    const { proposals } = match(input);
    expect(proposals.some((p) => p.resourceId === "r1")).toBe(false);
  });

  it("matches a new need incrementally exactly as a full run does", () => {
    const input = cityInput(11, 80, 60);
    const full = match(clone(input));
    const index = buildIndex(clone(input));
    for (const need of input.needs) expect(proposeForNeed(index, need)).toEqual(byNeed(full.proposals, need.id));
    // A need the index has never seen still gets proposals, at once.
    const fresh = proposeForNeed(index, { id: "new", communityId: "c0", title: "独居老人需要有人上门探访陪伴" });
    expect(fresh.every((p) => p.needId === "new")).toBe(true);
  });

  it("raises a pair with good shared history and lowers one with poor history", () => {
    const score = (input: MatchingInput) => byNeed(match(input).proposals, "n1").find((p) => p.resourceId === "r1")!;
    const base = score(clone(street));
    const good = score({
      ...clone(street),
      history: [{ communityId: "c1", unitId: "u1", completedProjects: 2, grades: ["好", "好"] }],
    });
    const poor = score({
      ...clone(street),
      history: [{ communityId: "c1", unitId: "u1", completedProjects: 2, grades: ["差", "一般"] }],
    });
    expect(good.score).toBeGreaterThan(base.score);
    expect(poor.score).toBeLessThan(base.score);
    expect(good.reasons).toContain("曾合作完成 2 个项目，评议“好”");
  });

  it("slightly prefers units carrying fewer projects", () => {
    const score = (load: number) =>
      byNeed(match({ ...clone(street), unitLoad: [{ unitId: "u1", activeProjects: load }] }).proposals, "n1").find(
        (p) => p.resourceId === "r1",
      )!.score;
    expect(score(8)).toBeLessThan(score(0));
    expect(score(0) - score(8)).toBeLessThan(0.1);
  });
});

describe("validateInput", () => {
  const raw = () =>
    JSON.parse(JSON.stringify({ ...street, extra: "ignored" })) as Record<string, unknown> & MatchingInput;

  it("accepts matching input v1, ignores unknown fields and fills defaults", () => {
    const result = validateInput(raw());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.input.resources[1]).toMatchObject({ id: "r2", capacity: 1, serviceRadiusKm: 2 });
    expect(result.input.resources[2].serviceRadiusKm).toBeNull();
    expect("extra" in result.input).toBe(false);
  });

  it("names the item in Chinese when something is wrong", () => {
    const cases: Array<[(x: ReturnType<typeof raw>) => void, string]> = [
      [(x) => (x.needs[2].communityId = "c99"), "需求 n3 引用了不存在的社区 c99"],
      [(x) => (x.resources[6].startDate = "2027-02-30"), "资源 r7 的 startDate 不是有效日期：2027-02-30"],
      [
        (x) => Object.assign(x.needs[3], { startDate: "2027-05-01", endDate: "2027-04-01" }),
        "需求 n4 的结束日期早于开始日期",
      ],
      [(x) => (x.resources[0].unitId = "u9"), "资源 r1 引用了不存在的单位 u9"],
      [(x) => (x.resources[0].capacity = -1), "资源 r1 的容量"],
      [(x) => delete (x.needs[0] as Partial<MatchingNeed>).title, "需求 n1 缺少 title"],
    ];
    for (const [mutate, message] of cases) {
      const x = raw();
      mutate(x);
      const result = validateInput(x);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toContain(message);
    }
    expect(validateInput([])).toMatchObject({ ok: false });
  });
});

/** A hard-constraint check written independently of the engine. */
function violation(input: MatchingInput, need: MatchingNeed, resource: MatchingResource): string | null {
  const c = input.communities.find((x) => x.id === need.communityId)!;
  const u = input.units.find((x) => x.id === resource.unitId)!;
  if (resource.serviceRadiusKm != null && haversineKm(u.lat, u.lng, c.lat, c.lng) > resource.serviceRadiusKm)
    return "radius";
  const before = (a?: string, b?: string) => !a || !b || a <= b;
  if (!before(need.startDate, resource.endDate) || !before(resource.startDate, need.endDate)) return "window";
  return null;
}

/** A seeded random street with realistic texts, radii, windows and capacities. */
function cityInput(seed: number, needCount: number, resourceCount: number): MatchingInput {
  let a = seed;
  const rand = () => (a = (a * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
  const needTitles = [
    "独居老人需要每周上门探访",
    "孩子放学后没人管",
    "楼道灯坏了",
    "老人想学用智能手机",
    "困难家庭需要棉被",
    "想请律师讲讲遗嘱继承",
    "下水道堵了",
    "老人中午吃饭难",
    "想给老人量血压",
    "楼道堆满杂物要清理",
  ];
  const resTitles = [
    "独居老人探访关爱",
    "四点半课堂托管",
    "电工上门维修楼道灯",
    "老年人智能手机课堂",
    "冬衣和棉被爱心捐赠",
    "律师遗嘱继承咨询",
    "管道疏通",
    "长者食堂送餐",
    "社区义诊量血压",
    "党员志愿者清理楼道堆物",
  ];
  const day = () =>
    `2027-${String(1 + Math.floor(rand() * 12)).padStart(2, "0")}-${String(1 + Math.floor(rand() * 28)).padStart(2, "0")}`;
  const window = () => {
    if (rand() < 0.5) return {};
    const [s, e] = [day(), day()].sort();
    return rand() < 0.3 ? { startDate: s } : { startDate: s, endDate: e };
  };
  const communities = Array.from({ length: 6 }, (_, i) => ({
    id: `c${i}`,
    name: `社区${i}`,
    lat: 34.6 + rand() * 0.06,
    lng: 112.42 + rand() * 0.08,
  }));
  const units = Array.from({ length: 12 }, (_, i) => ({
    id: `u${i}`,
    name: `单位${i}`,
    lat: 34.6 + rand() * 0.06,
    lng: 112.42 + rand() * 0.08,
  }));
  return {
    communities,
    units,
    needs: Array.from({ length: needCount }, (_, i) => ({
      id: `n${String(i).padStart(3, "0")}`,
      communityId: pick(communities).id,
      title: pick(needTitles),
      ...window(),
    })),
    resources: Array.from({ length: resourceCount }, (_, i) => ({
      id: `r${String(i).padStart(3, "0")}`,
      unitId: pick(units).id,
      title: pick(resTitles),
      capacity: 1 + Math.floor(rand() * 3),
      serviceRadiusKm: rand() < 0.3 ? null : pick([1, 2, 3, 5]),
      ...window(),
    })),
  };
}
