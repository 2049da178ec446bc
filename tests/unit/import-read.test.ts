import { readFileSync } from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { readSpreadsheet } from "~/models/exchange/import/read-file.server";
import { checkRows } from "~/models/exchange/import/check-rows";
import type { SheetRead } from "~/models/exchange/import/types";

const fixture = (name: string) => readFileSync(path.join(__dirname, "../fixtures/import", name));
const context = { today: "2026-01-01" };

async function okRead(
  bytes: Uint8Array,
  kind: Parameters<typeof readSpreadsheet>[2] = "needs",
  limits?: { maxBytes: number; maxRows: number },
) {
  const read = await readSpreadsheet(bytes, "file", kind, limits);
  if (!read.ok) throw new Error(`expected a readable file, got: ${read.message}`);
  return read;
}

async function refusal(bytes: Uint8Array, limits?: { maxBytes: number; maxRows: number }) {
  const read: SheetRead = await readSpreadsheet(bytes, "file.xlsx", "needs", limits);
  if (read.ok) throw new Error("expected a refusal");
  return read.message;
}

/** What the needs fixtures hold, whatever the format: the same four rows, values as checked. */
const fixtureNeeds = [
  {
    rowNumber: 3,
    code: "DC-001",
    values: {
      title: "独居老人冬季上门探访",
      description: "每周上门探访，陪伴聊天；\n需要 2 名志愿者",
      category: "养老服务",
      beneficiaryGroup: "独居老人",
      beneficiaryCount: 12,
      urgency: "high",
      startDate: "2026-03-01",
      endDate: "2026-05-31",
      place: "3号网格 5号楼",
      contactName: "王老师",
      contactPhone: "13800000000",
      source: "grid_worker",
      intent: "publish",
    },
  },
  {
    rowNumber: 4,
    code: "DC-002",
    suggestedCategory: "课后托管",
    values: {
      title: '社区"四点半"课堂',
      description: "放学后作业辅导",
      category: "课后托管",
      beneficiaryGroup: "小学生",
      beneficiaryCount: 30,
      urgency: "normal",
      startDate: "2026-03-01",
      endDate: "2026-06-30",
      place: "社区活动室",
      contactName: "李老师",
      contactPhone: "010-12345678",
    },
  },
  {
    rowNumber: 6,
    code: "DC-003",
    values: {
      title: "楼道灯维修",
      category: "设施维修",
      beneficiaryCount: 0,
      urgency: "urgent",
      startDate: "2026-03-01",
      endDate: "2026-03-15",
      contactName: "",
      contactPhone: undefined,
    },
  },
];

async function expectFixtureNeeds(read: Extract<SheetRead, { ok: true }>) {
  expect(read.headerRowNumber).toBe(2);
  const { rows, fileErrors } = await checkRows("needs", read, context);
  expect(fileErrors).toEqual([]);
  // The title row above, the blank row, and the two note lines under the table are not data.
  expect(rows.map((r) => r.rowNumber)).toEqual([3, 4, 6, 7]);
  for (const [i, expected] of fixtureNeeds.entries()) {
    expect(rows[i]).toMatchObject({ ...expected, errors: [] });
  }
  expect(rows[1].suggestedCategory).toBe("课后托管");
  expect(rows[0].suggestedCategory).toBeUndefined();
  expect(rows[3]).toMatchObject({
    code: "DC-004",
    values: null,
    errors: [{ column: "开始日期", message: "开始日期「2026/2/30」不是有效日期，请写成 2026-03-01 或 2026/3/1" }],
  });
}

describe("reading the needs files people really have", () => {
  it("reads a UTF-8 CSV without BOM, with a title row, spaced and starred headers", async () => {
    const read = await okRead(fixture("needs-utf8.csv"));
    expect(read).toMatchObject({ format: "csv", encoding: "utf-8" });
    expect(read.headers[1]).toBe("标 题");
    await expectFixtureNeeds(read);
  });

  it("reads a UTF-8 CSV with a BOM", async () => {
    const read = await okRead(fixture("needs-utf8-bom.csv"));
    expect(read).toMatchObject({ format: "csv", encoding: "utf-8" });
    expect(read.headers[0]).toBe("编号");
    await expectFixtureNeeds(read);
  });

  it("reads a GBK CSV (what Chinese Excel writes)", async () => {
    const read = await okRead(fixture("needs-gbk.csv"));
    expect(read).toMatchObject({ format: "csv", encoding: "gbk" });
    await expectFixtureNeeds(read);
  });

  it("reads the xlsx LibreOffice made from the UTF-8 CSV, its dates as date cells", async () => {
    const read = await okRead(fixture("needs-libreoffice-utf8.xlsx"));
    expect(read.format).toBe("xlsx");
    expect(read.rows[0].cells[7]).toEqual({ type: "date", date: "2026-03-01" });
    // LibreOffice stored the phone as a number: it comes back without float or exponent noise.
    expect(read.rows[0].cells[11]).toEqual({ type: "text", text: "13800000000" });
    await expectFixtureNeeds(read);
  });

  it("reads the xlsx LibreOffice made from the GBK CSV", async () => {
    await expectFixtureNeeds(await okRead(fixture("needs-libreoffice-gbk.xlsx")));
  });
});

