/**
 * The review's figures on a small hand-built district with known answers: every measure per
 * community, unit and street, the period boundaries (read as days in China), only confirmed
 * records counted, a street meeting counting for all its communities, medians of even counts,
 * pooled street shares, and the flags.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { activityRecords, ballots, escalations, evaluations, meetings, opinions, settings } from "#db/schema";
import { type Grade, type RecordStatus } from "#domain/vocabulary";
import { confirmedTotals } from "~/models/records/activity-records.server";
import { defaultReviewPeriod, districtReview, streetReview } from "~/models/review/review-figures.server";
import type { CommunityReviewRow, UnitReviewRow } from "~/models/review/review-types";
import { periodBounds } from "~/schemas/review";
import { useFreshDatabase } from "../support/db";
import {
  createCommunity,
  createDistrict,
  createNeed,
  createProject,
  createResource,
  createStreet,
  createUnit,
  createUser,
} from "~/seed/factories";

const db = useFreshDatabase();
/** A moment in China (UTC+8), as stored: "2026-03-01" at 10:00 there. */
const at = (date: string, time = "10:00") => new Date(`${date}T${time}:00+08:00`).toISOString();
const NOW = new Date(at("2026-07-01", "12:00"));
const YEAR_2026 = { from: "2026-01-01", to: "2026-12-31" };

let ids: Record<string, number>;
let recorder: number;
let serial = 0;

function record(
  projectId: number,
  unitId: number,
  date: string,
  status: RecordStatus,
  partyMembers: number,
  residentsServed: number,
  hours: number,
) {
  db.insert(activityRecords)
    .values({
      projectId,
      unitId,
      recordedBy: recorder,
      recordedSide: "unit",
      date,
      form: "joint_activity",
      place: "社区党群服务站",
      partyMembers,
      residentsServed,
      hours,
      summary: "开展共建活动",
      status,
    })
    .run();
}

function evaluation(communityId: number, unitId: number, periodStart: string, periodEnd: string) {
  return db
    .insert(evaluations)
    .values({ communityId, unitId, title: "年度评议", periodStart, periodEnd, deadline: at(periodEnd, "23:00") })
    .returning()
    .get().id;
}

function ballot(evaluationId: number, votedAt: string | null, satisfaction: number | null) {
  serial++;
  db.insert(ballots)
    .values({
      evaluationId,
      tokenHash: `hash-${serial}`,
      serial,
      votedAt,
      satisfaction,
      engagement: satisfaction,
      effectiveness: satisfaction,
      grade: votedAt ? "good" : null,
    })
    .run();
}

function opinion(
  evaluationId: number,
  unitId: number,
  communityId: number,
  status: "draft" | "issued" | "endorsed",
  grade: Grade,
  endorsedAt: string | null,
) {
  db.insert(opinions)
    .values({
      evaluationId,
      unitId,
      communityId,
      status,
      suggestedGrade: grade,
      grade,
      body: "评议意见",
      figures: {},
      endorsedAt,
    })
    .run();
}

function meeting(
  streetId: number,
  communityId: number | null,
  scheduledAt: string,
  status: "scheduled" | "held" | "published" | "cancelled",
) {
  db.insert(meetings).values({ streetId, communityId, title: "联席会议", scheduledAt, status }).run();
}

