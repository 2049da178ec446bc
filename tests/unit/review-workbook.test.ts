import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import type {
  CommunityReviewRow,
  DistrictReview,
  StreetReview,
  StreetReviewRow,
  UnitReviewRow,
} from "~/models/review/review-types";
import {
  buildReviewWorkbook,
  reviewSheetNames,
  reviewWorkbookFileName,
  reviewWorkbookSteps,
  type ReviewWorkbookInput,
} from "~/models/review/review-workbook";

const period = { from: "2026-01-01", to: "2026-12-31" };

const community = (over: Partial<CommunityReviewRow> = {}): CommunityReviewRow => ({
  communityId: 1,
  communityName: "幸福里社区",
  streetId: 10,
  streetName: "东城街道",
  needsPosted: 12,
  matchedShare: 0.75,
  medianDaysToMatch: 4.5,
  fulfilledShare: 0.25,
  escalations: 2,
  meetingsHeld: 3,
  staleNeeds: 1,
  daysSinceLastMeeting: 40,
  meetingOverdue: false,
  ...over,
});

const unit = (over: Partial<UnitReviewRow> = {}): UnitReviewRow => ({
  unitId: 5,
  unitName: "区人民医院",
  unitKind: "医院",
  streetId: 10,
  streetName: "东城街道",
  resourcesOffered: 3,
  projects: 2,
  confirmedActivities: 7,
  partyMemberTimes: 42,
  hours: 17.5,
  residentsServed: 260,
  satisfaction: 4.6,
  opinionGrade: "good",
  ...over,
});

const streetRow = (over: Partial<StreetReviewRow> = {}): StreetReviewRow => ({
  streetId: 10,
  streetName: "东城街道",
  communities: 2,
  units: 2,
  needsPosted: 20,
  matchedShare: 0.6,
  medianDaysToMatch: 6,
  fulfilledShare: 0.2,
  escalations: 3,
  meetingsHeld: 4,
  confirmedActivities: 7,
  hours: 17.5,
  residentsServed: 260,
  satisfaction: 4.6,
  activeUnitShare: 0.5,
  ...over,
});

const streetReview: StreetReview = {
  period,
  communities: [
    community(),
    // A community with nothing posted: its shares and median have no value, not zero.
    community({
      communityId: 2,
      communityName: "光明社区",
      needsPosted: 0,
      matchedShare: null,
      medianDaysToMatch: null,
      fulfilledShare: null,
      daysSinceLastMeeting: null,
      meetingOverdue: true,
    }),
  ],
  units: [
    unit(),
    unit({
      unitId: 6,
      unitName: "市第三中学",
      unitKind: "学校",
      confirmedActivities: 0,
      hours: 0,
      residentsServed: 0,
      partyMemberTimes: 0,
      satisfaction: null,
      opinionGrade: null,
    }),
  ],
  flags: [{ kind: "unit_inactive", message: "市第三中学本期没有双方确认的活动记实", link: "/units/6" }],
};

const districtReview: DistrictReview = {
  period,
  streets: [
    streetRow(),
    streetRow({
      streetId: 11,
      streetName: "西湖街道",
      needsPosted: 0,
      matchedShare: null,
      medianDaysToMatch: null,
      fulfilledShare: null,
      satisfaction: null,
      activeUnitShare: 0,
    }),
  ],
  communities: [
    ...streetReview.communities,
    community({ communityId: 3, communityName: "西湖社区", streetId: 11, streetName: "西湖街道" }),
  ],
  units: streetReview.units,
  flags: [],
};

const generatedAt = new Date("2026-12-01T02:30:00Z");
const streetInput: ReviewWorkbookInput = {
  scope: "street",
  scopeName: "东城街道",
  year: 2026,
  review: streetReview,
  generatedAt,
};
const districtInput: ReviewWorkbookInput = {
  scope: "district",
  scopeName: "测试区",
  year: 2026,
  review: districtReview,
  generatedAt,
};

async function readBack(input: ReviewWorkbookInput) {
  const wb = new ExcelJS.Workbook();
  // exceljs types its input with a Buffer interface of its own; Node's Buffer is what it reads.
  await wb.xlsx.load((await buildReviewWorkbook(input)) as unknown as Parameters<typeof wb.xlsx.load>[0]);
  return wb;
}

const headers = (sheet: ExcelJS.Worksheet) => (sheet.getRow(1).values as unknown[]).slice(1);
/** The cell under `header` in data row `n` (1 = first row after the header). */
function cellAt(sheet: ExcelJS.Worksheet, header: string, n: number) {
  const col = headers(sheet).indexOf(header) + 1;
  expect(col, `列“${header}”不存在`).toBeGreaterThan(0);
  return sheet.getRow(n + 1).getCell(col);
}

