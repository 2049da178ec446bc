import { describe, expect, it } from "vitest";
import { checkRows, normalizeName, PROGRESS_EVERY, type CheckContext } from "~/models/exchange/import/check-rows";
import { numberFromText, numberText, parseDateText } from "~/models/exchange/import/cells";
import { normalizeHeader } from "~/models/exchange/import/headers";
import { readSpreadsheet } from "~/models/exchange/import/read-file.server";
import type { ImportKind, SheetCell, SheetRead } from "~/models/exchange/import/types";
import { COLUMNS, parseSystemCode, systemCode, TEMPLATE_KINDS } from "~/models/exchange/columns";
import { templateWorkbook } from "~/models/exchange/template.server";

const names = (...pairs: [string, number][]) => new Map(pairs.map(([n, id]) => [normalizeName(n), id]));
const context: CheckContext = {
  today: "2026-04-01",
  streetsByName: names(["东城街道", 11]),
  districtsByName: names(["城关区", 21]),
  communitiesByName: names(["幸福里社区", 31]),
  unitsByName: names(["区人民医院", 41]),
};

const cell = (v: string | SheetCell): SheetCell =>
  typeof v !== "string" ? v : v === "" ? { type: "empty" } : { type: "text", text: v };

/** A read sheet with these headers and rows (row 1 is the header). */
function sheet(headers: string[], ...rows: (string | SheetCell)[][]): Extract<SheetRead, { ok: true }> {
  return {
    ok: true,
    format: "csv",
    headerRowNumber: 1,
    headers,
    rows: rows.map((cells, i) => ({ rowNumber: i + 2, cells: cells.map(cell) })),
  };
}

async function check(kind: ImportKind, headers: string[], ...rows: (string | SheetCell)[][]) {
  return checkRows(kind, sheet(headers, ...rows), context);
}

describe("the template's example row", () => {
  it.each(TEMPLATE_KINDS)("is valid for %s after download → read → check", async (kind) => {
    const read = await readSpreadsheet(await templateWorkbook(kind), `${kind}.xlsx`, kind);
    if (!read.ok) throw new Error(read.message);
    expect(read.headers).toEqual(COLUMNS[kind].map((c) => c.header));
    const { rows, fileErrors } = await checkRows(kind, read, context);
    expect(fileErrors).toEqual([]);
    expect(rows).toHaveLength(1);
    expect(rows[0].errors).toEqual([]);
    expect(rows[0].values).not.toBeNull();
  });
});

describe("cell spellings", () => {
  it("reads the date spellings people type, and refuses impossible dates", () => {
    for (const text of [
      "2026-03-01",
      "2026-3-1",
      "2026/3/1",
      "2026.3.1",
      "2026年3月1日",
      "２０２６／３／１",
      "20260301",
      "2026/3/1 0:00:00",
      "46082",
    ]) {
      expect(parseDateText(text), text).toBe("2026-03-01");
    }
    for (const text of ["2026/2/30", "2026-13-01", "3/1/2026", "明天", "12345", "2026"]) {
      expect(parseDateText(text), text).toBeNull();
    }
  });

  it("writes numbers without float noise and reads numbers typed with units", () => {
    expect(numberText(13800000000)).toBe("13800000000");
    expect(numberText(3.0000000000000004)).toBe("3");
    expect(numberText(0.1 + 0.2)).toBe("0.3");
    expect(numberText(116.404)).toBe("116.404");
    expect(numberFromText("12人")).toBe("12");
    expect(numberFromText("１２ 次")).toBe("12");
    expect(numberFromText("1,000")).toBe("1000");
    expect(numberFromText("2.5公里")).toBe("2.5");
    expect(numberFromText("十二")).toBe("十二");
  });

  it("matches headers with spaces, full-width brackets and required marks", () => {
    expect(normalizeHeader(" 服务半径 （公里） ")).toBe(normalizeHeader("服务半径（公里）"));
    expect(normalizeHeader("*标 题")).toBe("标题");
    expect(normalizeHeader("标题（必填）")).toBe("标题");
    expect(normalizeHeader("结束日期*")).toBe("结束日期");
  });

  it("makes and parses the codes an export writes", () => {
    expect(systemCode("needs", 123)).toBe("XQ-123");
    expect(systemCode("streets", 5)).toBe("JD-5");
    expect(parseSystemCode("needs", "XQ-123")).toBe(123);
    expect(parseSystemCode("needs", " xq－123 ")).toBe(123);
    expect(parseSystemCode("resources", "ZY123")).toBe(123);
    expect(parseSystemCode("units", "ＤＷ-7")).toBe(7);
    expect(parseSystemCode("needs", "ZY-123")).toBeNull();
    expect(parseSystemCode("communities", "东城-001")).toBeNull();
  });
});

