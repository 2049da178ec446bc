/**
 * Writing a list's workbook without holding the list: exceljs's streaming writer commits each row
 * to a temporary file as it is added, the rows come from the database a batch at a time, and the
 * finished file is streamed to the response and deleted once sent (decision 033).
 */
import { createReadStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadExcelJs } from "~/utils/lazy-modules.server";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { COLUMNS, type ExchangeKind } from "./columns";

export const XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export type Cell = string | number | null;

/** Headers of a download named in Chinese (RFC 5987) with an ASCII fallback. */
export function downloadHeaders(asciiName: string, chineseName: string, size: number) {
  return {
    "Content-Type": XLSX_MIME,
    "Content-Length": String(size),
    "Content-Disposition": `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(chineseName)}`,
    "Cache-Control": "private, no-store",
    "X-Content-Type-Options": "nosniff",
  };
}

/**
 * One sheet with the kind's columns (or columns of its own, for lists that are not exchanged), its rows pulled from `batches` (each batch is one database
 * page), written row by row to a temporary file; answered as a download that removes the file.
 */
export async function streamedListWorkbook(
  kind: ExchangeKind | readonly { header: string; width?: number }[],
  sheetName: string,
  batches: Iterable<Cell[][]>,
  names: { ascii: string; chinese: string },
): Promise<Response> {
  const dir = await mkdtemp(path.join(tmpdir(), "list-export-"));
  const file = path.join(dir, names.ascii);
  try {
    const writer = new (await loadExcelJs()).stream.xlsx.WorkbookWriter({
      filename: file,
      useStyles: false,
      useSharedStrings: false,
    });
    const sheet = writer.addWorksheet(sheetName);
    const columns = typeof kind === "string" ? COLUMNS[kind] : kind;
    sheet.columns = columns.map((c) => ({ header: c.header, width: c.width }));
    for (const batch of batches) {
      for (const row of batch) sheet.addRow(row).commit();
      // Let the event loop breathe between pages: other requests are served meanwhile.
      await new Promise((resolve) => setImmediate(resolve));
    }
    sheet.commit();
    await writer.commit();
    const { size } = await stat(file);
    const stream = createReadStream(file);
    const cleanup = () => void rm(dir, { recursive: true, force: true });
    stream.once("close", cleanup);
    return new Response(createReadableStreamFromReadable(stream), {
      headers: downloadHeaders(names.ascii, names.chinese, size),
    });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