describe("the street's review workbook", () => {
  it("has the explanation, community, unit and flag sheets in order, with Chinese headers", async () => {
    const wb = await readBack(streetInput);
    expect(wb.worksheets.map((s) => s.name)).toEqual(["说明", "社区指标", "单位指标", "预警提示"]);
    const communities = wb.getWorksheet("社区指标")!;
    expect(headers(communities)).toEqual([
      "社区",
      "发布需求",
      "匹配率",
      "匹配用时中位数（天）",
      "完成率",
      "上报协调",
      "召开联席会议",
      "超期未匹配需求",
      "距上次联席会议（天）",
      "联席会议逾期",
    ]);
    expect(headers(wb.getWorksheet("单位指标")!)).toEqual([
      "单位",
      "单位类型",
      "提供资源",
      "共建项目",
      "确认活动",
      "党员参与（人次）",
      "服务时长（小时）",
      "服务居民（人次）",
      "满意度（1–5）",
      "评议等次",
    ]);
    expect(headers(wb.getWorksheet("预警提示")!)).toEqual(["类型", "提示内容"]);
    expect(communities.rowCount).toBe(3);
  });

  it("writes counts, shares and days as numbers with their formats, and missing figures as empty cells", async () => {
    const wb = await readBack(streetInput);
    const communities = wb.getWorksheet("社区指标")!;
    const posted = cellAt(communities, "发布需求", 1);
    expect(typeof posted.value).toBe("number");
    expect(posted.value).toBe(12);
    const share = cellAt(communities, "匹配率", 1);
    expect(typeof share.value).toBe("number");
    expect(share.value).toBe(0.75);
    expect(share.numFmt).toBe("0.0%");
    expect(cellAt(communities, "完成率", 1).value).toBe(0.25);
    const days = cellAt(communities, "匹配用时中位数（天）", 1);
    expect(days.value).toBe(4.5);
    expect(days.numFmt).toBe("0.0");
    expect(cellAt(communities, "距上次联席会议（天）", 1).value).toBe(40);
    expect(cellAt(communities, "联席会议逾期", 1).value).toBe("否");

    // 光明社区 posted nothing: no share, no median, never met.
    expect(cellAt(communities, "社区", 2).value).toBe("光明社区");
    expect(cellAt(communities, "发布需求", 2).value).toBe(0);
    for (const header of ["匹配率", "匹配用时中位数（天）", "完成率", "距上次联席会议（天）"]) {
      expect(cellAt(communities, header, 2).value, header).toBeNull();
    }
    expect(cellAt(communities, "联席会议逾期", 2).value).toBe("是");

    const units = wb.getWorksheet("单位指标")!;
    expect(cellAt(units, "确认活动", 1).value).toBe(7);
    expect(cellAt(units, "党员参与（人次）", 1).value).toBe(42);
    expect(cellAt(units, "服务时长（小时）", 1).value).toBe(17.5);
    expect(cellAt(units, "服务居民（人次）", 1).value).toBe(260);
    expect(cellAt(units, "满意度（1–5）", 1).value).toBe(4.6);
    expect(cellAt(units, "评议等次", 1).value).toBe("好");
    expect(cellAt(units, "确认活动", 2).value).toBe(0);
    expect(cellAt(units, "满意度（1–5）", 2).value).toBeNull();
    expect(cellAt(units, "评议等次", 2).value).toBeNull();
    for (const header of [
      "提供资源",
      "共建项目",
      "确认活动",
      "党员参与（人次）",
      "服务时长（小时）",
      "服务居民（人次）",
    ]) {
      expect(typeof cellAt(units, header, 1).value, header).toBe("number");
    }

    const flags = wb.getWorksheet("预警提示")!;
    expect(cellAt(flags, "类型", 1).value).toBe("单位无确认活动");
    expect(cellAt(flags, "提示内容", 1).value).toBe("市第三中学本期没有双方确认的活动记实");
  });

  it("hides residents' personal data in every text cell and leaves names and figures as they are", async () => {
    const wb = await readBack({
      ...streetInput,
      review: {
        ...streetReview,
        units: [unit({ unitName: "区人民医院（联系人王秀英 13912345678）" })],
        flags: [
          { kind: "stale_needs", message: "3号楼2单元501室的需求已等待 45 天", link: "/needs" },
          { kind: "unit_inactive", message: "「甘家口17号院社区」有 3 条需求超过 30 天仍未匹配", link: "/needs" },
        ],
      },
    });
    const units = wb.getWorksheet("单位指标")!;
    expect(cellAt(units, "单位", 1).value).toBe("区人民医院（联系人【姓名已隐去】 【电话已隐去】）");
    expect(cellAt(units, "服务居民（人次）", 1).value).toBe(260);
    const flags = wb.getWorksheet("预警提示")!;
    expect(cellAt(flags, "提示内容", 1).value).toBe("【门牌已隐去】的需求已等待 45 天");
    expect(cellAt(flags, "提示内容", 2).value).toBe("「甘家口17号院社区」有 3 条需求超过 30 天仍未匹配");
    expect(cellAt(wb.getWorksheet("社区指标")!, "社区", 1).value).toBe("幸福里社区");
  });

  it("has a bold, frozen, filterable header and columns wide enough for their headers", async () => {
    const wb = await readBack(streetInput);
    const sheet = wb.getWorksheet("单位指标")!;
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(sheet.autoFilter).toBeTruthy();
    // "党员参与（人次）" is 8 CJK characters: at least 16 characters wide.
    expect(sheet.getColumn(6).width).toBeGreaterThanOrEqual(16);
  });

  it("explains scope, period, generation time and that only confirmed records count", async () => {
    const wb = await readBack(streetInput);
    const text = wb
      .getWorksheet("说明")!
      .getSheetValues()
      .flatMap((row) => (Array.isArray(row) ? row : []))
      .filter((v): v is string => typeof v === "string")
      .join("\n");
    expect(text).toContain("东城街道（街道）");
    expect(text).toContain("2026-01-01 至 2026-12-31");
    expect(text).toContain("2026-12-01 10:30");
    // Generated before the year ended: the figures run to that day, not to 31 December.
    expect(text).toContain("2026-12-01\n");
    const sheet = wb.getWorksheet("说明")!;
    expect(sheet.getRow(5).values).toEqual([undefined, "数据截至", "2026-12-01"]);
    // The two small tables of the sheet have bold headings: sheets (3 of them here), then measures.
    expect(sheet.getRow(8).values).toEqual([undefined, "工作表", "内容"]);
    expect(sheet.getRow(8).font?.bold).toBe(true);
    expect(sheet.getRow(13).values).toEqual([undefined, "指标", "含义"]);
    expect(sheet.getRow(13).font?.bold).toBe(true);
    expect(text).toContain("活动数据仅统计双方确认的记实");
    for (const name of ["社区指标", "单位指标", "预警提示"]) expect(text).toContain(name);
    expect(text).not.toContain("街道对比");
  });
});

