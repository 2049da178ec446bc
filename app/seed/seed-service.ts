/**
 * The demo's 双报到双服务 (decision 041): the demo unit reported to the demo community (confirmed),
 * three of its in-service party members living there — one of them `demo-member` — with posts,
 * past activities with confirmed hours, and an activity ahead to sign up for.
 */
import { eq } from "drizzle-orm";
import type { Db } from "#db/client";
import { activitySignups, grids, postClaims, serviceActivities, servicePosts, unitReports } from "#db/schema";
import { addDays, chinaDayStart, chinaToday } from "~/utils/china-time";
import { createPartyMember } from "./factories";

interface DemoServiceIds {
  communityId: number;
  unitId: number;
  /** The demo community's first grid, where demo-member is placed. */
  gridId: number;
  /** demo-community, who confirmed the reports and the hours. */
  communityUserId: number;
  password: string;
}

export async function seedDemoService(db: Db, ids: DemoServiceIds) {
  const today = chinaToday();
  const daysAgo = (n: number) => addDays(today, -n);
  const at = (day: string) => chinaDayStart(day);
  db.insert(unitReports)
    .values({
      unitId: ids.unitId,
      communityId: ids.communityId,
      origin: "unit",
      status: "confirmed",
      note: "本单位党支部向所在社区报到，可提供义诊、健康讲座等服务。",
      requestedAt: at(daysAgo(60)),
      decidedBy: ids.communityUserId,
      decidedAt: at(daysAgo(58)),
    })
    .run();
  const confirmed = {
    unitId: ids.unitId,
    communityId: ids.communityId,
    status: "reported" as const,
    memberConfirmedAt: at(daysAgo(50)),
    communityConfirmedAt: at(daysAgo(48)),
    communityConfirmedBy: ids.communityUserId,
  };
  const demoMember = await createPartyMember(db, {
    ...confirmed,
    gridId: ids.gridId,
    name: "刘洋",
    phone: "13700137001",
    username: "demo-member",
    password: ids.password,
  });
  const colleague = await createPartyMember(db, { ...confirmed, name: "马丽", phone: "13700137002" });
  // Registered, link not yet confirmed: what the liaison's list shows as 待本人确认.
  await createPartyMember(db, {
    unitId: ids.unitId,
    communityId: ids.communityId,
    status: "registered",
    name: "杨帆",
    phone: "13700137003",
  });
  const grid = db.select({ name: grids.name }).from(grids).where(eq(grids.id, ids.gridId)).get();
  const post = (title: string, description: string, slots: number, gridId: number | null = null) =>
    db
      .insert(servicePosts)
      .values({ communityId: ids.communityId, gridId, title, description, slots, createdBy: ids.communityUserId })
      .returning()
      .get().id;
  const civility = post(
    "楼栋文明劝导",
    `${grid?.name ?? "网格"}楼道堆物、电动车进楼的劝导，每周巡查一次。`,
    4,
    ids.gridId,
  );
  post("助老陪护", "陪高龄独居老人就医、取药，每月不少于两次。", 3);
  post("四点半课堂辅导", "工作日下午四点半到六点，辅导双职工家庭孩子写作业。", 5);
  db.insert(postClaims)
    .values({ postId: civility, memberId: demoMember.id, claimedAt: at(daysAgo(45)) })
    .run();
  const activity = (title: string, day: string, plannedHours: number, place: string) =>
    db
      .insert(serviceActivities)
      .values({
        communityId: ids.communityId,
        title,
        place,
        date: day,
        startTime: "09:00",
        plannedHours,
        slots: 10,
        createdBy: ids.communityUserId,
      })
      .returning()
      .get().id;
  const clinic = activity("重阳节健康义诊", daysAgo(30), 3, "社区党群服务中心");
  const cleanup = activity("楼道杂物清理", daysAgo(12), 2, "幸福里小区3号楼");
  activity("冬季消防安全宣传", addDays(today, 10), 2, "社区广场");
  const attended = (activityId: number, memberId: number, day: string, hours: number, method: "qr" | "manual") => ({
    activityId,
    memberId,
    signedUpAt: at(addDays(day, -5)),
    checkedInAt: at(day),
    checkInMethod: method,
    hours,
    hoursConfirmedAt: at(addDays(day, 1)),
    hoursConfirmedBy: ids.communityUserId,
  });
  db.insert(activitySignups)
    .values([
      attended(clinic, demoMember.id, daysAgo(30), 3, "qr"),
      attended(clinic, colleague.id, daysAgo(30), 3, "manual"),
      attended(cleanup, demoMember.id, daysAgo(12), 2, "qr"),
    ])
    .run();
}
