/**
 * One row's cells read by column, turned into what the form would have posted: text trimmed,
 * dates and numbers from their usual spellings, labels into the schema's values, names into ids.
 * A cell it cannot read gets its error here (one per column, the first wins), so the schema's
 * message about the same column does not repeat it.
 */
import { numberFromText, parseDateText } from "./cells";
import { cellText, normalizeName } from "./headers";
import type { RowError, SheetCell } from "./types";

export const FORMULA_MESSAGE = "此单元格是公式，请复制后「选择性粘贴 → 数值」再导入";

export class RowInput {
  readonly errors: RowError[] = [];
  readonly notes: string[] = [];

  constructor(
    /** Template column header → the row's cell (absent when the file has no such column). */
    private readonly cells: ReadonlyMap<string, SheetCell>,
  ) {
    for (const [header, cell] of cells) if (cell.type === "formula") this.fail(header, FORMULA_MESSAGE);
  }

  hasError(column: string): boolean {
    return this.errors.some((e) => e.column === column);
  }

  fail(column: string, message: string): void {
    if (!this.hasError(column)) this.errors.push({ column, message });
  }

  /** The cell's text, or undefined when blank (or a formula, which is never read). */
  text(header: string): string | undefined {
    const cell = this.cells.get(header);
    if (!cell || cell.type === "formula") return undefined;
    const text = cellText(cell).trim();
    return text === "" ? undefined : text;
  }

  isBlank(header: string): boolean {
    return this.text(header) === undefined && this.cells.get(header)?.type !== "formula";
  }

  date(header: string): string | undefined {
    const cell = this.cells.get(header);
    if (cell?.type === "date") return cell.date;
    const text = this.text(header);
    if (text === undefined) return undefined;
    const date = parseDateText(text);
    if (date === null) this.fail(header, `${header}「${text}」不是有效日期，请写成 2026-03-01 或 2026/3/1`);
    return date ?? undefined;
  }

  /** A number as text for a coercing schema field ("5人" → "5"); undefined when blank. */
  numberText(header: string): string | undefined {
    const text = this.text(header);
    return text === undefined ? undefined : numberFromText(text);
  }

  /** A number for a non-coercing schema field; text that is not a number is passed on for its message. */
  number(header: string): number | string | undefined {
    const text = this.numberText(header);
    if (text === undefined) return undefined;
    const value = Number(text);
    return Number.isFinite(value) && text !== "" ? value : text;
  }

  /** A label chosen from a list (紧急程度, 类型, 角色) as the schema's value. */
  choice<T extends string>(header: string, byLabel: ReadonlyMap<string, T>, allowed: readonly string[]): T | undefined {
    const text = this.text(header);
    if (text === undefined) return undefined;
    const value = byLabel.get(normalizeName(text).toLowerCase());
    if (value === undefined) this.fail(header, `${header}「${text}」不在可选值中，可选：${allowed.join("、")}`);
    return value;
  }

  /** The id of a named street, community, unit or district. */
  lookup(header: string, byName: ReadonlyMap<string, number> | undefined, what: string): number | undefined {
    const text = this.text(header);
    if (text === undefined) return undefined;
    const id = byName?.get(normalizeName(text));
    if (id === undefined) this.fail(header, `找不到名为「${text}」的${what}`);
    return id;
  }
}

/** Label → value, keyed the way RowInput.choice looks labels up (plus the values themselves). */
export function labelMap<T extends string>(labels: Readonly<Record<T, string>>, aliases: Record<string, T> = {}) {
  const map = new Map<string, T>();
  const add = (label: string, value: T) => map.set(normalizeName(label).toLowerCase(), value);
  for (const [value, label] of Object.entries(labels) as [T, string][]) {
    add(label, value);
    add(value, value);
  }
  for (const [label, value] of Object.entries(aliases)) add(label, value);
  return map;
}
