import { describe, expect, it } from "vitest";
import type { Grade } from "#domain/vocabulary";
import {
  opinionTitle,
  percent,
  periodLabelOf,
  pickQuotes,
  scrubFigures,
  suggestGrade,
  writeOpinionDraft,
  type BallotFigures,
  type OpinionFigures,
} from "~/models/evaluations/opinion-draft";

function ballots(
  grades: Partial<Record<Grade, number>>,
  satisfaction: number | null = 4.5,
  issued?: number,
): BallotFigures {
  const g = { good: 0, fairly_good: 0, average: 0, poor: 0, ...grades };
  const cast = g.good + g.fairly_good + g.average + g.poor;
  return {
    issued: issued ?? cast,
    cast,
    averages: {
      engagement: cast ? 4.2 : null,
      effectiveness: cast ? 3.6 : null,
      satisfaction: cast ? satisfaction : null,
    },
    grades: g,
  };
}

const totals = (records: number, partyMembers = 0, residentsServed = 0, hours = 0) => ({
  records,
  partyMembers,
  residentsServed,
  hours,
});

function figures(over: Partial<OpinionFigures> = {}): OpinionFigures {
  const b = over.ballots ?? ballots({ good: 8, fairly_good: 3, average: 1 });
  const activities = over.activities ?? {
    ...totals(5, 23, 180, 37.5),
    byForm: { org_building: totals(1, 5, 0, 4), joint_activity: totals(4, 18, 180, 33.5), resource_sharing: totals(0) },
  };
  return {
    communityName: "幸福里社区",
    unitName: "区人民医院",
    unitKind: "医院",
    streetName: "东城街道",
    periodStart: "2026-01-01",
    periodEnd: "2026-12-31",
    periodLabel: "2026年度",
    projects: [
      { title: "健康小屋共建", status: "completed" },
      { title: "老人义诊进社区", status: "in_progress" },
    ],
    agreements: [{ title: "健康小屋共建共建协议", termStart: "2026-01-01", termEnd: "2026-12-31" }],
    quotes: ["医生每月都来，量血压很方便", "希望增加周末的义诊"],
    writtenOn: "2027-01-05",
    ...over,
    activities,
    ballots: b,
    suggestion: over.suggestion ?? suggestGrade({ confirmedActivities: activities.records, ballots: b }),
  };
}

describe("suggestGrade", () => {
  it("suggests 好 when nearly all votes are 好/较好, most are 好, and satisfaction is high", () => {
    const s = suggestGrade({ confirmedActivities: 5, ballots: ballots({ good: 8, fairly_good: 3, average: 1 }, 4.6) });
    expect(s.grade).toBe("good");
    expect(s.reasons.join("")).toContain("共 11 张，占 91.7%");
    expect(s.reasons.join("")).toContain("群众满意度平均 4.6 分");
    expect(s.notes).toEqual([]);
  });

  it("suggests 较好 when two thirds approve but 好 is not the majority", () => {
    expect(
      suggestGrade({ confirmedActivities: 3, ballots: ballots({ good: 4, fairly_good: 5, average: 3 }, 4.1) }).grade,
    ).toBe("fairly_good");
    // Enough approval, but satisfaction below 4 keeps it from 好.
    expect(
      suggestGrade({ confirmedActivities: 3, ballots: ballots({ good: 9, fairly_good: 2, average: 1 }, 3.8) }).grade,
    ).toBe("fairly_good");
  });

  it("suggests 一般 below 65% approval", () => {
    const s = suggestGrade({ confirmedActivities: 2, ballots: ballots({ good: 3, fairly_good: 3, average: 6 }, 3.2) });
    expect(s.grade).toBe("average");
    expect(s.reasons.join("")).toContain("未达到“较好”所需的 65%");
  });

  it("suggests 差 when half or more of the votes are 差", () => {
    const s = suggestGrade({ confirmedActivities: 4, ballots: ballots({ good: 2, average: 3, poor: 5 }, 3) });
    expect(s.grade).toBe("poor");
    expect(s.reasons[0]).toContain("评为“差”的 5 张，占 50%");
  });

  it("suggests 差 when satisfaction averages below 2.5 even without a majority of 差", () => {
    expect(
      suggestGrade({ confirmedActivities: 4, ballots: ballots({ fairly_good: 4, average: 4, poor: 2 }, 2.3) }).grade,
    ).toBe("poor");
  });

  it("caps the grade at 一般 when no activity was confirmed, however good the votes", () => {
    const s = suggestGrade({ confirmedActivities: 0, ballots: ballots({ good: 12 }, 5) });
    expect(s.grade).toBe("average");
    expect(s.reasons.join("")).toContain("等级最高只能为“一般”");
  });

  it("does not raise a 差 when there were no activities", () => {
    expect(suggestGrade({ confirmedActivities: 0, ballots: ballots({ poor: 8, average: 2 }, 1.8) }).grade).toBe("poor");
  });

  it("without ballots: 一般 with confirmed activities, 差 with nothing at all", () => {
    const withActivities = suggestGrade({ confirmedActivities: 3, ballots: ballots({}, null, 20) });
    expect(withActivities.grade).toBe("average");
    expect(withActivities.reasons[0]).toContain("未收到有效评议票");
    expect(withActivities.notes.join("")).toContain("参评率 0%");
    const nothing = suggestGrade({ confirmedActivities: 0, ballots: ballots({}, null, 0) });
    expect(nothing.grade).toBe("poor");
    expect(nothing.notes).toEqual([]);
  });

  it("says when the sample is small or turnout is low, without changing the grade", () => {
    const s = suggestGrade({ confirmedActivities: 2, ballots: ballots({ good: 3 }, 4.7, 30) });
    expect(s.grade).toBe("good");
    expect(s.notes.join("")).toContain("有效票仅 3 张，样本较小");
    expect(s.notes.join("")).toContain("参评率 10%，偏低");
  });
});

