/**
 * Turning a sheet's rows (from a workbook or a CSV, in order) into the header row and the data
 * rows: the header is the first of the first rows naming at least two of the kind's columns (a
 * title such as 「东城社区需求清单」 often sits above it); blank rows are skipped; notes under the
 * table (「注：…」, 「填表说明」 and the lines after them) are not data; and reading stops as
 * soon as the rows exceed the limit, so a huge file is refused without being read to its end.
 */
import { HEADER_SEARCH_ROWS, MIN_HEADER_MATCHES, cellText, headerScore } from "./headers";
import type { ImportKind, ImportLimits, SheetCell, SheetRow } from "./types";

const NOTE_START = /^(注|说明|备注|填表说明|填写说明)/u;

export type CollectResult = "more" | "tooMany" | "notHere";

export function tooManyRowsMessage(limit: number): string {
  return `超过 ${limit.toLocaleString("en-US")} 行，请拆分成多个文件后分批导入`;
}

export class RowCollector {
  headerRowNumber = 0;
  headers: string[] = [];
  readonly rows: SheetRow[] = [];
  private blankRun = 0;
  private inNotes = false;

  constructor(
    private readonly kind: ImportKind,
    private readonly maxRows: number,
  ) {}

  get foundHeader(): boolean {
    return this.headerRowNumber > 0;
  }

  /** Takes the next row. "notHere": the first rows had no header, so this sheet is not the table. */
  add(rowNumber: number, cells: SheetCell[]): CollectResult {
    if (!this.foundHeader) {
      if (rowNumber > HEADER_SEARCH_ROWS) return "notHere";
      if (headerScore(this.kind, cells) >= MIN_HEADER_MATCHES) {
        this.headerRowNumber = rowNumber;
        this.headers = cells.map(cellText);
      }
      return "more";
    }
    const filled = cells.filter((c) => c.type !== "empty");
    if (filled.length === 0) {
      this.blankRun++;
      return "more";
    }
    const afterGap = this.blankRun >= 2;
    this.blankRun = 0;
    if (filled.length === 1) {
      const only = cellText(filled[0]);
      const firstFilled = cells[0]?.type !== "empty";
      // A note, or a line of the notes under it, or a lone remark after a gap below the table.
      if ((firstFilled && NOTE_START.test(only)) || this.inNotes || afterGap) {
        this.inNotes = true;
        return "more";
      }
    } else {
      this.inNotes = false;
    }
    this.rows.push({ rowNumber, cells });
    return this.rows.length > this.maxRows ? "tooMany" : "more";
  }
}

export type { ImportLimits };
