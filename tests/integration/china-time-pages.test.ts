/**
 * Times on the pages are China time (~/utils/china-time): a stored instant such as
 * 2026-03-01T16:30:00.000Z reads 2026-03-02 00:30 on every page that shows it, and a meeting's
 * time, typed in China, reads as typed. Need and resource pages, notifications, escalations and
 * meeting decisions once showed the UTC clock (16:30) while the project timeline showed Beijing's.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { escalations, meetingItems, meetings, needs, notifications, resources } from "#db/schema";
import { useFreshDatabase } from "../support/db";
import type { Client, TestServer } from "../support/server";
import type { World } from "../support/world";
import { startWorldServer } from "../support/world-server";

const db = useFreshDatabase();
let world: World;
let server: TestServer;
let as: Record<"communityA" | "unitA" | "streetA", Client>;

const LATE_EVENING_UTC = "2026-03-01T16:30:00.000Z"; // 2026-03-02 00:30 in China
const ESCALATED_UTC = "2026-02-28T16:30:00.000Z"; // 2026-03-01 00:30 in China
const SLUG = "china-time-notice-0001";
let meetingId: number;

beforeAll(async () => {
  ({ world, server, as } = await startWorldServer(
    db,
    { communityA: "comm-a", unitA: "unit-a", streetA: "street-a" },
    {
      beforeStart: (w: World) => {
        db.update(needs)
          .set({ createdAt: LATE_EVENING_UTC, updatedAt: LATE_EVENING_UTC })
          .where(eq(needs.id, w.needs.A.id))
          .run();
        db.update(resources)
          .set({ createdAt: LATE_EVENING_UTC, updatedAt: LATE_EVENING_UTC })
          .where(eq(resources.id, w.resources.A.id))
          .run();
        db.insert(notifications)
          .values({
            userId: w.users.communityA.id,
            kind: "test",
            title: "时间测试通知",
            body: "",
            link: "/needs",
            createdAt: LATE_EVENING_UTC,
          })
          .run();
        db.insert(escalations)
          .values({
            needId: w.needs.A.id,
            level: "street",
            reason: "超期未匹配",
            escalatedAt: ESCALATED_UTC,
            referredUnitId: w.units.A.id,
            referredBy: w.users.streetA.id,
            referredAt: LATE_EVENING_UTC,
          })
          .run();
        const meeting = db
          .insert(meetings)
          .values({
            streetId: w.streets.A.id,
            title: "时间测试联席会议",
            scheduledAt: "2026-03-01T09:30",
            place: "会议室",
            status: "published",
            publicSlug: SLUG,
            publishedAt: "2026-03-05T16:10:00.000Z",
          })
          .returning()
          .get();
        meetingId = meeting.id;
        db.insert(meetingItems)
          .values({
            meetingId,
            kind: "escalated_need",
            needId: w.needs.A.id,
            decision: "deferred",
            note: "下次会议再议",
            decidedBy: w.users.streetA.id,
            decidedAt: "2026-03-01T17:00:00.000Z",
          })
          .run();
      },
    },
  ));
});
afterAll(async () => server?.close());

/** The page's HTML without the comments React puts between adjacent text pieces. */
const page = async (client: Client, path: string) => {
  const res = await client.get(path);
  expect(res.status, path).toBe(200);
  return (await res.text()).replaceAll("<!-- -->", "");
};

describe("instants shown in China time", () => {
  it("on the need page: its update time and since when it is escalated", async () => {
    const html = await page(as.communityA, `/needs/${world.needs.A.id}`);
    expect(html).toContain("2026-03-02 00:30");
    expect(html).not.toContain("2026-03-01 16:30");
    expect(html).toContain("已上报街道协调（2026-03-01 00:30起）");
  });

  it("on the resource page", async () => {
    const html = await page(as.unitA, `/resources/${world.resources.A.id}`);
    expect(html).toContain("2026-03-02 00:30");
    expect(html).not.toContain("2026-03-01 16:30");
  });

  it("in the notification inbox", async () => {
    const html = await page(as.communityA, "/notifications");
    expect(html).toContain("时间测试通知");
    expect(html).toContain("2026-03-02 00:30");
    expect(html).not.toContain("2026-03-01 16:30");
  });

  it("in the street's coordination queue: when a unit was referred", async () => {
    const html = await page(as.streetA, "/escalations");
    expect(html).toContain(`${world.units.A.name}（2026-03-02 00:30 推荐）`);
  });

  it("on the meeting page: decisions and 通报时间 in China time, the typed meeting time as typed", async () => {
    const html = await page(as.streetA, `/meetings/${meetingId}`);
    expect(html).toContain("2026-03-01 09:30"); // scheduled_at is local: not shifted to 17:30
    expect(html).not.toContain("2026-03-01 17:30");
    expect(html).toMatch(/通报时间<\/dt><dd>2026-03-06 00:10<\/dd>/);
    expect(html).toContain("2026-03-02 01:00"); // decided_at, not the UTC 17:00
    expect(html).toContain("2026-03-01 上报街道");
  });

  it("on the public notice: 公示日期 is the day in China", async () => {
    const res = await fetch(`${server.baseUrl}/p/${SLUG}`);
    expect(res.status).toBe(200);
    const html = (await res.text()).replaceAll("<!-- -->", "");
    expect(html).toMatch(/公示日期<\/dt><dd>2026-03-06<\/dd>/);
    expect(html).toMatch(/会议日期<\/dt><dd>2026-03-01<\/dd>/);
  });
});