describe("pickQuotes", () => {
  it("trims, hides numbers, cuts long comments, skips empty and repeated ones, keeps at most three", () => {
    const long = "非常感谢".repeat(20);
    const quotes = pickQuotes([
      "  很好  ",
      "  医生  服务\n很耐心 ",
      "有事打我电话 13912345678",
      "医生 服务 很耐心",
      long,
      "第五条不会出现",
    ]);
    expect(quotes).toEqual(["医生 服务 很耐心", "有事打我电话 【电话已隐去】", `${"非常感谢".repeat(15)}……`]);
    expect(quotes.join("")).not.toContain("13912345678");
  });

  it("hides residents' phones in every form, ID numbers, doors and names with the one scrubber", () => {
    const quotes = pickQuotes(
      [
        "我是3号楼王秀兰，电话１３８１２３４５６７８",
        "有事请打139.1234.5678或139-8765-4321",
        "王阿姨的身份证110101199003071234我先收着",
        "服务很好，3号楼2单元501室的刘奶奶很满意",
      ],
      4,
    );
    expect(quotes).toEqual([
      "我是【门牌已隐去】【姓名已隐去】，电话【电话已隐去】",
      "有事请打【电话已隐去】或【电话已隐去】",
      "【姓名已隐去】的身份证【证件号已隐去】我先收着",
      "服务很好，【门牌已隐去】的【姓名已隐去】很满意",
    ]);
  });

  it("keeps dates, counts and times, skips a comment that is nothing but personal data, and never cuts a marker", () => {
    const long = `${"服务很周到".repeat(11)}，电话13912345678`;
    const quotes = pickQuotes(["13912345678", "2026年3月1日来了35人，14:00-16:30义诊", long]);
    expect(quotes[0]).toBe("2026年3月1日来了35人，14:00-16:30义诊");
    expect(quotes[1]).toBe(`${"服务很周到".repeat(11)}，电话……`);
    expect(quotes).toHaveLength(2);
  });
});

describe("scrubFigures", () => {
  it("hides personal data in project and agreement titles and quotes, and leaves names and figures of the period", () => {
    const f = figures({
      projects: [{ title: "为3号楼王秀英（13912345678）上门助老", status: "completed" }],
      agreements: [{ title: "助老共建协议", termStart: "2026-03-01", termEnd: "2026-12-31" }],
      quotes: ["有问题请打我电话（号码已隐去）", "联系人刘芳 0571-87654321"],
    });
    const scrubbed = scrubFigures(f);
    expect(scrubbed.projects).toEqual([
      { title: "为【门牌已隐去】【姓名已隐去】（【电话已隐去】）上门助老", status: "completed" },
    ]);
    expect(scrubbed.agreements).toEqual(f.agreements);
    expect(scrubbed.quotes).toEqual(["有问题请打我电话（号码已隐去）", "联系人【姓名已隐去】 【电话已隐去】"]);
    expect({ ...scrubbed, projects: f.projects, quotes: f.quotes }).toEqual(f);
  });
});

