/**
 * Cell values as people write them, turned into the text the form would have received: exceljs's
 * cell values (numbers without float noise, dates as YYYY-MM-DD, rich text joined, formulas kept
 * as formulas and never evaluated), and the date and number spellings of a hand-typed sheet.
 */
import type { SheetCell } from "./types";

export const EMPTY: SheetCell = { type: "empty" };

/** 3.0000000000000004 → "3", 13800000000 → "13800000000", 0.1 + 0.2 → "0.3". */
export function numberText(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value) && Math.abs(value) < 1e21) return value.toFixed(0);
  // 15 significant digits is what Excel itself shows; it drops binary noise, not real digits.
  const rounded = Number(value.toPrecision(15));
  const text = String(rounded);
  return /e/i.test(text) ? rounded.toFixed(20).replace(/\.?0+$/u, "") : text;
}

const pad = (n: number) => String(n).padStart(2, "0");

export function isoDate(date: Date): string {
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

const textCell = (text: string): SheetCell => (text.trim() === "" ? EMPTY : { type: "text", text: text.trim() });

interface RichText {
  richText: { text?: string | null }[];
}

/** One exceljs cell value (streaming or not) as a SheetCell. */
export function excelCell(value: unknown): SheetCell {
  if (value === null || value === undefined) return EMPTY;
  if (typeof value === "string") return textCell(value);
  if (typeof value === "number") return { type: "text", text: numberText(value) };
  if (typeof value === "boolean") return { type: "text", text: value ? "TRUE" : "FALSE" };
  // exceljs reads a date-formatted number as the UTC midnight of that day.
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? EMPTY : { type: "date", date: isoDate(value) };
  if (typeof value === "object") {
    const v = value as Record<string, unknown>;
    // A formula (plain or shared) is never evaluated, and its cached result is not trusted either.
    if ("formula" in v || "sharedFormula" in v) {
      const formula = String(v.formula ?? v.sharedFormula ?? "");
      return { type: "formula", text: formula ? `=${formula}` : "=" };
    }
    if ("richText" in v && Array.isArray(v.richText)) {
      return textCell((v as unknown as RichText).richText.map((r) => r.text ?? "").join(""));
    }
    if ("error" in v) return textCell(String(v.error));
    if ("text" in v) return excelCell(v.text);
  }
  return textCell(String(value));
}

const DAY_MS = 86_400_000;
// Excel's day 0 is 1899-12-30 once its 1900 leap-year bug is accounted for (serials ≥ 61).
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
const SERIAL_MIN = 32_874; // 1990-01-01
const SERIAL_MAX = 73_415; // 2100-12-31

function validYmd(y: number, m: number, d: number): string | null {
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCMonth() === m - 1 && date.getUTCDate() === d ? isoDate(date) : null;
}

/**
 * A date as people type it: 2026-03-01, 2026-3-1, 2026/3/1, 2026.3.1, 2026年3月1日, 20260301, a
 * time after it, or an Excel serial number that arrived as text (46082). Null when it is not one.
 */
export function parseDateText(raw: string): string | null {
  const text = raw.normalize("NFKC").trim();
  if (text === "") return null;
  const ymd =
    /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[\sT]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/u.exec(
      text,
    );
  if (ymd) return validYmd(Number(ymd[1]), Number(ymd[2]), Number(ymd[3]));
  const compact = /^(\d{4})(\d{2})(\d{2})$/u.exec(text);
  if (compact) return validYmd(Number(compact[1]), Number(compact[2]), Number(compact[3]));
  if (/^\d{5}(\.\d+)?$/u.test(text)) {
    const serial = Math.floor(Number(text));
    if (serial < SERIAL_MIN || serial > SERIAL_MAX) return null;
    return isoDate(new Date(EXCEL_EPOCH + serial * DAY_MS));
  }
  return null;
}

/**
 * A number typed as text, ready for the schema's coercion: full-width digits, thousands
 * separators, a unit after it ("5人", "3 次", "2.5公里") and spaces removed. Text that is still not
 * a number is returned as is, so the schema says "须为数字" about it.
 */
export function numberFromText(raw: string): string {
  const text = raw.normalize("NFKC").replace(/\s+/gu, "");
  const stripped = text.replace(/(人次|人|次|个|名|户|公里|千米|km)$/iu, "").replace(/(?<=\d),(?=\d{3}(\D|$))/gu, "");
  return /^[-+]?(\d+\.?\d*|\.\d+)$/u.test(stripped) ? stripped : text;
}
