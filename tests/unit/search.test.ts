import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { matchesSearch, pairProbes, searchExpression, searchPairs, toPinyin } from "#db/search-terms";
import { registerSearchFunctions } from "#db/client";

const items = [
  { id: 1, title: "养老服务站需要志愿者", description: "每周二上午陪老人聊天", category: "养老服务" },
  { id: 2, title: "课后托管小饭桌", description: "双职工家庭孩子放学后无人照看", category: "课后托管" },
  { id: 3, title: "楼道杂物清理", description: "5号楼楼道堆满纸箱，有消防隐患", category: "环境整治" },
  { id: 4, title: "金融知识讲座", description: "防范养老诈骗，守好钱袋子", category: "金融知识" },
  { id: 5, title: "Wi-Fi 覆盖活动室", description: "老年活动室没有ＷＩＦＩ信号", category: "其他" },
];

const scanned = (q: string) => items.filter((i) => matchesSearch(i, q)).map((i) => i.id);

/** The same items in a real FTS5 table built the way the migration builds it. */
let sqlite: Database.Database;
beforeAll(() => {
  sqlite = new Database(":memory:");
  registerSearchFunctions(sqlite);
  sqlite.exec(
    "CREATE VIRTUAL TABLE s USING fts5(title, body, pinyin, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0')",
  );
  sqlite.exec("INSERT INTO s(s, rank) VALUES ('rank', 'bm25(4.0, 1.0, 2.0)')");
  const insert = sqlite.prepare(
    "INSERT INTO s(rowid, title, body, pinyin) VALUES (?, search_pairs(?), search_body(?, ?), search_pinyin(?, ?))",
  );
  for (const i of items) insert.run(i.id, i.title, i.description, i.category, i.title, i.category);
});
afterAll(() => sqlite.close());

function indexed(q: string): number[] {
  const expression = searchExpression(q);
  if (expression === null) return [];
  return sqlite
    .prepare("SELECT rowid AS id FROM s WHERE s MATCH ? ORDER BY rank, rowid")
    .all(expression)
    .map((row) => (row as { id: number }).id);
}

describe("pinyin", () => {
  it("gives full pinyin and initials without tones", () => {
    expect(toPinyin("养老服务")).toEqual({ full: "yanglaofuwu", initials: "ylfw" });
  });
});

describe("index tokens", () => {
  it("cuts each run of letters into overlapping pairs, then its last character", () => {
    expect(searchPairs("养老服务")).toBe("养老 老服 服务 务");
    expect(searchPairs("5号楼，有隐患")).toBe("5号 号楼 楼 有隐 隐患 患");
  });
  it("treats full-width and upper-case letters as their plain forms", () => {
    expect(searchPairs("ＷＩＦＩ")).toBe(searchPairs("wifi"));
  });
});

describe("list search", () => {
  const cases: [string, number[]][] = [
    ["ylfw", [1]],
    ["tuoguan", [2]],
    ["lou dao", [3]],
    ["ylfx", []],
    ["小饭桌", [2]],
    ["消防", [3]],
    ["诈骗", [4]],
    // Only in the category, as pinyin queries always found it.
    ["整治", [3]],
    ["环境 纸箱", [3]],
    ["老", [1, 4, 5]],
    ["养老 志愿者", [1]],
    ["wifi", [5]],
    ["Wi-Fi", [5]],
    ["养老服务站需要志愿者啊", []],
  ];

  it.each(cases)("%s finds what a scan finds", (q, expected) => {
    expect(scanned(q).sort()).toEqual(expected);
    expect(indexed(q).sort()).toEqual(expected);
  });

  it("ranks a title hit above a description-only hit", () => {
    expect(indexed("养老")).toEqual([1, 4]);
  });

  it("searches nothing for an empty or punctuation-only query", () => {
    expect(searchExpression("  ")).toBeNull();
    expect(searchExpression("？！")).toBeNull();
    expect(scanned("  ")).toEqual([]);
  });

  it("cannot be turned into FTS5 syntax by the query", () => {
    for (const q of ['"', "养老 OR 消防", "title:消防", "NEAR(养老 消防)", "养*", "-消防", "(", "^养"]) {
      expect(() => indexed(q)).not.toThrow();
      expect(indexed(q).sort()).toEqual(scanned(q).sort());
    }
  });
});

describe("a need's place, searched outside the index (decision 030)", () => {
  const places = ["3号网格 5号楼", "2号网格 幸福里小区3号楼", "光明社区各网格", "４号网格 光明小区5号楼", ""];
  // The query in SQL as listNeeds asks it of the owning community's rows (privateColumnMatches).
  const inSql = (q: string) => {
    const probes = pairProbes(q);
    if (probes.length === 0) return [];
    const where = probes.map(() => "instr(' ' || search_pairs(column2) || ' ', ?) > 0").join(" AND ");
    const rows = places.map((_, i) => `(${i}, ?)`).join(",");
    return sqlite
      .prepare(`SELECT column1 AS i FROM (VALUES ${rows}) WHERE ${where} ORDER BY column1`)
      .all(...places, ...probes)
      .map((r) => (r as { i: number }).i);
  };
  // The reference: every word of the query is a substring of one word of the place, after NFKC and lower case.
  const words = (t: string) =>
    t
      .normalize("NFKC")
      .toLowerCase()
      .match(/[\p{L}\p{N}\p{Co}]+/gu) ?? [];
  const scannedPlaces = (q: string) =>
    places.flatMap((p, i) =>
      words(q).length > 0 && words(q).every((w) => words(p).some((pw) => pw.includes(w))) ? [i] : [],
    );

  it.each([
    "3号网格",
    "４号网格",
    "网格",
    "格",
    "5号楼",
    "3号网格 5号楼",
    "号网格 光明",
    "格5",
    "幸福里小区3号楼",
    "、",
  ])("finds %s where the place holds every word", (q) => {
    expect(inSql(q)).toEqual(scannedPlaces(q));
  });
});