beforeAll(async () => {
  const district = createDistrict(db, { name: "示范区" });
  const otherDistrict = createDistrict(db, { name: "邻区" });
  const S = createStreet(db, { districtId: district.id, name: "东城街道" });
  const T = createStreet(db, { districtId: district.id, name: "西湖街道" });
  const X = createStreet(db, { districtId: otherDistrict.id, name: "邻区街道" });
  const C1 = createCommunity(db, { streetId: S.id, name: "幸福里社区" });
  const C2 = createCommunity(db, { streetId: S.id, name: "光明社区" });
  const C3 = createCommunity(db, { streetId: T.id, name: "西湖社区" });
  const CX = createCommunity(db, { streetId: X.id, name: "邻区社区" });
  const U1 = createUnit(db, { streetId: S.id, name: "区人民医院", kind: "医院" });
  const U2 = createUnit(db, { streetId: S.id, name: "东城消防救援站", kind: "机关" });
  const U3 = createUnit(db, { streetId: S.id, name: "安居物业公司", kind: "非公企业" });
  const U4 = createUnit(db, { streetId: T.id, name: "市第三中学", kind: "学校" });
  const UX = createUnit(db, { streetId: X.id, name: "邻区医院", kind: "医院" });
  recorder = (await createUser(db, { role: "unit", unitId: U1.id })).id;
  ids = {
    district: district.id,
    otherDistrict: otherDistrict.id,
    S: S.id,
    T: T.id,
    X: X.id,
    C1: C1.id,
    C2: C2.id,
    C3: C3.id,
    U1: U1.id,
    U2: U2.id,
    U3: U3.id,
    U4: U4.id,
    UX: UX.id,
  };

  // Resources: U1 one in 2026 (one in 2025), U2 one in 2026 since withdrawn (still offered), U3 none.
  const r1 = createResource(db, { unitId: U1.id, createdAt: at("2026-02-01") });
  const r2 = createResource(db, { unitId: U1.id, createdAt: at("2025-06-01") });
  const r3 = createResource(db, { unitId: U2.id, createdAt: at("2026-03-01"), status: "withdrawn" });
  const r4 = createResource(db, { unitId: U4.id, createdAt: at("2026-01-15") });
  createResource(db, { unitId: UX.id, createdAt: at("2026-01-15") });

  // 幸福里 (C1): 8 needs posted in 2026 (a draft and a need of 2025 not counted), 4 matched.
  const need = (
    communityId: number,
    date: string,
    status: "draft" | "open" | "matched" | "fulfilled" | "withdrawn",
    time = "10:00",
  ) => createNeed(db, { communityId, status, createdAt: at(date, time) }).id;
  const n1 = need(C1.id, "2026-02-01", "matched");
  const n2 = need(C1.id, "2026-03-01", "fulfilled");
  const n3 = need(C1.id, "2026-04-01", "open"); // held only by a cancelled project: not matched; stale
  const n4 = need(C1.id, "2026-05-01", "open"); // stale
  need(C1.id, "2026-05-02", "draft");
  need(C1.id, "2025-12-31", "matched", "23:00"); // 2025 in China, though 2026 is near
  need(C1.id, "2026-01-01", "withdrawn", "00:30"); // 2026 in China, still 2025 in UTC
  need(C1.id, "2026-06-20", "open"); // open, but not yet beyond 14 days on 07-01
  const n9 = need(C1.id, "2026-01-10", "matched");
  const n10 = need(C1.id, "2026-02-10", "matched");
  const n11 = need(C1.id, "2025-11-01", "open"); // not posted in 2026, but stale all the same

  const project = (
    communityId: number,
    date: string,
    status: "draft" | "in_progress" | "completed" | "cancelled",
    needIds: number[],
    held: { resourceId: number; unitId: number }[] = [],
  ) => createProject(db, { communityId, status, createdAt: at(date), needIds, resources: held }).id;
  const P1 = project(C1.id, "2026-02-04", "in_progress", [n1], [{ resourceId: r1.id, unitId: U1.id }]); // 3 days
  project(
    C1.id,
    "2026-03-06",
    "completed",
    [n2],
    [
      { resourceId: r1.id, unitId: U1.id },
      { resourceId: r3.id, unitId: U2.id },
    ],
  ); // 5 days
  project(C1.id, "2026-04-02", "cancelled", [n3], [{ resourceId: r1.id, unitId: U1.id }]);
  const P4 = project(C1.id, "2026-01-20", "in_progress", [n9], [{ resourceId: r3.id, unitId: U2.id }]); // 10 days
  project(C1.id, "2026-01-11", "cancelled", [n9]); // 1 day, but cancelled
  project(
    C1.id,
    "2026-01-25",
    "draft",
    [n9],
    [
      { resourceId: r1.id, unitId: U1.id },
      { resourceId: r2.id, unitId: U1.id },
    ],
  );
  project(C1.id, "2026-02-12", "draft", [n10], [{ resourceId: r1.id, unitId: U1.id }]); // n10: 2 days
  const P8 = project(C1.id, "2025-10-01", "in_progress", [], [{ resourceId: r2.id, unitId: U1.id }]);

  // 光明 (C2): 3 posted, 1 matched after 3 days, 2 stale.
  need(C2.id, "2026-03-01", "open");
  const m2 = need(C2.id, "2026-03-05", "matched");
  need(C2.id, "2026-04-01", "open");
  project(C2.id, "2026-03-08", "draft", [m2]);

  // 西湖 (C3) in the other street: 1 posted, fulfilled after 1 day.
  const k1 = need(C3.id, "2026-02-02", "fulfilled");
  const Q9 = project(C3.id, "2026-02-03", "completed", [k1], [{ resourceId: r4.id, unitId: U4.id }]);
  need(CX.id, "2026-02-02", "open");

  // Escalations of C1: two in 2026 (street, then district level), one in 2025.
  db.insert(escalations)
    .values({ needId: n4, level: "street", reason: "超期", escalatedAt: at("2026-05-16") })
    .run();
  db.insert(escalations)
    .values({ needId: n4, level: "district", reason: "督办", escalatedAt: at("2026-06-01") })
    .run();
  db.insert(escalations)
    .values({
      needId: n11,
      level: "street",
      reason: "超期",
      escalatedAt: at("2025-11-16"),
      resolvedAt: at("2025-12-01"),
    })
    .run();

  // Meetings of 东城: a published street meeting (covers C1 and C2), C1's own held meeting, and
  // ones that do not count (scheduled only, cancelled, last year, in the future).
  meeting(S.id, null, "2026-03-10T09:30", "published");
  meeting(S.id, C1.id, "2026-05-20T14:00", "held");
  meeting(S.id, null, "2026-06-15T09:00", "scheduled");
  meeting(S.id, null, "2026-04-01T09:00", "cancelled");
  meeting(S.id, null, "2025-12-20T09:00", "held");
  meeting(S.id, C2.id, "2026-08-01T09:00", "scheduled");
  meeting(X.id, null, "2026-03-10T09:30", "held");

  // Activity records: only confirmed ones dated in the period count.
  record(P8, U1.id, "2026-01-05", "confirmed", 3, 20, 2.1);
  record(P1, U1.id, "2026-06-30", "confirmed", 2, 10, 1.2);
  record(P1, U1.id, "2027-01-01", "confirmed", 7, 70, 7);
  record(P1, U1.id, "2025-12-31", "confirmed", 7, 70, 7);
  record(P1, U1.id, "2026-03-03", "disputed", 9, 99, 9);
  record(P1, U1.id, "2026-03-04", "pending", 9, 99, 9);
  record(P4, U2.id, "2026-04-10", "confirmed", 1, 5, 1);
  record(Q9, U4.id, "2026-05-05", "confirmed", 4, 40, 4);

  // Ballots: U1 5 and 4 in 2026 (a 3 cast on 2025-12-31 in China, one unused), U2 a 2.
  const E1 = evaluation(C1.id, U1.id, "2026-01-01", "2026-12-31");
  ballot(E1, at("2026-06-01"), 5);
  ballot(E1, at("2026-06-02"), 4);
  ballot(E1, at("2025-12-31", "23:30"), 3);
  ballot(E1, null, null);
  const E2 = evaluation(C1.id, U2.id, "2026-01-01", "2026-12-31");
  ballot(E2, at("2026-05-01"), 2);

  // Opinions: U1's latest endorsed one overlapping 2026 is 较好 (a later one is for 2025 only);
  // U2's is issued but not endorsed.
  opinion(E1, U1.id, C1.id, "endorsed", "good", at("2026-06-10"));
  opinion(
    evaluation(C1.id, U1.id, "2026-01-01", "2026-06-30"),
    U1.id,
    C1.id,
    "endorsed",
    "fairly_good",
    at("2026-06-25"),
  );
  opinion(evaluation(C1.id, U1.id, "2025-01-01", "2025-12-31"), U1.id, C1.id, "endorsed", "poor", at("2026-06-28"));
  opinion(E2, U2.id, C1.id, "issued", "average", null);
});

