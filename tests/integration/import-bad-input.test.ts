/**
 * Each bad input of issue 13 gets a clear Chinese message and saves nothing: a file that is not a
 * spreadsheet, an encrypted or old workbook, a file too big or too long, formula cells (whose
 * text is never evaluated), and bad rows, named by row and column. Bad rows block the save unless
 * skip-bad; the error workbook gives them back with the template's columns and 错误说明.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, needs } from "#db/schema";
import { ERROR_COLUMN, errorWorkbookResponse } from "~/models/exchange/import/error-workbook.server";
import { rowErrorsOf, runImport } from "~/models/exchange/import/import-save.server";
import { FORMULA_MESSAGE } from "~/models/exchange/import/row-input";
import { HEADERS } from "~/models/exchange/columns";
import { useFreshDatabase } from "../support/db";
import { createWorld, type World } from "../support/world";
import { filledTemplate, loadWorkbook, sheetValues, tableCount } from "./import-helpers";

const db = useFreshDatabase();
let world: World;
let owner: { kind: "needs"; communityId: number };
const fixture = (name: string) => new Uint8Array(readFileSync(path.resolve("tests/fixtures/import", name)));

beforeAll(async () => {
  world = await createWorld(db);
  owner = { kind: "needs", communityId: world.communities.A.id };
});

/** Saves (as the job's confirm does) and checks that nothing at all was written. */
async function saveNothing(bytes: Uint8Array, fileName = "f.xlsx") {
  const needCount = tableCount(db, needs);
  const auditCount = tableCount(db, auditLog);
  const result = await runImport({ owner, actorId: world.users.communityA.id, bytes, fileName, mode: "save" });
  expect(tableCount(db, needs)).toBe(needCount);
  expect(tableCount(db, auditLog)).toBe(auditCount);
  return result;
}

async function fileError(bytes: Uint8Array, fileName = "f.xlsx") {
  const result = await saveNothing(bytes, fileName);
  if (result.ok) throw new Error("expected the file to be refused");
  return result.fileError;
}

describe("files that cannot be imported", () => {
  it("refuses a PDF named .xlsx, random bytes and an empty file", async () => {
    expect(await fileError(fixture("pdf-renamed.xlsx"))).toBe("这不是电子表格文件（支持 .xlsx 和 .csv）");
    const noise = new Uint8Array(4096).map((_, i) => (i * 7919) % 256);
    expect(await fileError(noise)).toBe("这不是电子表格文件（支持 .xlsx 和 .csv）");
    expect(await fileError(new Uint8Array(0))).toBe("文件是空的");
  });

  it("refuses an encrypted workbook and an old .xls, saying what to do", async () => {
    expect(await fileError(fixture("needs-encrypted.xlsx"))).toMatch(/设置了打开密码.*取消密码/u);
    expect(await fileError(fixture("needs-old-format.xls"), "needs.xls")).toMatch(/旧版 Excel（\.xls）.*另存为/u);
  });

  it("refuses a file over 20 MB and one over 50,000 rows", async () => {
    expect(await fileError(new Uint8Array(20 * 1024 * 1024 + 1).fill(0x41))).toBe("文件超过 20 MB，请拆分后分批导入");
    const line = "楼道灯维修更换,设施维修\n";
    const csv = `标题,分类\n${line.repeat(50_001)}`;
    expect(await fileError(new TextEncoder().encode(csv), "big.csv")).toBe(
      "超过 50,000 行，请拆分成多个文件后分批导入",
    );
  });

  it("names the missing columns of a sheet without the template's header", async () => {
    expect(await fileError(new TextEncoder().encode("姓名,电话\n王老师,13800000000\n"), "x.csv")).toMatch(
      /没有找到表头行.*编号、标题/u,
    );
    expect(await fileError(new TextEncoder().encode("编号,描述,分类\nA1,需要帮忙,助餐\n"), "x.csv")).toBe(
      "缺少「标题」列",
    );
  });
});

describe("formulas", () => {
  it("refuses a formula cell on its column and never evaluates it or its cached result", async () => {
    const bytes = await filledTemplate("needs", [
      { 标题: { formula: 'CONCAT("独居老人","上门探访")', result: "独居老人上门探访" }, 分类: "养老服务" },
      { 标题: "楼道灯维修更换", 分类: "设施维修", 受益人数: { formula: "2*3", result: 6 } },
    ]);
    const result = await saveNothing(bytes);
    if (!result.ok) throw new Error(result.fileError);
    expect(result.refusal).toBe("有 2 行有错误，未保存任何内容");
    expect(rowErrorsOf(result.plan)).toEqual([
      { rowNumber: 2, column: "标题", message: FORMULA_MESSAGE },
      { rowNumber: 3, column: "受益人数", message: FORMULA_MESSAGE },
    ]);
  });

  it("keeps text that looks like a formula as text in a CSV: 受益人数 =2*3 is not a number", async () => {
    const csv = '标题,分类,受益人数\n=HYPERLINK("http://x"),养老服务,\n楼道灯维修更换,设施维修,=2*3\n';
    const result = await saveNothing(new TextEncoder().encode(csv), "f.csv");
    if (!result.ok) throw new Error(result.fileError);
    const errors = rowErrorsOf(result.plan);
    expect(errors).toEqual([{ rowNumber: 3, column: "受益人数", message: expect.stringMatching(/数/u) }]);
    // The first row is valid: its title is kept verbatim, never run.
    expect(result.plan[0]!.row.values).toMatchObject({ title: '=HYPERLINK("http://x")' });
  });
});

