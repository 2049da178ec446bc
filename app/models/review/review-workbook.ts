/**
 * The annual review (述职评议考核) as an Excel workbook: one sheet per table, Chinese headers,
 * figures as real numbers so reviewers can sort, filter and sum them in Excel. Pure: it takes the
 * review objects the dashboard shows and never touches the database, so it can be tested alone.
 * The workbook is written as a stream (ExcelJS's streaming writer): each row is turned into XML
 * and compressed as it is added, a chunk of rows per turn of the event loop, so a city's ten
 * thousand units never hold the web process up for long, as building it whole and then zipping it
 * in one go did.
 */
import { PassThrough } from "node:stream";
import { setImmediate as breathe } from "node:timers/promises";
import type ExcelJS from "exceljs";
import { loadExcelJs } from "~/utils/lazy-modules.server";
import { scrubPersonalData } from "#domain/personal-data";
import type {
  CommunityReviewRow,
  DistrictReview,
  ReviewFlag,
  StreetReview,
  StreetReviewRow,
  UnitMembers,
  UnitReviewRow,
} from "./review-types";
import { memberColumns, memberReadme } from "./review-workbook-members";
import { GRADE_LABELS } from "~/schemas/evaluation-labels";
import { chinaDate, chinaDateTime } from "~/utils/china-time";

export type ReviewWorkbookInput = (
  | { scope: "street"; scopeName: string; year: number; review: StreetReview; generatedAt: Date }
  | { scope: "district"; scopeName: string; year: number; review: DistrictReview; generatedAt: Date }
) & {
  /** 在职党员双报到 of the units (decision 041): four more columns on the unit sheet. */
  members?: UnitMembers;
};

type CellValue = string | number | null;
/** How a column's numbers are shown; text columns have no format. */
type Kind = "text" | "count" | "share" | "days" | "decimal" | "rating";
export interface Column<Row> {
  header: string;
  kind: Kind;
  value: (row: Row) => CellValue;
}

const NUMBER_FORMATS: Record<Exclude<Kind, "text">, string> = {
  count: "0",
  share: "0.0%",
  days: "0.0",
  decimal: "0.0",
  rating: "0.00",
};

export const FLAG_LABELS: Record<ReviewFlag["kind"], string> = {
  unit_inactive: "单位无确认活动",
  stale_needs: "需求超期未匹配",
  meeting_overdue: "联席会议逾期",
  bottom_community: "社区排名末位",
  bottom_unit: "单位排名末位",
};

const streetColumns: Column<StreetReviewRow>[] = [
  { header: "街道", kind: "text", value: (r) => r.streetName },
  { header: "社区数", kind: "count", value: (r) => r.communities },
  { header: "单位数", kind: "count", value: (r) => r.units },
  { header: "发布需求", kind: "count", value: (r) => r.needsPosted },
  { header: "匹配率", kind: "share", value: (r) => r.matchedShare },
  { header: "匹配用时中位数（天）", kind: "days", value: (r) => r.medianDaysToMatch },
  { header: "完成率", kind: "share", value: (r) => r.fulfilledShare },
  { header: "上报协调", kind: "count", value: (r) => r.escalations },
  { header: "召开联席会议", kind: "count", value: (r) => r.meetingsHeld },
  { header: "确认活动", kind: "count", value: (r) => r.confirmedActivities },
  { header: "服务时长（小时）", kind: "decimal", value: (r) => r.hours },
  { header: "服务居民（人次）", kind: "count", value: (r) => r.residentsServed },
  { header: "满意度（1–5）", kind: "rating", value: (r) => r.satisfaction },
  { header: "有活动单位占比", kind: "share", value: (r) => r.activeUnitShare },
];

const communityColumns: Column<CommunityReviewRow>[] = [
  { header: "社区", kind: "text", value: (r) => r.communityName },
  { header: "发布需求", kind: "count", value: (r) => r.needsPosted },
  { header: "匹配率", kind: "share", value: (r) => r.matchedShare },
  { header: "匹配用时中位数（天）", kind: "days", value: (r) => r.medianDaysToMatch },
  { header: "完成率", kind: "share", value: (r) => r.fulfilledShare },
  { header: "上报协调", kind: "count", value: (r) => r.escalations },
  { header: "召开联席会议", kind: "count", value: (r) => r.meetingsHeld },
  { header: "超期未匹配需求", kind: "count", value: (r) => r.staleNeeds },
  { header: "距上次联席会议（天）", kind: "days", value: (r) => r.daysSinceLastMeeting },
  { header: "联席会议逾期", kind: "text", value: (r) => (r.meetingOverdue ? "是" : "否") },
];

