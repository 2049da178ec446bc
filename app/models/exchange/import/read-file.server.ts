/**
 * Reading an uploaded spreadsheet into rows of cell texts (decision 035): what the file is comes
 * from its bytes (sniff.ts); an .xlsx is read with exceljs's streaming reader, one row at a time,
 * so a 50,000-row refusal stops early and no whole-workbook model is built; a CSV is decoded
 * (UTF-8, else GBK) and split by csv.ts. No meaning is given to the cells here: checkRows does that.
 */
import { Readable } from "node:stream";
import { loadExcelJs } from "~/utils/lazy-modules.server";
import { EMPTY, excelCell } from "./cells";
import { RowCollector, tooManyRowsMessage, type CollectResult } from "./collect";
import { parseCsv } from "./csv";
import { missingHeaderMessage } from "./headers";
import { MESSAGES, sniff } from "./sniff";
import { IMPORT_LIMITS, type ImportKind, type ImportLimits, type SheetCell, type SheetRead } from "./types";

export function tooBigMessage(maxBytes: number): string {
  const mb = maxBytes / (1024 * 1024);
  const size = mb >= 1 ? `${Number(mb.toFixed(1))} MB` : `${Number((maxBytes / 1024).toFixed(1))} KB`;
  return `文件超过 ${size}，请拆分后分批导入`;
}

/** exceljs's row values are 1-based and sparse; the cells of a row are 0-based and dense. */
function rowCells(values: unknown): SheetCell[] {
  if (!Array.isArray(values)) return [];
  const cells: SheetCell[] = [];
  for (let i = 1; i < values.length; i++) cells.push(excelCell(values[i]));
  while (cells.length > 0 && cells[cells.length - 1].type === "empty") cells.pop();
  return cells.map((c) => c ?? EMPTY);
}

type Xlsx = Awaited<ReturnType<typeof loadExcelJs>>;
type Outcome = { result: SheetRead } | null;

/** The rows of one worksheet fed to a collector: the sheet's read when its header is found, else null. */
function sheetOutcome(collector: RowCollector, sheetName: string | undefined): Outcome {
  if (!collector.foundHeader) return null;
  return {
    result: {
      ok: true,
      format: "xlsx",
      sheetName,
      headerRowNumber: collector.headerRowNumber,
      headers: collector.headers,
      rows: collector.rows,
    },
  };
}

async function readXlsxStreaming(ExcelJS: Xlsx, bytes: Uint8Array, kind: ImportKind, limits: ImportLimits) {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([Buffer.from(bytes)]), {
    sharedStrings: "cache",
    hyperlinks: "ignore",
    // Styles say which numbers are dates (their number format).
    styles: "cache",
    worksheets: "emit",
  });
  for await (const worksheet of reader) {
    const collector = new RowCollector(kind, limits.maxRows);
    let skipping = false;
    for await (const row of worksheet) {
      // The rest of a sheet without the header is parsed but not kept (the zip is one stream).
      if (skipping) continue;
      const result = collector.add(row.number, rowCells(row.values));
      if (result === "tooMany") return { ok: false, message: tooManyRowsMessage(limits.maxRows) } as const;
      if (result === "notHere") skipping = true;
    }
    const outcome = sheetOutcome(collector, (worksheet as unknown as { name?: string }).name);
    if (outcome) return outcome.result;
  }
  return { ok: false, message: missingHeaderMessage(kind) } as const;
}

/** The same rows through exceljs's in-memory reader (the whole workbook at once: ≤ 20 MB). */
async function readXlsxInMemory(ExcelJS: Xlsx, bytes: Uint8Array, kind: ImportKind, limits: ImportLimits) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  for (const worksheet of workbook.worksheets) {
    const collector = new RowCollector(kind, limits.maxRows);
    // A holder, since the callback's assignments are invisible to the narrowing below.
    const seen: { state: CollectResult } = { state: "more" };
    worksheet.eachRow({ includeEmpty: false }, (row) => {
      if (seen.state === "more") seen.state = collector.add(row.number, rowCells(row.values));
    });
    if (seen.state === "tooMany") return { ok: false, message: tooManyRowsMessage(limits.maxRows) } as const;
    const outcome = sheetOutcome(collector, worksheet.name);
    if (outcome) return outcome.result;
  }
  return { ok: false, message: missingHeaderMessage(kind) } as const;
}

async function readXlsx(bytes: Uint8Array, kind: ImportKind, limits: ImportLimits): Promise<SheetRead> {
  const ExcelJS = await loadExcelJs();
  try {
    return await readXlsxStreaming(ExcelJS, bytes, kind, limits);
  } catch (streamError) {
    // The streaming reader (unzipper, plus a temporary file when the sheets come before the shared
    // strings, as Excel and exceljs write them) has been seen to fail now and then on a workbook
    // its in-memory reader reads; a file is called broken only when both fail.
    try {
      const read = await readXlsxInMemory(ExcelJS, bytes, kind, limits);
      console.warn("导入：流式读取 .xlsx 失败，已改用整体读取", streamError);
      return read;
    } catch {
      return { ok: false, message: MESSAGES.broken };
    }
  }
}

function readCsv(
  text: string,
  encoding: "utf-8" | "gbk" | "utf-16le",
  kind: ImportKind,
  limits: ImportLimits,
): SheetRead {
  const collector = new RowCollector(kind, limits.maxRows);
  let rowNumber = 0;
  for (const fields of parseCsv(text)) {
    rowNumber++;
    const cells: SheetCell[] = fields.map((f) => {
      // A line break inside a quoted field is one "\n", as in a workbook cell.
      const trimmed = f.trim().replace(/\r\n?/gu, "\n");
      return trimmed === "" ? EMPTY : { type: "text", text: trimmed };
    });
    const result = collector.add(rowNumber, cells);
    if (result === "tooMany") return { ok: false, message: tooManyRowsMessage(limits.maxRows) };
    if (result === "notHere") break;
  }
  if (!collector.foundHeader) return { ok: false, message: missingHeaderMessage(kind) };
  return {
    ok: true,
    format: "csv",
    encoding,
    headerRowNumber: collector.headerRowNumber,
    headers: collector.headers,
    rows: collector.rows,
  };
}

/**
 * The rows of an uploaded file, or the Chinese message that says why it cannot be read. The file
 * name is not trusted for the format (only the bytes are); it is kept for the caller's messages.
 */
export async function readSpreadsheet(
  bytes: Uint8Array,
  fileName: string,
  kind: ImportKind,
  limits: ImportLimits = IMPORT_LIMITS,
): Promise<SheetRead> {
  void fileName;
  if (bytes.byteLength > limits.maxBytes) return { ok: false, message: tooBigMessage(limits.maxBytes) };
  const sniffed = sniff(bytes);
  switch (sniffed.format) {
    case "refused":
      return { ok: false, message: sniffed.message };
    case "xlsx":
      return readXlsx(bytes, kind, limits);
    case "text":
      return readCsv(sniffed.text, sniffed.encoding, kind, limits);
  }
}