/** A workbook as Excel users make them: a cover sheet, then the table under a title. */
async function excelStyleWorkbook(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet("封面").addRow(["东城街道驻区单位资源", "2026 年"]);
  const sheet = workbook.addWorksheet("资源");
  sheet.addRow(["东城街道驻区单位资源清单"]);
  sheet.addRow([]);
  sheet.addRow([
    "编 号",
    "标题 *",
    "描述",
    "分类",
    "类型（必填）",
    "可服务次数",
    "服务半径 (公里)",
    "开始日期",
    "结束日期",
  ]);
  sheet.addRow([
    "ZY-7",
    "医生进社区义诊",
    "每月一次",
    "医疗健康",
    "专业服务",
    3.0000000000000004,
    2.9999999999999996,
    new Date(Date.UTC(2026, 2, 1)),
    new Date(Date.UTC(2026, 11, 31)),
  ]);
  sheet.getCell("H4").numFmt = "yyyy/m/d";
  sheet.getCell("I4").numFmt = 'yyyy"年"m"月"d"日"';
  sheet.addRow([]);
  sheet.addRow([
    "A-01",
    { richText: [{ text: "法律" }, { text: "咨询", font: { bold: true } }] },
    { text: "见官网", hyperlink: "https://example.org" },
    "法律服务",
    "志愿者",
    { formula: "1+1", result: 2 },
    0.1 + 0.2,
    "2026年3月1日",
    46387,
  ]);
  sheet.addRow([]);
  sheet.addRow([]);
  sheet.addRow(["注：可服务次数为每月次数。"]);
  sheet.addRow(["联系人：王敏"]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe("reading an Excel-style workbook", () => {
  it("finds the table on the second sheet and reads every kind of cell as text or date", async () => {
    const read = await okRead(await excelStyleWorkbook(), "resources");
    expect(read).toMatchObject({ format: "xlsx", sheetName: "资源", headerRowNumber: 3 });
    expect(read.rows.map((r) => r.rowNumber)).toEqual([4, 6]);
    expect(read.rows[0].cells).toEqual([
      { type: "text", text: "ZY-7" },
      { type: "text", text: "医生进社区义诊" },
      { type: "text", text: "每月一次" },
      { type: "text", text: "医疗健康" },
      { type: "text", text: "专业服务" },
      { type: "text", text: "3" },
      { type: "text", text: "3" },
      { type: "date", date: "2026-03-01" },
      { type: "date", date: "2026-12-31" },
    ]);
    expect(read.rows[1].cells).toEqual([
      { type: "text", text: "A-01" },
      { type: "text", text: "法律咨询" },
      { type: "text", text: "见官网" },
      { type: "text", text: "法律服务" },
      { type: "text", text: "志愿者" },
      // The cached result (2) is ignored: a formula is never taken as a value.
      { type: "formula", text: "=1+1" },
      { type: "text", text: "0.3" },
      { type: "text", text: "2026年3月1日" },
      { type: "text", text: "46387" },
    ]);
  });

  it("checks those rows: the formula is refused on its column, the rest parses", async () => {
    const read = await okRead(await excelStyleWorkbook(), "resources");
    const { rows } = await checkRows("resources", read, context);
    expect(rows[0]).toMatchObject({
      code: "ZY-7",
      errors: [],
      values: {
        title: "医生进社区义诊",
        kind: "expertise",
        capacity: 3,
        serviceRadiusKm: 3,
        startDate: "2026-03-01",
        endDate: "2026-12-31",
      },
    });
    expect(rows[1]).toMatchObject({
      values: null,
      errors: [{ column: "可服务次数", message: "此单元格是公式，请复制后「选择性粘贴 → 数值」再导入" }],
      original: { 标题: "法律咨询", 可服务次数: "=1+1", 结束日期: "46387" },
    });
  });

  it("reads an export-style workbook written with inline strings (no shared strings)", async () => {
    const stream = new (await import("node:stream")).PassThrough();
    const chunks: Buffer[] = [];
    stream.on("data", (c: Buffer) => chunks.push(c));
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: false, useSharedStrings: false });
    const sheet = writer.addWorksheet("需求清单");
    sheet.addRow(["编号", "标题", "分类", "开始日期"]).commit();
    sheet.addRow(["XQ-12", "独居老人冬季上门探访", "养老服务", "2026-03-01"]).commit();
    sheet.commit();
    await writer.commit();
    const read = await okRead(Buffer.concat(chunks));
    expect(read.rows).toEqual([
      {
        rowNumber: 2,
        cells: [
          { type: "text", text: "XQ-12" },
          { type: "text", text: "独居老人冬季上门探访" },
          { type: "text", text: "养老服务" },
          { type: "text", text: "2026-03-01" },
        ],
      },
    ]);
  });
});