const communityRow = (rows: CommunityReviewRow[], id: number) => rows.find((r) => r.communityId === id)!;
const unitRow = (rows: UnitReviewRow[], id: number) => rows.find((r) => r.unitId === id)!;

describe("period", () => {
  it("defaults to the calendar year in China; reads dates as China days; stops 'as of' at the period's end", () => {
    expect(defaultReviewPeriod(new Date("2026-12-31T16:30:00Z"))).toEqual({ from: "2027-01-01", to: "2027-12-31" });
    expect(defaultReviewPeriod(NOW)).toEqual(YEAR_2026);
    const b = periodBounds(YEAR_2026, NOW);
    expect(b).toMatchObject({
      fromInstant: "2025-12-31T16:00:00.000Z",
      toInstant: "2026-12-31T16:00:00.000Z",
      asOfDate: "2026-07-01",
    });
    expect(periodBounds({ from: "2025-01-01", to: "2025-12-31" }, NOW).asOfDate).toBe("2025-12-31");
  });
});

describe("street review: communities", () => {
  it("counts needs posted, matched and fulfilled shares, and the median days to match (even count)", () => {
    const { communities } = streetReview(db, ids.S!, YEAR_2026, NOW);
    expect(communities.map((c) => c.communityName)).toEqual(["幸福里社区", "光明社区"]);
    expect(communityRow(communities, ids.C1!)).toEqual({
      communityId: ids.C1,
      communityName: "幸福里社区",
      streetId: ids.S,
      streetName: "东城街道",
      needsPosted: 8,
      matchedShare: 0.5,
      medianDaysToMatch: 4, // 2, 3, 5, 10
      fulfilledShare: 0.125,
      escalations: 2,
      meetingsHeld: 2,
      staleNeeds: 3,
      daysSinceLastMeeting: 42, // 05-20 → 07-01
      meetingOverdue: false,
    });
    expect(communityRow(communities, ids.C2!)).toMatchObject({
      needsPosted: 3,
      matchedShare: 0.3333,
      medianDaysToMatch: 3,
      fulfilledShare: 0,
      escalations: 0,
      meetingsHeld: 1, // the street meeting counts for 光明 too
      staleNeeds: 2,
      daysSinceLastMeeting: 113, // 03-10 → 07-01
      meetingOverdue: true,
    });
  });

  it("reads a past period as of its last day", () => {
    const { communities } = streetReview(db, ids.S!, { from: "2025-01-01", to: "2025-12-31" }, NOW);
    expect(communityRow(communities, ids.C1!)).toMatchObject({
      needsPosted: 2, // 2025-11-01, and 2025-12-31 23:00 in China
      matchedShare: 0.5,
      medianDaysToMatch: null,
      escalations: 1,
      meetingsHeld: 1,
      staleNeeds: 1, // only the need of 2025-11-01 existed then
      daysSinceLastMeeting: 11,
      meetingOverdue: false,
    });
  });

  it("follows the settings for stale needs and overdue meetings", () => {
    db.insert(settings).values({ key: "meeting_interval_days", value: "120" }).run();
    db.insert(settings).values({ key: "escalation_days", value: "80" }).run();
    try {
      const { communities } = streetReview(db, ids.S!, YEAR_2026, NOW);
      expect(communityRow(communities, ids.C2!)).toMatchObject({ meetingOverdue: false, staleNeeds: 2 });
      expect(communityRow(communities, ids.C1!).staleNeeds).toBe(2); // 2025-11-01 and 04-01 are over 80 days old; 05-01 is not
    } finally {
      db.delete(settings).run();
    }
  });
});

