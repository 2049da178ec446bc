/**
 * 工作记实档案 (issue 14; decision 041): a member's year — posts held, activities attended, hours the
 * community confirmed, the community's comment — seen by the member, their unit (every member, and
 * as a workbook for the annual appraisal) and their residential community, which alone comments.
 * Another unit or community is told the record does not exist.
 */
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { activitySignups, auditLog, postClaims, serviceActivities, servicePosts } from "#db/schema";
import { createPartyMember } from "~/seed/factories";
import { chinaToday } from "~/utils/china-time";
import { useFreshDatabase } from "../support/db";
import type { Client, TestServer } from "../support/server";
import type { World } from "../support/world";
import { startWorldServer } from "../support/world-server";

const db = useFreshDatabase();
let world: World;
let server: TestServer;
let as: Record<"memberA" | "unitA" | "unitB" | "communityA" | "communityA2" | "streetA", Client>;
const year = Number(chinaToday().slice(0, 4));
let quietMemberId: number;

beforeAll(async () => {
  ({ world, server, as } = await startWorldServer(
    db,
    {
      memberA: "member-a",
      unitA: "unit-a",
      unitB: "unit-b",
      communityA: "comm-a",
      communityA2: "comm-a2",
      streetA: "street-a",
    },
    {
      beforeStart: async (w) => {
        const communityId = w.communities.A.id;
        const post = db.insert(servicePosts).values({ communityId, title: "楼栋文明劝导", slots: 3 }).returning().get();
        db.insert(postClaims).values({ postId: post.id, memberId: w.members.A.id }).run();
        const activity = (title: string, date: string) =>
          db
            .insert(serviceActivities)
            .values({
              communityId,
              title,
              place: "社区党群服务中心",
              date,
              startTime: "09:00",
              plannedHours: 2,
              slots: 10,
            })
            .returning()
            .get().id;
        const now = new Date().toISOString();
        db.insert(activitySignups)
          .values([
            // Attended, hours confirmed (one of them corrected by the community to 1.5).
            {
              activityId: activity("重阳节敬老活动", `${year}-01-10`),
              memberId: w.members.A.id,
              checkedInAt: now,
              checkInMethod: "qr",
              hours: 2,
              hoursConfirmedAt: now,
            },
            {
              activityId: activity("四点半课堂", `${year}-01-20`),
              memberId: w.members.A.id,
              checkedInAt: now,
              checkInMethod: "manual",
              hours: 1.5,
              hoursConfirmedAt: now,
            },
            // Attended, hours not yet confirmed: shown, not counted.
            {
              activityId: activity("楼道清理", `${year}-01-25`),
              memberId: w.members.A.id,
              checkedInAt: now,
              checkInMethod: "qr",
              hours: 2,
            },
            // Last year's: another year's record.
            {
              activityId: activity("去年的活动", `${year - 1}-12-30`),
              memberId: w.members.A.id,
              checkedInAt: now,
              checkInMethod: "qr",
              hours: 3,
              hoursConfirmedAt: now,
            },
          ])
          .run();
        quietMemberId = (
          await createPartyMember(db, {
            unitId: w.units.A.id,
            communityId: w.communities.A2.id,
            name: "孙静",
            status: "registered",
            phone: "13622223333",
          })
        ).id;
      },
    },
  ));
});
afterAll(async () => server?.close());

const text = async (res: Response) => (await res.text()).replaceAll("<!-- -->", "");

describe("a member's service record", () => {
  it("shows the member their year: confirmed hours only, and each activity's check-in", async () => {
    const page = await text(await as.memberA.get("/member/record"));
    expect(page).toContain(`${year} 年服务记实`);
    expect(page).toContain('data-testid="record-attended">3<');
    expect(page).toContain('data-testid="record-hours">3.5<');
    expect(page).toContain("楼栋文明劝导");
    expect(page).toContain("社区登记到场");
    expect(page).toContain("待确认");
    expect(page).not.toContain("去年的活动");
    const last = await text(await as.memberA.get(`/member/record?year=${year - 1}`));
    expect(last).toContain("去年的活动");
    expect(last).toContain('data-testid="record-hours">3<');
  });

  it("lets the residential community comment on the year, audited; the unit and the member read it", async () => {
    const id = world.members.A.id;
    const empty = await as.communityA.post(`/members/${id}`, { year: String(year), comment: "" });
    expect(await text(empty)).toContain("请填写评语");
    const saved = await as.communityA.post(`/members/${id}`, {
      year: String(year),
      comment: "认岗尽责，积极参加敬老活动。",
    });
    expect(saved.status).toBe(302);
    expect(await text(await as.memberA.get("/member/record"))).toContain("认岗尽责，积极参加敬老活动。");
    expect(await text(await as.unitA.get(`/members/${id}?year=${year}`))).toContain("认岗尽责");
    expect(db.select().from(auditLog).where(eq(auditLog.action, "party_member.comment")).all()).toHaveLength(1);
    // The unit reads, it does not comment.
    expect((await as.unitA.post(`/members/${id}`, { year: String(year), comment: "单位自评" })).status).toBe(403);
  });

  it("is not shown to another unit or community, nor to the street", async () => {
    const id = world.members.A.id;
    expect((await as.unitB.get(`/members/${id}`)).status).toBe(404);
    expect((await as.communityA2.get(`/members/${id}`)).status).toBe(404);
    expect((await as.communityA2.post(`/members/${id}`, { year: String(year), comment: "冒名评语" })).status).toBe(404);
    expect((await as.streetA.get(`/members/${id}`)).status).toBe(403);
    expect((await as.unitB.get("/members/records/export")).status).toBe(200);
    expect((await as.streetA.get("/members/records")).status).toBe(403);
    // A member registered but not yet confirmed by themselves is not the community's to read.
    expect((await as.communityA2.get(`/members/${quietMemberId}`)).status).toBe(404);
  });

  it("lists every member of the unit for the year and exports them to a workbook read back here", async () => {
    const list = await text(await as.unitA.get(`/members/records?year=${year}`));
    expect(list).toContain("赵建民");
    expect(list).toContain("孙静");
    const res = await as.unitA.get(`/members/records/export?year=${year}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain(encodeURIComponent(`党员服务记实-${year}年.xlsx`));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(
      Buffer.from(await res.arrayBuffer()) as unknown as Parameters<typeof workbook.xlsx.load>[0],
    );
    const sheet = workbook.worksheets[0]!;
    const rows = sheet
      .getSheetValues()
      .slice(1)
      .map((r) => (Array.isArray(r) ? r.slice(1) : []));
    expect(rows[0]).toEqual([
      "姓名",
      "手机号",
      "报到社区",
      "报到状态",
      "认领岗位（个）",
      "参加活动（次）",
      "确认工时（小时）",
      "社区评语",
    ]);
    expect(rows).toContainEqual([
      "赵建民",
      "13677778888",
      "幸福里社区",
      "已报到",
      1,
      3,
      3.5,
      "认岗尽责，积极参加敬老活动。",
    ]);
    expect(rows).toContainEqual(["孙静", "13622223333", "光明社区", "待本人确认", 0, 0, 0]);
    // Unit B's workbook holds none of unit A's members.
    const other = new ExcelJS.Workbook();
    await other.xlsx.load(
      Buffer.from(await (await as.unitB.get("/members/records/export")).arrayBuffer()) as unknown as Parameters<
        typeof other.xlsx.load
      >[0],
    );
    expect(JSON.stringify(other.worksheets[0]!.getSheetValues())).not.toContain("赵建民");
  });
});
