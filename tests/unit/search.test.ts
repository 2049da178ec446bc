import { describe, expect, it } from "vitest";
import { searchItems, toPinyin } from "~/utils/search";

const items = [
  { id: 1, title: "养老服务站需要志愿者", description: "每周二上午陪老人聊天", category: "养老服务" },
  { id: 2, title: "课后托管小饭桌", description: "双职工家庭孩子放学后无人照看", category: "课后托管" },
  { id: 3, title: "楼道杂物清理", description: "5号楼楼道堆满纸箱，有消防隐患", category: "环境整治" },
  { id: 4, title: "金融知识讲座", description: "防范养老诈骗，守好钱袋子", category: "金融知识" },
];

const ids = (q: string) => searchItems(items, q).map((i) => i.id);

describe("pinyin", () => {
  it("gives full pinyin and initials without tones", () => {
    expect(toPinyin("养老服务")).toEqual({ full: "yanglaofuwu", initials: "ylfw" });
  });
});

describe("list search", () => {
  it("finds 养老服务 by its pinyin initials", () => {
    expect(ids("ylfw")).toEqual([1]);
  });

  it("finds by full pinyin, with or without spaces", () => {
    expect(ids("tuoguan")).toEqual([2]);
    expect(ids("lou dao")).toEqual([3]);
  });

  it("does not let one wrong initial through", () => {
    expect(ids("ylfx")).toEqual([]);
  });

  it("finds Chinese words in title and description", () => {
    expect(ids("小饭桌")).toEqual([2]);
    expect(ids("消防")).toEqual([3]);
    expect(ids("诈骗")).toEqual([4]);
  });

  it("ranks a title hit above a description-only hit", () => {
    expect(ids("养老")[0]).toBe(1);
    expect(ids("养老")).toContain(4);
  });

  it("returns everything for an empty query", () => {
    expect(ids("  ")).toEqual([1, 2, 3, 4]);
  });
});