describe("street review: units", () => {
  it("counts resources, live projects of the period, and confirmed records of the period only", () => {
    const { units } = streetReview(db, ids.S!, YEAR_2026, NOW);
    expect(units.map((u) => u.unitName)).toEqual(["区人民医院", "东城消防救援站", "安居物业公司"]);
    expect(unitRow(units, ids.U1!)).toEqual({
      unitId: ids.U1,
      unitName: "区人民医院",
      unitKind: "医院",
      streetId: ids.S,
      streetName: "东城街道",
      resourcesOffered: 1,
      projects: 4, // cancelled and 2025 projects left out; two resources in one project count once
      confirmedActivities: 2,
      partyMemberTimes: 5,
      hours: 3.3,
      residentsServed: 30,
      satisfaction: 4.5,
      opinionGrade: "fairly_good",
    });
    expect(unitRow(units, ids.U2!)).toMatchObject({
      resourcesOffered: 1,
      projects: 2,
      confirmedActivities: 1,
      partyMemberTimes: 1,
      hours: 1,
      residentsServed: 5,
      satisfaction: 2,
      opinionGrade: null,
    });
    expect(unitRow(units, ids.U3!)).toMatchObject({
      resourcesOffered: 0,
      projects: 0,
      confirmedActivities: 0,
      hours: 0,
      satisfaction: null,
      opinionGrade: null,
    });
  });

  it("agrees with confirmedTotals, which the opinions use", () => {
    const { units } = streetReview(db, ids.S!, YEAR_2026, NOW);
    const totals = confirmedTotals(db, { unitId: ids.U1!, from: YEAR_2026.from, to: YEAR_2026.to });
    expect(unitRow(units, ids.U1!)).toMatchObject({
      confirmedActivities: totals.records,
      partyMemberTimes: totals.partyMembers,
      hours: totals.hours,
      residentsServed: totals.residentsServed,
    });
  });
});