const unitColumns: Column<UnitReviewRow>[] = [
  { header: "单位", kind: "text", value: (r) => r.unitName },
  { header: "单位类型", kind: "text", value: (r) => r.unitKind },
  { header: "提供资源", kind: "count", value: (r) => r.resourcesOffered },
  { header: "共建项目", kind: "count", value: (r) => r.projects },
  { header: "确认活动", kind: "count", value: (r) => r.confirmedActivities },
  { header: "党员参与（人次）", kind: "count", value: (r) => r.partyMemberTimes },
  { header: "服务时长（小时）", kind: "decimal", value: (r) => r.hours },
  { header: "服务居民（人次）", kind: "count", value: (r) => r.residentsServed },
  { header: "满意度（1–5）", kind: "rating", value: (r) => r.satisfaction },
  { header: "评议等次", kind: "text", value: (r) => (r.opinionGrade ? GRADE_LABELS[r.opinionGrade] : null) },
];

const flagColumns: Column<ReviewFlag>[] = [
  { header: "类型", kind: "text", value: (f) => FLAG_LABELS[f.kind] },
  { header: "提示内容", kind: "text", value: (f) => f.message },
];

/** In a district workbook the community and unit sheets start with the street they belong to. */
const withStreet = <Row extends { streetName: string }>(columns: Column<Row>[]): Column<Row>[] => [
  { header: "街道", kind: "text", value: (r) => r.streetName },
  ...columns,
];

// Excel's column width is in characters of the default font; a CJK character takes about two.
const displayWidth = (text: string) => [...text].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e7f ? 2 : 1), 0);

/**
 * What a cell holds. A workbook leaves the platform (it is mailed on and printed), so any text
 * in it goes through the personal-data scrubber: names, flags and any column added later that
 * carries words someone typed (decision 023).
 */
function cellOf<Row>(column: Column<Row>, row: Row): CellValue {
  const value = column.value(row) ?? null;
  return column.kind === "text" && typeof value === "string" ? scrubPersonalData(value) : value;
}

/** Rows added between two turns of the event loop: a few milliseconds of work. */
const ROWS_PER_TURN = 500;

type Writer = ExcelJS.stream.xlsx.WorkbookWriter;

async function addTable<Row>(wb: Writer, name: string, columns: Column<Row>[], rows: Row[]) {
  const sheet = wb.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  // A streamed sheet writes its columns before its first row: widths and formats come first.
  columns.forEach((column, i) => {
    const col = sheet.getColumn(i + 1);
    if (column.kind !== "text") col.numFmt = NUMBER_FORMATS[column.kind];
    let widest = 10;
    if (column.kind === "text") {
      widest = 0;
      for (const r of rows) widest = Math.max(widest, displayWidth(String(cellOf(column, r) ?? "")));
    }
    col.width = Math.min(60, Math.max(8, displayWidth(column.header), widest) + 2);
  });
  const header = sheet.addRow(columns.map((c) => c.header));
  header.font = { bold: true };
  header.alignment = { vertical: "middle", wrapText: false };
  header.numFmt = "@";
  header.commit();
  for (const [i, row] of rows.entries()) {
    // null stays an empty cell: "no figure" must not read as zero.
    sheet.addRow(columns.map((c) => cellOf(c, row))).commit();
    if ((i + 1) % ROWS_PER_TURN === 0) await breathe();
  }
  await sheet.commit();
}

