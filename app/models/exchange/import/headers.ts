/**
 * Matching the header row people really write to the template's columns: "服务半径 (公里)",
 * "服务半径（公里）", "*标题", "标题（必填）" and "标 题" all name the same column. The same
 * normaliser compares the names of streets, communities and units, so 「东城 街道」 finds 东城街道.
 */
import { COLUMNS } from "../columns";
import type { ImportKind, SheetCell } from "./types";

/** NFKC (full-width letters, digits and brackets become half-width), then no whitespace at all. */
export function normalizeName(text: string): string {
  return text.normalize("NFKC").replace(/\s+/gu, "");
}

const MARKS = /^[*＊]+|[*＊]+$|\((必填|选填|可选|非必填)\)$/gu;

export function normalizeHeader(text: string): string {
  let key = normalizeName(text);
  // Strip repeatedly: "标题*(必填)" loses both marks.
  for (let previous = ""; previous !== key;) {
    previous = key;
    key = key.replace(MARKS, "");
  }
  return key;
}

/** A header without its unit ("服务半径(公里)" → "服务半径"), so a header without the unit still matches. */
const withoutUnit = (key: string) => key.replace(/\([^)]*\)$/u, "");

export function cellText(cell: SheetCell | undefined): string {
  if (!cell) return "";
  switch (cell.type) {
    case "text":
    case "formula":
      return cell.text;
    case "date":
      return cell.date;
    default:
      return "";
  }
}

/**
 * For each cell of a header row, the template column it names (its header as the template
 * writes it) or null. A column named twice counts once, at its first place.
 */
export function matchHeaders(kind: ImportKind, cells: readonly SheetCell[]): (string | null)[] {
  const byKey = new Map<string, string>();
  for (const column of COLUMNS[kind]) {
    const key = normalizeHeader(column.header);
    byKey.set(key, column.header);
    if (!byKey.has(withoutUnit(key))) byKey.set(withoutUnit(key), column.header);
  }
  const seen = new Set<string>();
  return cells.map((cell) => {
    const key = normalizeHeader(cellText(cell));
    const header = byKey.get(key) ?? byKey.get(withoutUnit(key)) ?? null;
    if (!header || seen.has(header)) return null;
    seen.add(header);
    return header;
  });
}

/** How many of the kind's columns a row names: a header row names at least two. */
export function headerScore(kind: ImportKind, cells: readonly SheetCell[]): number {
  return matchHeaders(kind, cells).filter((h) => h !== null).length;
}

export const MIN_HEADER_MATCHES = 2;
/** People put a title or a note above the header; it is found among this many first rows. */
export const HEADER_SEARCH_ROWS = 10;

export function missingHeaderMessage(kind: ImportKind): string {
  const names = COLUMNS[kind].map((c) => c.header).join("、");
  return `没有找到表头行：前 ${HEADER_SEARCH_ROWS} 行中应有一行写着列名（${names}）。请使用导入模板，或把表头改成这些列名`;
}
