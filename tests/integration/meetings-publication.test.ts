import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { escalations, meetingItems, meetings, users } from "#db/schema";
import { meetingOverdue } from "~/models/meetings/meeting-overdue.server";
import { scheduleMeeting } from "~/models/meetings/meetings.server";
import { loadActor } from "~/utils/auth.server";
import { chinaLocalInput } from "~/utils/china-time";
import { useFreshDatabase } from "../support/db";
import {
  createCommunity,
  createNeed,
  createProject,
  createResource,
  createStreet,
  createUnit,
  createUser,
} from "~/seed/factories";
import { Client, type TestServer } from "../support/server";
import { PASSWORD, SECRET_PHONE, type World } from "../support/world";
import { startWorldServer } from "../support/world-server";

const db = useFreshDatabase();
let world: World;
let server: TestServer;
let as: Record<string, Client>;

beforeAll(async () => {
  ({ world, server, as } = await startWorldServer(db, {
    streetA: "street-a",
    streetB: "street-b",
    communityA: "comm-a",
    unitA: "unit-a",
  }));
  as.anon = new Client(server.baseUrl);
});
afterAll(async () => server?.close());

const meeting = (id: number) => db.select().from(meetings).where(eq(meetings.id, id)).get()!;
const itemsOf = (id: number) => db.select().from(meetingItems).where(eq(meetingItems.meetingId, id)).all();
const post = (who: string, id: number, fields: Record<string, string>) => as[who]!.post(`/meetings/${id}`, fields);

const PUBLICATION_TEXT = "长者助餐共建项目\n区人民医院食堂为社区独居老人每日送餐，首批服务 20 位老人。";
const CONTACT = { contactName: "保密联系人欧阳娜", contactPhone: "13698765432", place: "保密花园7栋2单元" };

