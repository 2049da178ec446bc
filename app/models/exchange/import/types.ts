/**
 * The shapes an import passes through (docs/decisions/035-spreadsheet-import.md):
 * file bytes → `SheetRead` (cells as text, no meaning yet) → `CheckedRow`s (each row checked with
 * the form's zod schema, values ready to save or errors per column) → saved in one transaction.
 * The reading and checking are pure (no database); the web job, the CLI and the tests share them.
 */
import type { ImportKind } from "#domain/vocabulary";

export type { ImportKind };

/** A cell as read from the file. Dates from date-typed cells arrive as `YYYY-MM-DD`. */
export type SheetCell =
  | { type: "text"; text: string }
  | { type: "date"; date: string }
  | { type: "formula"; text: string }
  | { type: "empty" };

export interface SheetRow {
  /** The row's number as the user sees it in the spreadsheet (1-based, header included). */
  rowNumber: number;
  cells: SheetCell[];
}

export type SheetRead =
  | {
      ok: true;
      format: "xlsx" | "csv";
      /** How a text file was decoded ("utf-16le": Excel's 「Unicode 文本」). */
      encoding?: "utf-8" | "gbk" | "utf-16le";
      /** The worksheet read (xlsx): the first one whose header row names the kind's columns. */
      sheetName?: string;
      headerRowNumber: number;
      /** The header row's cells as written (trimmed); matched to the template's columns by checkRows. */
      headers: string[];
      rows: SheetRow[];
    }
  | { ok: false; message: string };

/** One problem with one row, named by the column the user must fix ("" for the whole row). */
export interface RowError {
  column: string;
  message: string;
}

export interface CheckedRow<Values = Record<string, unknown>> {
  rowNumber: number;
  /** The row's 编号 as written (trimmed), "" when blank. */
  code: string;
  /** The form values to save, present only when the row has no error. */
  values: Values | null;
  errors: RowError[];
  /** The original cell texts by header, to write the error workbook back in the user's words. */
  original: Record<string, string>;
  /** The category suggested for a blank 分类 cell (needs, resources). */
  suggestedCategory?: string;
  /** Things worth saying that do not stop the row (e.g. its window has already ended). */
  notes?: string[];
}

export interface ImportLimits {
  maxBytes: number;
  maxRows: number;
}

export const IMPORT_LIMITS: ImportLimits = { maxBytes: 20 * 1024 * 1024, maxRows: 50_000 };