describe("writeOpinionDraft", () => {
  it("states the figures, forms, quotes and the suggested grade with its reasons", () => {
    const text = writeOpinionDraft(figures());
    expect(text).toContain("幸福里社区组织辖区党员和居民群众，对区人民医院2026年度参与共驻共建工作情况进行了评议");
    expect(text).toContain("共同开展共建项目 2 个：“健康小屋共建”（已完成）、“老人义诊进社区”（实施中）");
    expect(text).toContain("签订并生效共建协议 1 份");
    expect(text).toContain("经双方确认的活动记实共 5 次，其中组织共建 1 次、活动共联 4 次、资源共享 0 次");
    expect(text).toContain("单位党员参与 23 人次，累计服务 37.5 小时，服务居民 180 人次");
    expect(text).toContain("发放评议票 12 张，收回有效票 12 张，参评率 100%");
    expect(text).toContain("参与积极性、服务实效、群众满意度的平均评分分别为 4.2 分、3.6 分、4.5 分");
    expect(text).toContain("评为“好”的 8 票，评为“较好”的 3 票，评为“一般”的 1 票，评为“差”的 0 票");
    expect(text).toContain("“医生每月都来，量血压很方便”；“希望增加周末的义诊”");
    expect(text).toContain("建议评定区人民医院2026年度共驻共建工作等级为“好”。理由如下：（一）");
    // Advice follows from the figures: the idle form and the weakest rating.
    expect(text).toContain("在资源共享方面尚无经确认的活动");
    expect(text).toContain("服务实效平均 3.6 分");
    const lines = text.split("\n");
    expect(lines).toContain("一、共建工作开展情况");
    expect(lines).toContain("四、意见建议");
  });

  it("says plainly when there were no projects, no confirmed activities and no ballots", () => {
    const empty = figures({
      projects: [],
      agreements: [],
      quotes: [],
      activities: {
        ...totals(0),
        byForm: { org_building: totals(0), joint_activity: totals(0), resource_sharing: totals(0) },
      },
      ballots: ballots({}, null, 15),
    });
    const text = writeOpinionDraft(empty);
    expect(text).toContain("之间暂无共建项目");
    expect(text).toContain("期内双方没有经确认的共建活动记实");
    expect(text).toContain("截至评议结束未收到有效评议票");
    expect(text).toContain("等级为“差”");
    expect(text).not.toContain("部分党员群众留言");
  });

  it("states the unit's in-service members in the first section, and nothing about them when it has none", () => {
    const members = { year: 2026, registered: 12, reported: 9, active: 7, confirmedHours: 45.5 };
    const lines = writeOpinionDraft(figures({ members })).split("\n");
    expect(lines[lines.indexOf("一、共建工作开展情况") + 1]).toContain(
      "区人民医院登记在职党员 12 名，已到居住地社区报到 9 名，本年度参加社区服务 7 人，经社区确认服务工时 45.5 小时。",
    );
    // A period that is not the calendar year names the year the figures are of.
    const part = { periodStart: "2026-03-01", periodEnd: "2026-09-30", periodLabel: "2026年3月1日至2026年9月30日" };
    expect(writeOpinionDraft(figures({ ...part, members }))).toContain("2026年度参加社区服务 7 人");
    expect(
      writeOpinionDraft(figures({ members: { ...members, reported: 0, active: 0, confirmedHours: 0 } })),
    ).toContain("区人民医院登记在职党员 12 名，尚无党员到居住地社区报到。");
    const none = { ...members, registered: 0, reported: 0, active: 0, confirmedHours: 0 };
    expect(writeOpinionDraft(figures({ members: none }))).not.toContain("在职党员");
    // Opinions stored before the figures existed have none.
    expect(writeOpinionDraft(figures())).not.toContain("在职党员");
  });
});

describe("labels", () => {
  it("names a calendar year as 年度 and any other period by its dates", () => {
    expect(periodLabelOf("2026-01-01", "2026-12-31")).toBe("2026年度");
    expect(periodLabelOf("2026-03-01", "2026-09-30")).toBe("2026年3月1日至2026年9月30日");
    expect(opinionTitle("区人民医院", "2026年度")).toBe("关于区人民医院2026年度共驻共建工作的评议意见");
    expect(percent(2, 3)).toBe("66.7%");
    expect(percent(0, 0)).toBe("0%");
  });
});
