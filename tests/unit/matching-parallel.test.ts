import { describe, expect, it } from "vitest";
import { match } from "#workers/matching/engine";
import { matchParallel } from "#workers/matching/parallel";
import type { MatchingInput } from "#workers/matching/types";

/** A seeded city: several communities (so shards cut between them), radii, windows, history, load. */
function city(seed: number, needCount: number, resourceCount: number): MatchingInput {
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
  ];
  const day = () =>
    `2027-${String(1 + Math.floor(rand() * 12)).padStart(2, "0")}-${String(1 + Math.floor(rand() * 28)).padStart(2, "0")}`;
  const window = () => {
    if (rand() < 0.5) return {};
    const [s, e] = [day(), day()].sort();
    return rand() < 0.3 ? { startDate: s } : { startDate: s, endDate: e };
  };
  const communities = Array.from({ length: 12 }, (_, i) => ({
    id: `c${i}`,
    name: `社区${i}`,
    lat: 34.6 + rand() * 0.06,
    lng: 112.42 + rand() * 0.08,
  }));
  const units = Array.from({ length: 20 }, (_, i) => ({
    id: `u${i}`,
    name: `单位${i}`,
    lat: 34.6 + rand() * 0.06,
    lng: 112.42 + rand() * 0.08,
  }));
  return {
    communities,
    units,
    needs: Array.from({ length: needCount }, (_, i) => ({
      id: `n${i}`,
      communityId: i % 50 === 7 ? "unknown" : pick(communities).id,
      title: pick(needTitles),
      ...(rand() < 0.5 ? { description: pick(resTitles) } : {}),
      ...window(),
    })),
    resources: Array.from({ length: resourceCount }, (_, i) => ({
      id: `r${i}`,
      unitId: pick(units).id,
      title: pick(resTitles),
      capacity: Math.floor(rand() * 3),
      serviceRadiusKm: rand() < 0.3 ? null : pick([1, 2, 3, 5]),
      ...window(),
    })),
    history: [{ communityId: "c1", unitId: "u2", completedProjects: 2, grades: ["好"] }],
    unitLoad: [{ unitId: "u3", activeProjects: 6 }],
  };
}

describe("matchParallel", () => {
  it("gives exactly match()'s output, on two and three threads", async () => {
    for (const seed of [1, 2]) {
      const input = city(seed, 600, 150);
      const serial = match(structuredClone(input), { topK: 4 });
      expect(serial.assignment.length).toBeGreaterThan(0);
      for (const threads of [2, 3]) {
        expect(await matchParallel(structuredClone(input), { topK: 4, threads, force: true })).toEqual(serial);
      }
    }
  }, 60_000);

  it("stays on this thread for small inputs or one thread", async () => {
    const input = city(3, 40, 20);
    expect(await matchParallel(input)).toEqual(match(input));
    expect(await matchParallel(input, { threads: 1, force: true })).toEqual(match(input));
  });
});
