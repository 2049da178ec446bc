/**
 * The bad rows of an import as a workbook to fix and upload again (decision 035): each bad row's
 * cells as the user wrote them, in the template's column order, plus 错误说明 with every message of
 * the row joined by "；". Rebuilt from the kept upload (the job keeps no row contents), streamed
 * with exceljs's writer to a temporary file as the list exports are (workbook.server.ts).
 */
import { createReadStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { setImmediate as breathe } from "node:timers/promises";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { loadExcelJs } from "~/utils/lazy-modules.server";
import { COLUMNS } from "../columns";
import { downloadHeaders } from "../workbook.server";
import type { ImportOwner } from "./import-context.server";
import { runImport } from "./import-save.server";
import type { PlannedRow } from "./import-plan.server";

export const ERROR_COLUMN = "错误说明";

/** The error workbook's rows: header row first, then one row per bad row. */
export function errorRows(kind: ImportOwner["kind"], plan: PlannedRow[]): string[][] {
  const headers = COLUMNS[kind].map((c) => c.header);
  const rows = [[...headers, ERROR_COLUMN]];
  for (const p of plan) {
    if (p.row.errors.length === 0) continue;
    const messages = p.row.errors.map((e) =>
      e.column && !e.message.includes(e.column) ? `${e.column}：${e.message}` : e.message,
    );
    rows.push([...headers.map((h) => p.row.original[h] ?? ""), messages.join("；")]);
  }
  return rows;
}

/** Re-checks the file and answers the bad rows as an .xlsx download; null when the file cannot be read. */
export async function errorWorkbookResponse(
  owner: ImportOwner,
  bytes: Uint8Array,
  fileName: string,
  names: { ascii: string; chinese: string },
): Promise<Response | null> {
  const result = await runImport({ owner, actorId: null, bytes, fileName, mode: "preview" });
  if (!result.ok) return null;
  const rows = errorRows(owner.kind, result.plan);
  const dir = await mkdtemp(path.join(tmpdir(), "import-errors-"));
  const file = path.join(dir, names.ascii);
  try {
    const writer = new (await loadExcelJs()).stream.xlsx.WorkbookWriter({
      filename: file,
      useStyles: false,
      useSharedStrings: false,
    });
    const sheet = writer.addWorksheet("错误行");
    const widths = [...COLUMNS[owner.kind].map((c) => c.width), 60];
    sheet.columns = rows[0]!.map((header, i) => ({ header, width: widths[i] ?? 14 }));
    for (const [i, row] of rows.slice(1).entries()) {
      sheet.addRow(row).commit();
      if (i % 500 === 499) await breathe();
    }
    sheet.commit();
    await writer.commit();
    const { size } = await stat(file);
    const stream = createReadStream(file);
    stream.once("close", () => void rm(dir, { recursive: true, force: true }));
    return new Response(createReadableStreamFromReadable(stream), {
      headers: downloadHeaders(names.ascii, names.chinese, size),
    });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