describe("refusing what cannot be imported, with the message users see", () => {
  it("refuses an encrypted workbook", async () => {
    expect(await refusal(fixture("needs-encrypted.xlsx"))).toBe(
      "这个工作簿设置了打开密码，请在 Excel/WPS 中取消密码后另存为 .xlsx 再导入",
    );
  });

  it("refuses an old .xls workbook", async () => {
    expect(await refusal(fixture("needs-old-format.xls"))).toBe(
      "这是旧版 Excel（.xls）文件，请在 Excel/WPS 中「另存为」.xlsx 或 CSV（UTF-8）后导入",
    );
  });

  it("refuses a PDF, a PNG, a Word file and random bytes named .xlsx", async () => {
    const notSheet = "这不是电子表格文件（支持 .xlsx 和 .csv）";
    expect(await refusal(fixture("pdf-renamed.xlsx"))).toBe(notSheet);
    const png = Buffer.concat([Buffer.from("89504e470d0a1a0a0000000d49484452", "hex"), Buffer.alloc(64, 7)]);
    expect(await refusal(png)).toBe(notSheet);
    const docx = Buffer.concat([Buffer.from("504b0304", "hex"), Buffer.alloc(26), Buffer.from("word/document.xml")]);
    expect(await refusal(docx)).toBe(notSheet);
    let seed = 42;
    const random = Uint8Array.from({ length: 4096 }, () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) >> 23);
    expect(await refusal(random)).toBe(notSheet);
  });

  it("refuses an HTML table saved as .xls, pointing to 另存为 .xlsx", async () => {
    const html = Buffer.from("<html><body><table><tr><td>标题</td></tr></table></body></html>");
    expect(await refusal(html)).toBe(
      "这是网页格式的表格（常见于从其他系统导出的 .xls），请在 Excel/WPS 中打开后「另存为」.xlsx 再导入",
    );
  });

  it("refuses a damaged workbook", async () => {
    const broken = Buffer.concat([
      Buffer.from("504b0304", "hex"),
      Buffer.from("xl/workbook.xml"),
      Buffer.alloc(100, 1),
    ]);
    expect(await refusal(broken)).toBe("文件已损坏，无法读取。请在 Excel/WPS 中打开后重新「另存为」.xlsx 再导入");
  });

  it("refuses a file over the size limit before reading it", async () => {
    const big = new Uint8Array(20 * 1024 * 1024 + 1);
    expect(await refusal(big)).toBe("文件超过 20 MB，请拆分后分批导入");
    expect(await refusal(new Uint8Array(1.5 * 1024 * 1024 + 1), { maxBytes: 1.5 * 1024 * 1024, maxRows: 100 })).toBe(
      "文件超过 1.5 MB，请拆分后分批导入",
    );
    expect(await refusal(fixture("needs-utf8.csv"), { maxBytes: 512, maxRows: 100 })).toBe(
      "文件超过 0.5 KB，请拆分后分批导入",
    );
  });

  it("refuses more data rows than the limit, in a CSV and in a workbook", async () => {
    const limits = { maxBytes: 20 * 1024 * 1024, maxRows: 20 };
    const lines = ["编号,标题", ...Array.from({ length: 21 }, (_, i) => `${i},需求标题${i}`)];
    expect(await refusal(Buffer.from(lines.join("\n")), limits)).toBe("超过 20 行，请拆分成多个文件后分批导入");
    // Exactly the limit is fine.
    expect((await okRead(Buffer.from(lines.slice(0, 21).join("\n")), "needs", limits)).rows).toHaveLength(20);
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("需求");
    for (const line of lines) sheet.addRow(line.split(","));
    expect(await refusal(Buffer.from(await workbook.xlsx.writeBuffer()), limits)).toBe(
      "超过 20 行，请拆分成多个文件后分批导入",
    );
    const many = ["编号,标题", ...Array.from({ length: 50_001 }, (_, i) => `${i},需求标题${i}`)].join("\n");
    expect(await refusal(Buffer.from(many))).toBe("超过 50,000 行，请拆分成多个文件后分批导入");
  });

  it("names the expected columns when no header row is found in the first 10 rows", async () => {
    const text = ["东城社区需求清单", ...Array.from({ length: 10 }, () => "")].join("\n");
    expect(await refusal(Buffer.from(text + "\n编号,标题\n1,独居老人探访"))).toBe(
      "没有找到表头行：前 10 行中应有一行写着列名（编号、标题、描述、分类、受益群体、受益人数、紧急程度、开始日期、结束日期、地点、联系人、联系电话）。请使用导入模板，或把表头改成这些列名",
    );
  });

  it("reads Excel's 「Unicode 文本」 (UTF-16 with tabs)", async () => {
    const text = "\ufeff编号\t标题\r\nDC-9\t独居老人探访\r\n";
    const read = await okRead(Buffer.from(text, "utf16le"));
    expect(read).toMatchObject({ format: "csv", encoding: "utf-16le" });
    expect(read.rows[0].cells).toEqual([
      { type: "text", text: "DC-9" },
      { type: "text", text: "独居老人探访" },
    ]);
  });
});
