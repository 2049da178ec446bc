/**
 * Checking the rows read from a file (decision 035): each row's cells become the form's input
 * (row-check.ts) and go through the form's own zod schema; each problem is named by the column
 * the user sees. Pure and synchronous per row; the caller's onProgress is awaited every
 * PROGRESS_EVERY rows, so a job can report progress and yield to other work there.
 */
import { isCodedKind, parseSystemCode, COLUMNS } from "../columns";
import { cellText, matchHeaders, normalizeName } from "./headers";
import { KIND_CHECKS, type CheckContext, type ImportValues, type KindCheck } from "./row-check";
import { RowInput } from "./row-input";
import type { CheckedRow, ImportKind, RowError, SheetCell, SheetRead, SheetRow } from "./types";

export type { CheckContext, ImportValues };
export type { GridStructureValues, MemberImportValues } from "./row-check-network";
export type {
  AccountImportValues,
  CommunityImportValues,
  NeedImportValues,
  ResourceImportValues,
  StreetImportValues,
  UnitImportValues,
} from "./row-check";
export { normalizeName };

export const PROGRESS_EVERY = 500;
const CODE_MAX = 40;

/** The column whose value identifies a row within a file: 编号, or 用户名 for accounts. */
const keyColumn = (kind: ImportKind) => (kind === "accounts" ? "用户名" : "编号");

/** Codes compared as people mean them: XQ-12 and xq12 are one code; 'A 01' and 'a01' too. */
function codeKey(kind: ImportKind, code: string): string {
  if (kind === "accounts") return code.toLowerCase();
  const id = isCodedKind(kind) ? parseSystemCode(kind, code) : null;
  return id !== null ? `#${id}` : normalizeName(code).toUpperCase();
}

function schemaErrors(check: KindCheck, row: RowInput, input: Record<string, unknown>) {
  const parsed = check.schema.safeParse(input);
  if (parsed.success) return parsed.data as Record<string, unknown>;
  for (const issue of parsed.error.issues) {
    const column = check.columns[String(issue.path[0] ?? "")] ?? "";
    let message = issue.message;
    for (const [from, to] of check.renames ?? []) message = message.replaceAll(from, to);
    // A blank cell's error says to fill that column, in the column's own words.
    if (column && row.isBlank(column)) message = `请填写${column}`;
    row.fail(column, message);
  }
  return null;
}

function checkRow(
  kind: ImportKind,
  sheetRow: SheetRow,
  place: { header: string; index: number }[],
  extra: { header: string; index: number }[],
  context: CheckContext,
): CheckedRow {
  const cells = new Map<string, SheetCell>();
  const original: Record<string, string> = {};
  for (const { header, index } of place) {
    const cell = sheetRow.cells[index] ?? { type: "empty" };
    cells.set(header, cell);
    original[header] = cellText(cell);
  }
  for (const { header, index } of extra) original[header] = cellText(sheetRow.cells[index]);
  const row = new RowInput(cells);
  const code = (cells.get(keyColumn(kind)) ? cellText(cells.get(keyColumn(kind))) : "").trim();
  if (kind !== "accounts" && code.length > CODE_MAX) row.fail("编号", `编号不能超过 ${CODE_MAX} 个字`);

  const check = KIND_CHECKS[kind];
  const { input, suggestedCategory } = check.input(row, context);
  const data = schemaErrors(check, row, input);
  const checked: CheckedRow = {
    rowNumber: sheetRow.rowNumber,
    code,
    values: row.errors.length === 0 ? data : null,
    errors: row.errors,
    original,
  };
  if (suggestedCategory) checked.suggestedCategory = suggestedCategory;
  if (row.notes.length > 0) checked.notes = row.notes;
  return checked;
}

/**
 * Every data row checked, in file order. A file missing a required column gets only fileErrors
 * (「缺少「标题」列」) and no rows. `original` is keyed by the template's header for the kind's
 * columns (whatever spelling the file used) and by the file's own header for other columns.
 */
export async function checkRows<K extends ImportKind>(
  kind: K,
  read: Extract<SheetRead, { ok: true }>,
  context: CheckContext,
  onProgress?: (done: number, total: number) => void | Promise<void>,
): Promise<{ rows: CheckedRow<ImportValues[K]>[]; fileErrors: string[] }> {
  const matched = matchHeaders(
    kind,
    read.headers.map((text): SheetCell => ({ type: "text", text })),
  );
  const place = matched.flatMap((header, index) => (header ? [{ header, index }] : []));
  const missing = COLUMNS[kind].filter((c) => c.required && !place.some((p) => p.header === c.header));
  if (missing.length > 0) return { rows: [], fileErrors: missing.map((c) => `缺少「${c.header}」列`) };
  const extra = read.headers.flatMap((text, index) =>
    matched[index] === null && text.trim() !== "" && !place.some((p) => p.header === text.trim())
      ? [{ header: text.trim(), index }]
      : [],
  );

  const key = keyColumn(kind);
  const firstRowOf = new Map<string, number>();
  const rows: CheckedRow<ImportValues[K]>[] = [];
  const total = read.rows.length;
  for (let i = 0; i < total; i++) {
    const checked = checkRow(kind, read.rows[i], place, extra, context);
    if (checked.code !== "") {
      const k = codeKey(kind, checked.code);
      const first = firstRowOf.get(k);
      if (first === undefined) firstRowOf.set(k, checked.rowNumber);
      else if (!checked.errors.some((e: RowError) => e.column === key)) {
        checked.errors.push({ column: key, message: `${key}与第 ${first} 行重复` });
        checked.values = null;
      }
    }
    rows.push(checked as CheckedRow<ImportValues[K]>);
    if (onProgress && (i + 1) % PROGRESS_EVERY === 0) await onProgress(i + 1, total);
  }
  if (onProgress && total % PROGRESS_EVERY !== 0) await onProgress(total, total);
  return { rows, fileErrors: [] };
}
