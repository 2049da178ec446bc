import { describe, expect, it } from "vitest";
import { diffText, diffTokens, hasChanges, sidesOf, tokenize } from "~/utils/text-diff";

describe("tokenize", () => {
  it("splits Chinese by character and keeps latin words and numbers whole", () => {
    expect(tokenize("每季度 2 次 party day")).toEqual([
      "每",
      "季",
      "度",
      " ",
      "2",
      " ",
      "次",
      " ",
      "party",
      " ",
      "day",
    ]);
    expect(tokenize("面积120.5平方米")).toEqual(["面", "积", "120.5", "平", "方", "米"]);
  });

  it("keeps characters outside the basic plane whole", () => {
    expect(tokenize("𠀋好")).toEqual(["𠀋", "好"]);
  });
});

describe("diffText", () => {
  it("reports no change for equal text", () => {
    const d = diffText("双方每季度联合开展一次主题党日。", "双方每季度联合开展一次主题党日。");
    expect(d).toEqual([{ op: "equal", text: "双方每季度联合开展一次主题党日。" }]);
    expect(hasChanges(d)).toBe(false);
  });

  it("shows a replaced Chinese phrase as one deletion and one insertion", () => {
    const d = diffText("双方每季度联合开展一次主题党日。", "双方每月联合开展一次主题党日。");
    expect(d).toEqual([
      { op: "equal", text: "双方每" },
      { op: "delete", text: "季度" },
      { op: "insert", text: "月" },
      { op: "equal", text: "联合开展一次主题党日。" },
    ]);
  });

  it("shows pure insertions and deletions", () => {
    expect(diffText("开放会议室", "周末开放会议室和操场")).toEqual([
      { op: "insert", text: "周末" },
      { op: "equal", text: "开放会议室" },
      { op: "insert", text: "和操场" },
    ]);
    expect(diffText("开放会议室和操场", "开放会议室")).toEqual([
      { op: "equal", text: "开放会议室" },
      { op: "delete", text: "和操场" },
    ]);
    expect(diffText("", "新增条款")).toEqual([{ op: "insert", text: "新增条款" }]);
    expect(diffText("旧条款", "")).toEqual([{ op: "delete", text: "旧条款" }]);
  });

  it("changes whole numbers and words, not their digits or letters", () => {
    expect(diffText("每年 12 次", "每年 15 次")).toEqual([
      { op: "equal", text: "每年 " },
      { op: "delete", text: "12" },
      { op: "insert", text: "15" },
      { op: "equal", text: " 次" },
    ]);
    expect(diffText("plan A ready", "plan B ready")).toEqual([
      { op: "equal", text: "plan " },
      { op: "delete", text: "A" },
      { op: "insert", text: "B" },
      { op: "equal", text: " ready" },
    ]);
  });

  it("folds a single shared character inside a rewrite into the change", () => {
    const d = diffText("提供场地的支持", "开展义诊的服务");
    expect(d).toEqual([
      { op: "delete", text: "提供场地的支持" },
      { op: "insert", text: "开展义诊的服务" },
    ]);
  });

  it("reads a rewritten passage as one deletion and one insertion, a light edit word by word", () => {
    const before =
      "双方以“健康小屋”项目为载体联合开展活动：\n1. 联合开展主题党日：每季度至少联合开展一次主题党日活动，组织双方党员参与服务。";
    expect(diffText(before, "联合开展主题党日：每月至少一次。")).toEqual([
      { op: "delete", text: before.slice(0, -1) },
      { op: "insert", text: "联合开展主题党日：每月至少一次" },
      { op: "equal", text: "。" },
    ]);
    const light = diffText(
      "1. 联合开展主题党日：每季度至少联合开展一次主题党日活动，组织双方党员参与服务。",
      "1. 联合开展主题党日：每月至少联合开展两次主题党日活动，组织双方党员和居民参与服务。",
    );
    expect(light.filter((s) => s.op !== "equal")).toEqual([
      { op: "delete", text: "季度" },
      { op: "insert", text: "月" },
      { op: "delete", text: "一" },
      { op: "insert", text: "两" },
      { op: "insert", text: "和居民" },
    ]);
  });

  it("keeps unchanged lines between changes", () => {
    const before = "1. 党组织结对。\n2. 干部双向挂职。\n3. 人才结对。";
    const after = "1. 党组织结对共建。\n2. 干部双向挂职。\n3. 专业人才结对。";
    const d = diffText(before, after);
    expect(d.filter((s) => s.op === "insert").map((s) => s.text)).toEqual(["共建", "专业"]);
    expect(d.filter((s) => s.op === "delete")).toEqual([]);
    expect(sidesOf(d)).toEqual({ before, after });
  });

  it("always rebuilds both texts exactly from the segments", () => {
    const alphabet = ["社", "区", "单", "位", "的", "，", " ", "12", "a", "\n", "。"];
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const text = () => Array.from({ length: rand(40) }, () => alphabet[rand(alphabet.length)]).join("");
    for (let k = 0; k < 300; k++) {
      const a = text();
      const b = text();
      const d = diffText(a, b);
      expect(sidesOf(d)).toEqual({ before: a, after: b });
      for (let i = 1; i < d.length; i++) expect(d[i]!.op === "equal" && d[i - 1]!.op === "equal").toBe(false);
    }
  });

  it("finds a longest common subsequence of tokens", () => {
    const equal = diffTokens([..."ABCBDAB"], [..."BDCABA"])
      .filter((s) => s.op === "equal")
      .map((s) => s.text)
      .join("");
    expect(equal).toHaveLength(4);
  });

  it("stays correct (if coarse) for texts too long for the table", () => {
    const a = "甲".repeat(3000) + "乙".repeat(3000);
    const b = "丙".repeat(3000) + "丁".repeat(3000);
    const d = diffText(`开头${a}结尾`, `开头${b}结尾`);
    expect(sidesOf(d)).toEqual({ before: `开头${a}结尾`, after: `开头${b}结尾` });
    expect(d[0]).toEqual({ op: "equal", text: "开头" });
  });
});