describe("checking needs", () => {
  const headers = ["编号", "标题", "描述", "分类", "受益人数", "紧急程度", "开始日期", "结束日期", "联系电话"];

  it("suggests a blank category from the text and records the suggestion", async () => {
    const { rows } = await check("needs", headers, ["", "独居老人冬季上门探访", "", "", "5人", "紧急", "", "", ""]);
    expect(rows[0]).toMatchObject({
      suggestedCategory: "养老服务",
      values: { category: "养老服务", urgency: "urgent", beneficiaryCount: 5 },
    });
  });

  it("asks for a category when none can be suggested, and names the list for an unknown one", async () => {
    const { rows } = await check(
      "needs",
      headers,
      ["", "一件事情要办", "", "", "", "", "", "", ""],
      ["", "独居老人冬季上门探访", "", "老年人", "", "", "", "", ""],
    );
    expect(rows[0].errors).toEqual([{ column: "分类", message: "无法根据标题判断分类，请填写分类" }]);
    expect(rows[1].errors[0].column).toBe("分类");
    expect(rows[1].errors[0].message).toMatch(/^分类「老年人」不在列表中，可选：养老服务、助餐、/u);
  });

  it("names each schema problem by the column the user sees", async () => {
    const { rows } = await check("needs", headers, [
      "DC-1",
      "探访",
      "",
      "养老服务",
      "-3",
      "很急",
      "2026-05-01",
      "2026-04-01",
      "12345",
    ]);
    expect(rows[0].values).toBeNull();
    expect(rows[0].errors).toEqual([
      { column: "紧急程度", message: "紧急程度「很急」不在可选值中，可选：一般、较急、紧急" },
      { column: "标题", message: "标题至少 4 个字" },
      { column: "受益人数", message: "受益人数不能为负数" },
      { column: "联系电话", message: "请填写有效的手机号或座机号（如 13812345678）" },
      { column: "结束日期", message: "结束日期不能早于开始日期" },
    ]);
  });

  it("says 请填写 for a blank required cell and keeps the user's words in original", async () => {
    const { rows } = await check("needs", headers, ["DC-1", "", "每周探访", "养老服务", "", "", "", "", ""]);
    expect(rows[0].errors).toEqual([{ column: "标题", message: "请填写标题" }]);
    expect(rows[0].original).toMatchObject({ 编号: "DC-1", 标题: "", 描述: "每周探访" });
  });

  it("refuses a formula cell on its column", async () => {
    const { rows } = await check("needs", headers, [
      "",
      "独居老人冬季上门探访",
      "",
      "养老服务",
      { type: "formula", text: "=A1*2" },
      "",
      "",
      "",
      "",
    ]);
    expect(rows[0].errors).toEqual([
      { column: "受益人数", message: "此单元格是公式，请复制后「选择性粘贴 → 数值」再导入" },
    ]);
  });

  it("flags a repeated 编号 on the later row, export codes compared as people mean them", async () => {
    const row = (code: string) => [code, "独居老人冬季上门探访", "", "养老服务", "", "", "", "", ""];
    const { rows } = await check("needs", headers, row("XQ-5"), row("A01"), row("xq5"), row("a01"), row(""), row(""));
    expect(rows.map((r) => r.errors)).toEqual([
      [],
      [],
      [{ column: "编号", message: "编号与第 2 行重复" }],
      [{ column: "编号", message: "编号与第 3 行重复" }],
      [],
      [],
    ]);
    expect(rows[2].values).toBeNull();
  });

  it("refuses a file without a required column, checking no row", async () => {
    const result = await check("needs", ["编号", "描述"], ["1", "x"]);
    expect(result).toEqual({ rows: [], fileErrors: ["缺少「标题」列"] });
    const resources = await check("resources", ["标题", "描述"], ["义诊活动", ""]);
    expect(resources.fileErrors).toEqual(["缺少「类型」列", "缺少「可服务次数」列"]);
  });

  it("notes a window that has already ended without refusing the row", async () => {
    const { rows } = await check("needs", headers, [
      "",
      "独居老人冬季上门探访",
      "",
      "养老服务",
      "",
      "",
      "2026-01-01",
      "2026-03-31",
      "",
    ]);
    expect(rows[0].errors).toEqual([]);
    expect(rows[0].notes).toEqual(["结束日期 2026-03-31 已过，保存后将标记为已过期"]);
  });

  it("reports progress every 500 rows and waits for the caller each time", async () => {
    const rows = Array.from({ length: 1_200 }, (_, i) => [
      `N${i}`,
      `独居老人冬季上门探访${i}`,
      "",
      "养老服务",
      "",
      "",
      "",
      "",
      "",
    ]);
    const calls: [number, number][] = [];
    let waited = 0;
    const result = await checkRows("needs", sheet(headers, ...rows), context, async (done, total) => {
      calls.push([done, total]);
      await new Promise((resolve) => setTimeout(resolve, 5));
      waited++;
    });
    expect(PROGRESS_EVERY).toBe(500);
    expect(calls).toEqual([
      [500, 1200],
      [1000, 1200],
      [1200, 1200],
    ]);
    expect(waited).toBe(3);
    expect(result.rows.filter((r) => r.values !== null)).toHaveLength(1200);
  });
});