describe("bad rows", () => {
  const rows = [
    { 编号: "B-1", 标题: "独居老人冬季上门探访", 分类: "养老服务", 开始日期: "2027-03-01" },
    { 编号: "B-2", 标题: "修", 分类: "设施维修", 受益人数: "很多", 联系电话: "123" },
    { 编号: "B-3", 标题: "社区书法兴趣班", 分类: "文艺演出", 开始日期: "2027/2/30" },
    { 编号: "B-1", 标题: "楼道灯维修更换", 分类: "设施维修" },
    { 编号: "B-5", 标题: "助老送餐到家", 分类: "助餐", 开始日期: "2027-06-01", 结束日期: "2027-05-01" },
  ];

  it("names each bad row's column in Chinese, saves nothing, and saves only the good rows with skip-bad", async () => {
    const bytes = await filledTemplate("needs", rows);
    const preview = await runImport({ owner, actorId: null, bytes, fileName: "f.xlsx", mode: "preview" });
    if (!preview.ok) throw new Error(preview.fileError);
    expect(preview.counts).toMatchObject({ total: 5, created: 1, updated: 0, bad: 4 });
    const errors = rowErrorsOf(preview.plan);
    const at = (row: number) => errors.filter((e) => e.rowNumber === row);
    expect(
      at(3)
        .map((e) => e.column)
        .sort(),
    ).toEqual(["受益人数", "标题", "联系电话"].sort());
    expect(at(4)).toHaveLength(2);
    expect(at(4)).toContainEqual({
      rowNumber: 4,
      column: "分类",
      message: expect.stringContaining("「文艺演出」不在列表中"),
    });
    expect(at(4)).toContainEqual({
      rowNumber: 4,
      column: "开始日期",
      message: expect.stringContaining("不是有效日期"),
    });
    expect(at(5)).toEqual([{ rowNumber: 5, column: "编号", message: "编号与第 2 行重复" }]);
    expect(at(6)).toEqual([{ rowNumber: 6, column: "结束日期", message: expect.stringMatching(/结束日期/u) }]);
    for (const e of errors) expect(e.message).toMatch(/[\u4e00-\u9fff]/u);

    const refused = await saveNothing(bytes);
    expect(refused.ok && refused.refusal).toBe("有 4 行有错误，未保存任何内容");

    const actorId = world.users.communityA.id;
    const saved = await runImport({ owner, actorId, bytes, fileName: "f.xlsx", mode: "save", skipBad: true });
    expect(saved.ok && saved.saved).toMatchObject({ created: 1, updated: 0 });
    const mine = db.select().from(needs).where(eq(needs.communityId, owner.communityId)).all();
    expect(mine.filter((n) => n.externalCode?.startsWith("B-")).map((n) => n.externalCode)).toEqual(["B-1"]);
  });

  it("gives the bad rows back as a workbook: the template's columns as written, plus 错误说明", async () => {
    const bytes = await filledTemplate("needs", rows);
    const response = await errorWorkbookResponse(owner, bytes, "f.xlsx", {
      ascii: "errors.xlsx",
      chinese: "需求导入错误行.xlsx",
    });
    expect(response).not.toBeNull();
    expect(response!.headers.get("content-disposition")).toContain(encodeURIComponent("需求导入错误行.xlsx"));
    const workbook = await loadWorkbook(await response!.arrayBuffer());
    const [head, ...body] = sheetValues(workbook.worksheets[0]!);
    expect(head).toEqual([...HEADERS("needs"), ERROR_COLUMN]);
    // B-1 is fine now (saved above, so the file's B-1 is an unchanged row); the four bad rows stay.
    expect(body.map((r) => r[0])).toEqual(["B-2", "B-3", "B-1", "B-5"]);
    const b2 = body[0]!;
    expect(b2.slice(0, 6)).toEqual(["B-2", "修", null, "设施维修", null, "很多"]);
    expect(b2[11]).toBe("123");
    expect(String(b2[12])).toMatch(/标题.*受益人数|受益人数.*标题/u);
    expect(String(body[1]![12])).toContain("分类「文艺演出」不在列表中");
    expect(String(body[1]![12])).toContain("；");
    expect(body[1]![7]).toBe("2027/2/30");

    // The error workbook, fixed and uploaded again, imports.
    const sheet = workbook.worksheets[0]!;
    sheet.spliceColumns(13, 1);
    sheet.getRow(3).getCell(4).value = "文体活动";
    sheet.getRow(3).getCell(8).value = "2027/3/1";
    const fixed = await runImport({
      owner,
      actorId: null,
      bytes: new Uint8Array(await workbook.xlsx.writeBuffer()),
      fileName: "fixed.xlsx",
      mode: "preview",
    });
    expect(fixed.ok && rowErrorsOf(fixed.plan).filter((e) => e.rowNumber === 3)).toEqual([]);
  });
});