describe("flags", () => {
  it("names inactive units, stale needs, overdue meetings and the bottom of each ranking, with links", () => {
    const { flags } = streetReview(db, ids.S!, YEAR_2026, NOW);
    expect(flags).toEqual([
      { kind: "unit_inactive", message: "「安居物业公司」本期没有经确认的共建活动", link: `/units/${ids.U3}` },
      {
        kind: "stale_needs",
        message: "「幸福里社区」有 3 条需求超过 14 天仍未匹配",
        link: `/needs?communityId=${ids.C1}&status=open`,
      },
      {
        kind: "stale_needs",
        message: "「光明社区」有 2 条需求超过 14 天仍未匹配",
        link: `/needs?communityId=${ids.C2}&status=open`,
      },
      {
        kind: "meeting_overdue",
        message: "「光明社区」已 113 天未召开联席会议（要求每 90 天至少一次）",
        link: "/meetings",
      },
      {
        kind: "bottom_community",
        message: "「光明社区」需求匹配率 33.3%，为本街道最低（发布 3 条）",
        link: `/needs?communityId=${ids.C2}`,
      },
      {
        kind: "bottom_unit",
        message: "「东城消防救援站」经确认的共建活动 1 次，为本街道最低",
        link: `/units/${ids.U2}`,
      },
    ]);
  });

  it("says when a community never had a meeting, and flags no 'bottom' where nobody is ranked below another", () => {
    const { flags } = streetReview(db, ids.T!, YEAR_2026, NOW);
    expect(flags).toEqual([
      { kind: "meeting_overdue", message: "「西湖社区」从未召开联席会议（要求每 90 天至少一次）", link: "/meetings" },
    ]);
  });
});

describe("district review", () => {
  it("compares its own streets, pooling shares, medians and satisfaction over needs and ballots", () => {
    const review = districtReview(db, ids.district!, YEAR_2026, NOW);
    expect(review.period).toEqual(YEAR_2026);
    expect(review.streets).toEqual([
      {
        streetId: ids.S,
        streetName: "东城街道",
        communities: 2,
        units: 3,
        needsPosted: 11,
        matchedShare: 0.4545,
        medianDaysToMatch: 3, // 2, 3, 3, 5, 10
        fulfilledShare: 0.0909,
        escalations: 2,
        meetingsHeld: 2, // the street meeting once, not once per community
        confirmedActivities: 3,
        hours: 4.3,
        residentsServed: 35,
        satisfaction: 3.67, // (5 + 4 + 2) / 3, not the mean of 4.5 and 2
        activeUnitShare: 0.6667,
      },
      {
        streetId: ids.T,
        streetName: "西湖街道",
        communities: 1,
        units: 1,
        needsPosted: 1,
        matchedShare: 1,
        medianDaysToMatch: 1,
        fulfilledShare: 1,
        escalations: 0,
        meetingsHeld: 0,
        confirmedActivities: 1,
        hours: 4,
        residentsServed: 40,
        satisfaction: null,
        activeUnitShare: 1,
      },
    ]);
    expect(review.communities.map((c) => c.communityId)).toEqual([ids.C1, ids.C2, ids.C3]);
    expect(review.units.map((u) => u.unitId)).toEqual([ids.U1, ids.U2, ids.U3, ids.U4]);
    // The same rows as each street's own review.
    expect(review.communities.slice(0, 2)).toEqual(streetReview(db, ids.S!, YEAR_2026, NOW).communities);
  });

  it("flags across the district, naming each street, with ties at the bottom all flagged", () => {
    const { flags } = districtReview(db, ids.district!, YEAR_2026, NOW);
    expect(flags.filter((f) => f.kind === "bottom_community").map((f) => f.message)).toEqual([
      "东城街道「光明社区」需求匹配率 33.3%，为全区最低（发布 3 条）",
    ]);
    expect(flags.filter((f) => f.kind === "bottom_unit").map((f) => f.link)).toEqual([
      `/units/${ids.U2}`,
      `/units/${ids.U4}`,
    ]);
    expect(flags.filter((f) => f.kind === "meeting_overdue").map((f) => f.message)).toEqual([
      "东城街道「光明社区」已 113 天未召开联席会议（要求每 90 天至少一次）",
      "西湖街道「西湖社区」从未召开联席会议（要求每 90 天至少一次）",
    ]);
    expect(flags.some((f) => f.message.includes("邻区"))).toBe(false);
  });

  it("is empty for a district without streets", () => {
    const empty = createDistrict(db, { name: "空区" });
    expect(districtReview(db, empty.id, YEAR_2026, NOW)).toEqual({
      period: YEAR_2026,
      streets: [],
      communities: [],
      units: [],
      flags: [],
    });
  });
});