describe("checking resources, units and places", () => {
  it("maps resource labels and names capacity problems by 可服务次数", async () => {
    const headers = ["标题", "分类", "类型", "可服务次数", "服务半径（公里）"];
    const { rows } = await check(
      "resources",
      headers,
      ["医生进社区义诊", "医疗健康", "岗位/培训", "3次", "2.5 公里"],
      ["医生进社区义诊", "医疗健康", "专业服务", "1001", ""],
      ["医生进社区义诊", "医疗健康", "专业服务", "", "60"],
    );
    expect(rows[0].values).toMatchObject({ kind: "jobs_training", capacity: 3, serviceRadiusKm: 2.5 });
    expect(rows[1].errors).toEqual([{ column: "可服务次数", message: "可服务次数不能超过 1000" }]);
    expect(rows[2].errors).toEqual([
      { column: "可服务次数", message: "请填写可服务次数" },
      { column: "服务半径（公里）", message: "服务半径不能超过 50 公里" },
    ]);
  });

  it("resolves a unit's street by name and checks liaison fields", async () => {
    const headers = ["编号", "名称", "类型", "所属街道", "纬度", "经度", "联络员", "联络员电话"];
    const { rows } = await check(
      "units",
      headers,
      ["DW-3", "区人民医院", "医院", "东城 街道", "39.9", "116.4", "张敏", "138 0000 0000"],
      ["", "区文化馆", "事业单位", "西城街道", "北纬39", "200", "一个名字非常非常长的联络员一个名字非常非常长", "123"],
    );
    expect(rows[0]).toMatchObject({
      code: "DW-3",
      errors: [],
      values: {
        name: "区人民医院",
        kind: "医院",
        streetId: 11,
        lat: 39.9,
        lng: 116.4,
        liaisonName: "张敏",
        liaisonPhone: "13800000000",
      },
    });
    expect(rows[1].errors).toEqual([
      { column: "所属街道", message: "找不到名为「西城街道」的街道" },
      { column: "纬度", message: "纬度须为数字" },
      { column: "经度", message: "经度须在 -180 到 180 之间" },
      { column: "联络员", message: "联络员不能超过 20 个字" },
      { column: "联络员电话", message: "请填写有效的手机号或座机号（如 13812345678）" },
    ]);
  });

  it("checks streets and communities against known districts and streets", async () => {
    const streets = await check(
      "streets",
      ["编号", "名称", "所属区"],
      ["JD-1", "东城街道", "城关区"],
      ["", "南城街道", "新区"],
    );
    expect(streets.rows[0].values).toEqual({ name: "东城街道", districtId: 21 });
    expect(streets.rows[1].errors).toEqual([{ column: "所属区", message: "找不到名为「新区」的区" }]);
    const communities = await check(
      "communities",
      ["名称", "所属街道", "纬度", "经度"],
      ["幸福里社区", "东城街道", "39.91", "116.41"],
      ["", "东城街道", "", "116.41"],
    );
    // A file without the optional 网格 column lists no grids.
    expect(communities.rows[0].values).toEqual({
      name: "幸福里社区",
      streetId: 11,
      lat: 39.91,
      lng: 116.41,
      grids: [],
    });
    expect(communities.rows[1].errors).toEqual([
      { column: "名称", message: "请填写名称" },
      { column: "纬度", message: "请填写纬度" },
    ]);
  });
});

describe("checking accounts", () => {
  const headers = ["用户名", "姓名", "角色", "所属社区", "所属单位"];

  it("maps role labels and resolves the scope the role needs", async () => {
    const { rows } = await check(
      "accounts",
      headers,
      ["wangmin", "王敏", "社区工作人员", "幸福里社区", ""],
      ["liqiang", "李强", "单位联络员", "幸福里社区", "区人民医院"],
    );
    expect(rows[0]).toMatchObject({
      code: "wangmin",
      values: { username: "wangmin", displayName: "王敏", role: "community", communityId: 31 },
    });
    expect(rows[1].values).toEqual({ username: "liqiang", displayName: "李强", role: "unit", unitId: 41 });
  });

  it("refuses other roles, a missing scope, a bad username and a repeated one", async () => {
    const { rows } = await check(
      "accounts",
      headers,
      ["zhang", "张三", "平台管理员", "", ""],
      ["li", "李四", "社区工作人员", "", ""],
      ["Zhao Wu", "赵五", "驻区单位联络员", "", "区文化馆"],
      ["zhang", "张三三", "社区工作人员", "幸福里社区", ""],
    );
    expect(rows[0].errors).toEqual([
      { column: "角色", message: "角色「平台管理员」不在可选值中，可选：社区工作人员、驻区单位联络员" },
    ]);
    expect(rows[1].errors).toEqual([
      { column: "用户名", message: "用户名为 3–32 位小写字母、数字、点、下划线或连字符" },
      { column: "所属社区", message: "请填写所属社区" },
    ]);
    expect(rows[2].errors).toEqual([
      { column: "所属单位", message: "找不到名为「区文化馆」的单位" },
      { column: "用户名", message: "用户名为 3–32 位小写字母、数字、点、下划线或连字符" },
    ]);
    expect(rows[3].errors).toEqual([{ column: "用户名", message: "用户名与第 2 行重复" }]);
  });
});