async function addReadme(wb: Writer, input: ReviewWorkbookInput) {
  const sheet = wb.addWorksheet("说明");
  sheet.getColumn(1).width = 24;
  sheet.getColumn(2).width = 70;
  sheet.getColumn(1).font = { bold: true };
  sheet.getColumn(2).alignment = { wrapText: true, vertical: "top" };
  const { period } = input.review;
  const scopeLabel = input.scope === "district" ? "全区" : "街道";
  const rows: [string, string][] = [
    ["考核范围", `${input.scopeName}（${scopeLabel}）`],
    ["考核年度", `${input.year}年`],
    ["统计期间", `${period.from} 至 ${period.to}`],
    ["生成时间", chinaDateTime(input.generatedAt)],
    // For the current year the figures stop at the moment of generation, not at the year's end.
    ["数据截至", minDate(period.to, chinaDate(input.generatedAt))],
    ["口径", "活动数据仅统计双方确认的记实；待确认和有异议的记实不计入。"],
    ["", ""],
    ["工作表", "内容"],
    ...sheetDescriptions(input.scope),
    ["", ""],
    ["指标", "含义"],
    ["匹配率", "期内发布的需求中已匹配（含已完成）的比例"],
    ["匹配用时中位数（天）", "从需求发布到形成共建项目所用天数的中位数"],
    ["完成率", "期内发布的需求中已完成的比例"],
    ["超期未匹配需求", "期末仍未匹配、且超过上报天数的需求数"],
    ["满意度（1–5）", "期内评议选票“群众满意度”评分的平均值"],
    ["空白单元格", "没有可计算的数据（如没有发布需求、没有选票），不等于 0"],
    ...(input.members ? [memberReadme(input.members)] : []),
  ];
  for (const [key, value] of rows) sheet.addRow([key, value]);
  for (const n of [8, 9 + sheetDescriptions(input.scope).length + 1]) sheet.getRow(n).font = { bold: true };
  await sheet.commit();
}

function sheetDescriptions(scope: ReviewWorkbookInput["scope"]): [string, string][] {
  return [
    ...(scope === "district" ? ([["街道对比", "各街道在同一口径下的汇总指标"]] as [string, string][]) : []),
    ["社区指标", "每个社区的需求、匹配、完成、上报协调与联席会议情况"],
    ["单位指标", "每家驻区单位的资源、项目、确认活动、服务与评议情况"],
    ["预警提示", "无确认活动的单位、超期未匹配的需求、逾期未开的联席会议及排名末位"],
  ];
}

const minDate = (a: string, b: string) => (a < b ? a : b);

export interface WorkbookStep {
  /** The sheet's name, also shown as the current step while the workbook is built. */
  name: string;
  add: (wb: Writer) => Promise<void>;
}

/** The sheet names in order, known before any data is loaded (the progress page names the step). */
export function reviewSheetNames(scope: ReviewWorkbookInput["scope"]): string[] {
  return scope === "district"
    ? ["说明", "街道对比", "社区指标", "单位指标", "预警提示"]
    : ["说明", "社区指标", "单位指标", "预警提示"];
}

/** The sheets in order; the builder adds them one at a time so a caller can report progress. */
export function reviewWorkbookSteps(input: ReviewWorkbookInput): WorkbookStep[] {
  const district = input.scope === "district";
  const steps: WorkbookStep[] = [{ name: "说明", add: (wb) => addReadme(wb, input) }];
  if (input.scope === "district") {
    const streets = input.review.streets;
    steps.push({ name: "街道对比", add: (wb) => addTable(wb, "街道对比", streetColumns, streets) });
  }
  const { communities, units, flags } = input.review;
  const unitSheet = input.members ? [...unitColumns, ...memberColumns(input.members)] : unitColumns;
  steps.push(
    {
      name: "社区指标",
      add: (wb) => addTable(wb, "社区指标", district ? withStreet(communityColumns) : communityColumns, communities),
    },
    {
      name: "单位指标",
      add: (wb) => addTable(wb, "单位指标", district ? withStreet(unitSheet) : unitSheet, units),
    },
    { name: "预警提示", add: (wb) => addTable(wb, "预警提示", flagColumns, flags) },
  );
  return steps;
}

/**
 * Builds the workbook sheet by sheet, awaiting `afterSheet` after each one (the export job
 * records its progress there), and returns the .xlsx bytes.
 */
export async function buildReviewWorkbook(
  input: ReviewWorkbookInput,
  afterSheet?: (step: WorkbookStep, index: number, total: number) => void | Promise<void>,
): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    out.on("end", resolve);
    out.on("error", reject);
  });
  const { stream } = await loadExcelJs();
  const wb = new stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: true });
  wb.creator = "共驻共建";
  wb.created = input.generatedAt;
  const steps = reviewWorkbookSteps(input);
  for (const [i, step] of steps.entries()) {
    await step.add(wb);
    await afterSheet?.(step, i, steps.length);
  }
  await wb.commit();
  await ended;
  return Buffer.concat(chunks);
}

/** What the file is called when downloaded, e.g. 东城街道2026年度共驻共建考核.xlsx. */
export function reviewWorkbookFileName(scopeName: string, year: number) {
  return `${scopeName}${year}年度共驻共建考核.xlsx`;
}