describe("publishing a meeting's decisions", () => {
  let meetingId: number;
  let approvedTitle: string;
  let approvedGoals: string;

  it("publishes only a held meeting with every item decided", async () => {
    const need = createNeed(db, {
      communityId: world.communities.A.id,
      title: "独居老人助餐服务",
      status: "matched",
      ...CONTACT,
    });
    const resource = createResource(db, {
      unitId: world.units.A.id,
      title: "医院食堂送餐",
      usedCapacity: 1,
      capacity: 2,
    });
    const approved = createProject(db, {
      communityId: world.communities.A.id,
      title: "幸福里长者助餐共建项目",
      goals: "为 20 位独居老人每日送餐",
      forms: ["resource_sharing", "joint_activity"],
      startDate: "2027-04-01",
      endDate: "2027-12-31",
      needIds: [need.id],
      resources: [{ resourceId: resource.id, unitId: world.units.A.id }],
    });
    approvedTitle = approved.title;
    approvedGoals = approved.goals;
    const rejected = createProject(db, { communityId: world.communities.A2.id, title: "不通过的项目" });
    const deferred = createProject(db, { communityId: world.communities.A2.id, title: "暂缓的项目" });
    const escalatedNeed = createNeed(db, {
      communityId: world.communities.A2.id,
      title: "楼顶防水维修",
      contactName: "保密联系人司马强",
      contactPhone: "13587654321",
      place: "保密小区9号楼",
    });
    db.insert(escalations).values({ needId: escalatedNeed.id, level: "street", reason: "超过 14 天未匹配" }).run();

    const result = scheduleMeeting(loadActor(world.users.streetA.id)!, {
      title: "东城街道2026年第一季度联席会议",
      // In the past: a meeting is held, decided and published from its day on.
      scheduledAt: "2026-03-20T09:30",
      place: "街道会议室",
      unitIds: [world.units.A.id],
    });
    if (!result.ok) throw new Error("排会失败");
    meetingId = result.meetingId;
    const items = itemsOf(meetingId);
    expect(items).toHaveLength(4);
    const byProject = (id: number) => items.find((i) => i.projectId === id)!.id;

    const early = await post("streetA", meetingId, { intent: "publish" });
    expect(early.status).toBe(409);
    expect(await early.text()).toContain("请先将会议标记为“已召开”");
    expect(
      (
        await post("streetA", meetingId, {
          intent: "record",
          attendees: "街道党工委、幸福里社区党委、区人民医院党委",
          minutes: "审议本季度项目清单。",
        })
      ).status,
    ).toBe(302);
    expect((await post("streetA", meetingId, { intent: "held" })).status).toBe(302);
    expect(meeting(meetingId).status).toBe("held");

    for (const [itemId, decision, note] of [
      [byProject(approved.id), "approved", ""],
      [byProject(rejected.id), "rejected", "内容与去年重复"],
    ] as const) {
      expect(
        (await post("streetA", meetingId, { intent: "decide", itemId: String(itemId), decision, note })).status,
      ).toBe(302);
    }
    const pending = await post("streetA", meetingId, { intent: "publish" });
    expect(pending.status).toBe(409);
    expect(await pending.text()).toContain("还有 2 个议题尚未作出决定");
    expect(meeting(meetingId)).toMatchObject({ status: "held", publicSlug: null, publishedAt: null });

    expect(
      (
        await post("streetA", meetingId, {
          intent: "decide",
          itemId: String(byProject(deferred.id)),
          decision: "deferred",
          note: "待补充材料",
        })
      ).status,
    ).toBe(302);
    const needItem = items.find((i) => i.needId === escalatedNeed.id)!.id;
    expect(
      (
        await post("streetA", meetingId, {
          intent: "decide",
          itemId: String(needItem),
          decision: "approved",
          note: "由区人民医院协调施工队",
        })
      ).status,
    ).toBe(302);
    expect((await post("communityA", meetingId, { intent: "publish" })).status).toBe(403);
    expect((await post("streetB", meetingId, { intent: "publish" })).status).toBe(403);

    // The public page prints an approved project's publication text only: none yet, no publishing.
    const untexted = await post("streetA", meetingId, { intent: "publish" });
    expect(untexted.status).toBe(409);
    expect(await untexted.text()).toContain(`还没有审定公示文本：“${approvedTitle}”`);
    expect(meeting(meetingId)).toMatchObject({ status: "held", publicSlug: null });
    expect((await as.streetA!.post(`/projects/${approved.id}/publication`, { text: PUBLICATION_TEXT })).status).toBe(
      302,
    );

    expect((await post("streetA", meetingId, { intent: "publish" })).status).toBe(302);
    const published = meeting(meetingId);
    expect(published.status).toBe("published");
    expect(published.publishedAt).not.toBeNull();
    expect(published.publicSlug).toMatch(/^[A-Za-z0-9_-]{16,}$/);

    const late = await post("streetA", meetingId, {
      intent: "decide",
      itemId: String(byProject(deferred.id)),
      decision: "approved",
      note: "",
    });
    expect(late.status).toBe(409);
    expect(await late.text()).toContain("会议决定已经通报");
    const lateMinutes = await post("streetA", meetingId, { intent: "record", attendees: "改", minutes: "改" });
    expect(lateMinutes.status).toBe(409);
    expect(meeting(meetingId).minutes).toBe("审议本季度项目清单。");
  });

  it("shows the approved list to anyone without an account, with no personal data", async () => {
    const slug = meeting(meetingId).publicSlug!;
    const res = await as.anon!.get(`/p/${slug}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    // The street's text, headed by its first line; the community's own goals stay off the page.
    for (const line of PUBLICATION_TEXT.split("\n")) expect(html).toContain(line);
    expect(html).not.toContain(approvedGoals);
    expect(html).not.toContain(approvedTitle);
    expect(html).toContain("东城街道2026年第一季度联席会议");
    expect(html).toContain("幸福里社区");
    expect(html).toContain("区人民医院");
    expect(html).toContain("资源共享");
    expect(html).toContain("2027-04-01");
    expect(html).toMatch(/未通过 (<!-- -->)?1(<!-- -->)? 项/);
    expect(html).not.toContain("不通过的项目");
    for (const secret of [
      CONTACT.contactName,
      CONTACT.contactPhone,
      CONTACT.place,
      "保密联系人司马强",
      "13587654321",
      "保密小区9号楼",
      SECRET_PHONE,
    ]) {
      expect(html, secret).not.toContain(secret);
    }
    const staffNames = db
      .select({ n: users.displayName })
      .from(users)
      .all()
      .map((u) => u.n);
    for (const name of staffNames) expect(html, name).not.toContain(name);
  });

  it("answers an unknown or malformed slug with a friendly 404", async () => {
    for (const slug of ["AAAAAAAAAAAAAAAAAAAAAA", "x", "../meetings"]) {
      const res = await as.anon!.get(`/p/${encodeURIComponent(slug)}`);
      expect(res.status, slug).toBe(404);
      expect(await res.text()).toContain("没有找到这份公示");
    }
  });

  it("prints a QR code of the public page's absolute address", async () => {
    const slug = meeting(meetingId).publicSlug!;
    const res = await as.unitA!.get(`/meetings/${meetingId}/qr`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("<svg");
    expect(html).toContain(`${server.baseUrl}/p/${slug}`);
    expect((await as.anon!.get(`/meetings/${meetingId}/qr`)).status).toBe(302);
    expect((await as.streetB!.get(`/meetings/${meetingId}/qr`)).status).toBe(403);
    const unpublished = scheduleMeeting(loadActor(world.users.streetA.id)!, {
      title: "尚未通报的会议",
      scheduledAt: "2027-06-01T09:00",
      place: "会议室",
      unitIds: [world.units.A.id],
    });
    if (!unpublished.ok) throw new Error("排会失败");
    expect((await as.streetA!.get(`/meetings/${unpublished.meetingId}/qr`)).status).toBe(404);
  });
});

describe("overdue meetings", () => {
  it("flags communities with no meeting within the interval, and not one with a recent meeting", async () => {
    const street = createStreet(db, { districtId: world.district.id, name: "南湖街道" });
    const recent = createCommunity(db, { streetId: street.id, name: "近期开会社区" });
    const stale = createCommunity(db, { streetId: street.id, name: "久未开会社区" });
    const never = createCommunity(db, { streetId: street.id, name: "从未开会社区" });
    createUnit(db, { streetId: street.id, name: "南湖供电所" });
    const reviewer = await createUser(db, {
      role: "street",
      username: "street-nanhu",
      password: PASSWORD,
      streetId: street.id,
    });
    // Meeting times are typed in China: the local wall clock n days ago.
    const daysAgo = (n: number) => chinaLocalInput(new Date(Date.now() - n * 86400000));
    const insert = (communityId: number | null, at: string, status: "held" | "published" | "scheduled" | "cancelled") =>
      db
        .insert(meetings)
        .values({ streetId: street.id, communityId, title: "测试会议", scheduledAt: at, status })
        .run();
    insert(recent.id, daysAgo(10), "held");
    insert(stale.id, daysAgo(120), "published");
    insert(stale.id, daysAgo(5), "cancelled");
    insert(never.id, daysAgo(-5), "scheduled");

    const overdue = meetingOverdue(loadActor(reviewer.id)!)!;
    expect(overdue.intervalDays).toBe(90);
    const flag = Object.fromEntries(overdue.communities.map((c) => [c.name, c.overdue]));
    expect(flag).toEqual({ 近期开会社区: false, 久未开会社区: true, 从未开会社区: true });

    const client = new Client(server.baseUrl);
    await client.login("street-nanhu", PASSWORD);
    const html = await (await client.get("/meetings")).text();
    const rows = html.split('data-testid="overdue-row"').slice(1);
    expect(rows).toHaveLength(3);
    expect(rows.find((r) => r.includes("近期开会社区"))).not.toContain("逾期");
    expect(rows.find((r) => r.includes("久未开会社区"))).toContain("逾期");
    expect(rows.find((r) => r.includes("从未开会社区"))).toContain("从未召开");

    // A street meeting held recently covers every community of the street.
    insert(null, daysAgo(3), "held");
    expect(meetingOverdue(loadActor(reviewer.id)!)!.communities.every((c) => !c.overdue)).toBe(true);
    expect(meetingOverdue(loadActor(world.users.communityA.id)!)).toBeNull();
  });

  it("counts the days to today in China, which starts eight hours before the UTC day", async () => {
    const street = createStreet(db, { districtId: world.district.id, name: "北塘街道" });
    createCommunity(db, { streetId: street.id, name: "北塘社区" });
    const reviewer = await createUser(db, {
      role: "street",
      username: "street-beitang",
      password: PASSWORD,
      streetId: street.id,
    });
    db.insert(meetings)
      .values({
        streetId: street.id,
        communityId: null,
        title: "测试会议",
        scheduledAt: "2027-03-01T09:30",
        status: "held",
      })
      .run();
    const actor = loadActor(reviewer.id)!;
    // 2027-05-31 01:00 in China (still 2027-05-30 in UTC): 91 days after 1 March, over the 90.
    const [row] = meetingOverdue(actor, new Date("2027-05-30T17:00:00Z"))!.communities;
    expect(row).toMatchObject({ lastMeetingAt: "2027-03-01T09:30", daysSince: 91, overdue: true });
    expect(meetingOverdue(actor, new Date("2027-05-30T15:59:00Z"))!.communities[0]).toMatchObject({
      daysSince: 90,
      overdue: false,
    });
  });
});
