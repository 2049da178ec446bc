/**
 * Workbooks for the import tests (issue 13): a template filled as a person fills it, an export
 * read back, a sheet's rows as plain values. Only exceljs, the library people's files are read with.
 */
import ExcelJS from "exceljs";
import { count, eq } from "drizzle-orm";
import type { Db } from "#db/client";
import { auditLog, matchRuns } from "#db/schema";
import { templateWorkbook } from "~/models/exchange/template.server";
import type { TemplateKind } from "~/models/exchange/columns";

export type CellValue = ExcelJS.CellValue;

type LoadArg = Parameters<ExcelJS.Workbook["xlsx"]["load"]>[0];

export async function loadWorkbook(bytes: Uint8Array | ArrayBuffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes as Uint8Array) as unknown as LoadArg);
  return workbook;
}

export async function workbookBytes(workbook: ExcelJS.Workbook): Promise<Uint8Array> {
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** A worksheet's rows as values (row 1 first), cells by the header row's columns, blanks as null. */
export function sheetValues(sheet: ExcelJS.Worksheet): unknown[][] {
  const rows: unknown[][] = [];
  const width = sheet.getRow(1).cellCount;
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: unknown[] = [];
    for (let c = 1; c <= width; c++) cells.push(row.getCell(c).value ?? null);
    rows.push(cells);
  });
  return rows;
}

/**
 * The kind's downloaded template with its example row replaced by `rows`, each given by header
 * (a header the row leaves out stays blank), as someone typing into the template would.
 */
export async function filledTemplate(kind: TemplateKind, rows: Record<string, CellValue>[]): Promise<Uint8Array> {
  const workbook = await loadWorkbook(await templateWorkbook(kind));
  const sheet = workbook.worksheets[0]!;
  const headers = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
  sheet.spliceRows(2, 1);
  for (const row of rows) {
    for (const key of Object.keys(row)) if (!headers.includes(key)) throw new Error(`模板没有「${key}」列`);
    sheet.addRow(headers.map((h) => row[h] ?? null));
  }
  return workbookBytes(workbook);
}

/** A plain workbook: one sheet, these headers, these rows. */
export async function plainWorkbook(headers: string[], rows: CellValue[][]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Sheet1");
  sheet.addRow(headers);
  for (const row of rows) sheet.addRow(row);
  return workbookBytes(workbook);
}

/** Replaces one cell of an exported workbook's first sheet, found by header and by 编号. */
export function setCell(sheet: ExcelJS.Worksheet, code: string, header: string, value: CellValue) {
  const headers = (sheet.getRow(1).values as unknown[]).map((v) => (v === undefined ? "" : String(v)));
  const column = headers.indexOf(header);
  if (column < 1) throw new Error(`没有「${header}」列`);
  let found = false;
  sheet.eachRow((row) => {
    if (String(row.getCell(1).value) === code) {
      row.getCell(column).value = value;
      found = true;
    }
  });
  if (!found) throw new Error(`没有编号为 ${code} 的行`);
}

export function auditCount(db: Db, action: string, actorId?: number | null): number {
  const rows = db.select().from(auditLog).where(eq(auditLog.action, action)).all();
  return rows.filter((r) => actorId === undefined || r.actorId === actorId).length;
}

export function tableCount(db: Db, table: Parameters<ReturnType<Db["select"]>["from"]>[0]): number {
  return db.select({ n: count() }).from(table).get()!.n;
}

export function queuedStreetRuns(db: Db, streetId: number): number {
  return db
    .select()
    .from(matchRuns)
    .all()
    .filter((r) => r.scope === "street" && r.scopeId === streetId && r.status === "queued").length;
}
