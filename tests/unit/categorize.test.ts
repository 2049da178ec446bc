import { describe, expect, it } from "vitest";
import { rankCategories, suggestCategory } from "#domain/categorize";
import { CATEGORIES, CATEGORY_LABELS } from "#domain/taxonomy";

describe("category suggestion", () => {
  it.each([
    ["独居老人冬季需要每周上门探访", "", "养老服务"],
    ["孩子放学后没人管", "双职工家庭想找个小饭桌，能辅导作业", "课后托管"],
    ["煤气罐使用不规范", "想请人来讲讲怎么安全用气", "安全宣传"],
    ["长者食堂每天送餐", "", "助餐"],
    ["请律师来讲讲遗嘱继承", "", "法律服务"],
    ["老年人想学用智能手机挂号", "", "数字技能"],
    ["楼道堆物太多要清理", "", "环境整治"],
    ["想募集一批尿不湿和护理用品", "", "物资捐赠"],
    ["主题党日活动想借用会议室", "党员教育活动", "党员教育"],
  ])("files “%s” under %s", (title, description, expected) => {
    expect(suggestCategory(title, description)?.category).toBe(expected);
  });

  it("gives the words it recognised as its reason", () => {
    const s = suggestCategory("社区义诊和免费量血压");
    expect(s?.category).toBe("医疗健康");
    expect(s?.matchedTerms).toEqual(expect.arrayContaining(["义诊", "量血压"]));
    expect(s?.matchedTerms).not.toContain("血压");
  });

  it("weighs the title above the description", () => {
    const ranked = rankCategories("法律咨询进社区", "讲座结束后可以顺便量血压");
    expect(ranked[0]?.category).toBe("法律服务");
    expect(ranked.map((r) => r.category)).toContain("医疗健康");
  });

  it("suggests nothing for text with no known words", () => {
    expect(suggestCategory("这是一段随便写的话", "")).toBeNull();
  });

  it("has about twenty unique categories with 其他 as the catch-all", () => {
    expect(new Set(CATEGORY_LABELS).size).toBe(CATEGORIES.length);
    expect(CATEGORIES.length).toBeGreaterThanOrEqual(18);
    expect(CATEGORY_LABELS).toContain("其他");
  });
});
