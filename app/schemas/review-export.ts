import { z } from "zod";
import type { ExportStatus } from "#domain/vocabulary";
import { chinaYear } from "~/utils/china-time";

/** What an export is to its viewer: its stored status, or "expired" once its file was cleaned up. */
export type ExportViewStatus = ExportStatus | "expired";

export const EXPORT_STATUS_LABELS: Record<ExportViewStatus, string> = {
  queued: "排队中",
  running: "生成中",
  done: "已完成",
  failed: "失败",
  expired: "已清理",
};

/** Finished workbooks are kept this long, then cleaned up by the maintenance run. */
export const EXPORT_KEEP_DAYS = 30;
export const EXPIRED_MESSAGE = `考核表文件已保存超过 ${EXPORT_KEEP_DAYS} 天并被清理，请重新生成`;

/** How many years back a review can be exported: the current year and the four before it. */
const YEARS_OFFERED = 5;

export interface ExportYearRange {
  min: number;
  max: number;
}

export function exportYearRange(now = new Date()): ExportYearRange {
  const max = chinaYear(now);
  return { min: max - YEARS_OFFERED + 1, max };
}

export function exportYearOptions(range: ExportYearRange) {
  const options: { value: string; label: string }[] = [];
  for (let y = range.max; y >= range.min; y--) options.push({ value: String(y), label: `${y}年` });
  return options;
}

/** /review/export: the year to export. The loader hands the range to the page so both sides agree. */
export function reviewExportSchema(range: ExportYearRange) {
  const message = `考核年度须为 ${range.min} 到 ${range.max} 年之间`;
  return z.object({
    year: z
      .number({ required_error: "请选择考核年度", invalid_type_error: "考核年度须为数字" })
      .int(message)
      .min(range.min, message)
      .max(range.max, message),
  });
}