describe("the district's review workbook", () => {
  it("adds the street comparison and names each community's and unit's street", async () => {
    const wb = await readBack(districtInput);
    expect(wb.worksheets.map((s) => s.name)).toEqual(["说明", "街道对比", "社区指标", "单位指标", "预警提示"]);
    const streets = wb.getWorksheet("街道对比")!;
    expect(headers(streets)).toEqual([
      "街道",
      "社区数",
      "单位数",
      "发布需求",
      "匹配率",
      "匹配用时中位数（天）",
      "完成率",
      "上报协调",
      "召开联席会议",
      "确认活动",
      "服务时长（小时）",
      "服务居民（人次）",
      "满意度（1–5）",
      "有活动单位占比",
    ]);
    expect(cellAt(streets, "街道", 2).value).toBe("西湖街道");
    expect(cellAt(streets, "有活动单位占比", 1).value).toBe(0.5);
    expect(cellAt(streets, "有活动单位占比", 1).numFmt).toBe("0.0%");
    expect(cellAt(streets, "有活动单位占比", 2).value).toBe(0);
    expect(cellAt(streets, "匹配率", 2).value).toBeNull();
    expect(cellAt(streets, "满意度（1–5）", 2).value).toBeNull();
    expect(cellAt(streets, "确认活动", 1).value).toBe(7);

    const communities = wb.getWorksheet("社区指标")!;
    expect(headers(communities).slice(0, 2)).toEqual(["街道", "社区"]);
    expect(cellAt(communities, "街道", 3).value).toBe("西湖街道");
    expect(cellAt(communities, "社区", 3).value).toBe("西湖社区");
    expect(headers(wb.getWorksheet("单位指标")!).slice(0, 2)).toEqual(["街道", "单位"]);
    // No flags: the sheet still exists, with its header only.
    expect(wb.getWorksheet("预警提示")!.rowCount).toBe(1);
  });

  it("reports each sheet as it is added, in order", async () => {
    const seen: string[] = [];
    await buildReviewWorkbook(districtInput, (step, i, total) => {
      seen.push(`${i + 1}/${total} ${step.name}`);
    });
    expect(seen).toEqual(["1/5 说明", "2/5 街道对比", "3/5 社区指标", "4/5 单位指标", "5/5 预警提示"]);
    expect(reviewWorkbookSteps(streetInput).map((s) => s.name)).toEqual(["说明", "社区指标", "单位指标", "预警提示"]);
    // The progress page names steps before the data is loaded: the same names, in the same order.
    expect(reviewSheetNames("street")).toEqual(reviewWorkbookSteps(streetInput).map((s) => s.name));
    expect(reviewSheetNames("district")).toEqual(reviewWorkbookSteps(districtInput).map((s) => s.name));
  });

  it("says a past year's figures run to its last day", async () => {
    const wb = await readBack({ ...districtInput, generatedAt: new Date("2027-02-01T01:00:00Z") });
    expect(wb.getWorksheet("说明")!.getRow(5).values).toEqual([undefined, "数据截至", "2026-12-31"]);
  });

  it("names the download after the scope and year", () => {
    expect(reviewWorkbookFileName("东城街道", 2026)).toBe("东城街道2026年度共驻共建考核.xlsx");
  });
});
