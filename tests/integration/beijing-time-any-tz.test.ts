/**
 * Every time people see is Beijing time whatever the server's zone (~/utils/china-time): the
 * server runs here with TZ=America/New_York, every stored instant (each `…_at` column, an
 * evaluation's deadline) is set to 2026-04-14T17:30:00Z, and each page must show 2026-04-15 01:30
 * (or the day 2026-04-15 / 2026年4月15日) and never the UTC day (2026-04-14 17:30) or New
 * York's (2026-04-14 13:30), in any spelling.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { agreements, escalations, maintenanceRuns, meetingItems, meetings, notifications, opinions } from "#db/schema";
import { useFreshDatabase } from "../support/db";
import type { Client, TestServer } from "../support/server";
import { NOT_BEIJING_FOR_KNOWN, stampEveryInstant } from "../support/stamp-instants";
import { startWorldServer } from "../support/world-server";
import { closeEvaluation, createEvaluation, opinionsWorld, TEN_VOTES } from "./opinions-fixtures";

// The server runs in this process: its zone is the process's (Node applies a change of TZ at once).
process.env.TZ = "America/New_York";

const KNOWN = "2026-04-14T17:30:00.000Z";
// UTC's and New York's day (and clock) in the spellings a slip would produce.
const WRONG = NOT_BEIJING_FOR_KNOWN;

const db = useFreshDatabase();
let w: Awaited<ReturnType<typeof opinionsWorld>>;
let server: TestServer;
let as: Record<"communityA" | "unitA" | "streetA" | "admin", Client>;
const ids = { evaluation: 0, meeting: 0, agreement: 0, opinion: 0 };

beforeAll(async () => {
  ({
    world: w,
    server,
    as,
  } = await startWorldServer(
    db,
    { communityA: "comm-a", unitA: "unit-a", streetA: "street-a", admin: "admin-user" },
    {
      world: opinionsWorld,
      beforeStart: (w) => {
        const world = w.world;
        ids.evaluation = createEvaluation(db, {
          communityId: world.communities.A.id,
          unitId: world.units.A.id,
          issued: 12,
          votes: TEN_VOTES,
        }).id;
        db.insert(notifications)
          .values({ userId: world.users.communityA.id, kind: "test", title: "时区测试通知", link: "/needs" })
          .run();
        db.insert(escalations)
          .values({
            needId: world.needs.A.id,
            level: "street",
            reason: "超期未匹配",
            escalatedAt: KNOWN,
            referredUnitId: world.units.A.id,
            referredBy: world.users.streetA.id,
            referredAt: KNOWN,
          })
          .run();
        ids.meeting = db
          .insert(meetings)
          .values({
            streetId: world.streets.A.id,
            title: "时区测试联席会议",
            scheduledAt: "2026-04-15T09:30",
            place: "会议室",
            status: "published",
            publicSlug: "tz-test-notice-0001",
            publishedAt: KNOWN,
          })
          .returning()
          .get().id;
        db.insert(meetingItems)
          .values({
            meetingId: ids.meeting,
            kind: "escalated_need",
            needId: world.needs.A.id,
            decision: "deferred",
            note: "下次会议再议",
            decidedBy: world.users.streetA.id,
            decidedAt: KNOWN,
          })
          .run();
        db.insert(maintenanceRuns).values({ source: "timer", startedAt: KNOWN, finishedAt: KNOWN, ok: true }).run();
      },
    },
  ));
  // An endorsed opinion, made the way people make one.
  closeEvaluation(db, ids.evaluation);
  const opinionPage = `/evaluations/${ids.evaluation}/opinion`;
  expect((await as.communityA.post(opinionPage, { intent: "generate" })).status).toBe(302);
  const draft = db.select().from(opinions).where(eq(opinions.evaluationId, ids.evaluation)).get()!;
  const fields = {
    body: draft.body,
    grade: draft.suggestedGrade,
    suggestedGrade: draft.suggestedGrade,
    gradeReason: "",
  };
  expect((await as.communityA.post(opinionPage, { intent: "issue", ...fields })).status).toBe(302);
  expect((await as.streetA.post(opinionPage, { intent: "endorse" })).status).toBe(302);
  ids.opinion = draft.id;
  ids.agreement = db.select().from(agreements).get()!.id;
  stampEveryInstant(db, KNOWN);
}, 90_000);
afterAll(async () => server?.close());

/** What a reader sees: the page's text, without scripts (the loader data keeps raw instants) and tags. */
async function seen(client: Client, path: string) {
  const res = await client.get(path);
  expect(res.status, path).toBe(200);
  return (await res.text())
    .replace(/<script[\s\S]*?<\/script>/g, " ")
    .replace(/<style[\s\S]*?<\/style>/g, " ")
    .replace(/<[^>]*>/g, " ")
    .replace(/\s+/g, " ");
}

describe("with the server in New York, pages show Beijing time", () => {
  it("the zone really is New York's here", () => {
    expect(new Date(KNOWN).getHours()).toBe(13);
  });

  // Each page, who opens it, and a Beijing rendering it must show (null: it shows no instant).
  const pages: [string, keyof typeof as, () => string, string | null][] = [
    ["需求清单", "communityA", () => "/needs", null],
    ["需求详情", "communityA", () => `/needs/${w.world.needs.A.id}`, "2026-04-15 01:30"],
    ["资源详情", "unitA", () => `/resources/${w.world.resources.A.id}`, "2026-04-15 01:30"],
    ["项目详情（时间线）", "communityA", () => `/projects/${w.projects.completed.id}`, "2026-04-15 01:30"],
    ["联席会议", "streetA", () => `/meetings/${ids.meeting}`, "2026-04-15 01:30"],
    ["协调督办", "streetA", () => "/escalations", "2026-04-15 01:30"],
    ["通知", "communityA", () => "/notifications", "2026-04-15 01:30"],
    ["操作记录（社区）", "communityA", () => "/audit", "2026-04-15 01:30"],
    ["操作记录（管理员）", "admin", () => "/audit", "2026-04-15 01:30"],
    ["运行状况", "admin", () => "/admin", "2026-04-15 01:30"],
    ["账号详情", "admin", () => `/admin/users/${w.world.users.unitA.id}`, "2026-04-15 01:30"],
    ["评议", "communityA", () => `/evaluations/${ids.evaluation}`, "2026-04-15"],
    ["评议意见", "communityA", () => `/evaluations/${ids.evaluation}/opinion`, "2026年4月15日"],
    ["单位共建档案", "unitA", () => `/units/${w.world.units.A.id}`, "2026年4月15日"],
    ["协议打印", "communityA", () => `/agreements/${ids.agreement}/print`, "2026年4月15日"],
    ["评议意见打印", "unitA", () => `/opinions/${ids.opinion}/print`, "2026年4月15日"],
  ];

  it.each(pages)("%s", async (_label, who, path, expected) => {
    const text = await seen(as[who], path());
    if (expected !== null) expect(text, path()).toContain(expected);
    for (const wrong of WRONG) expect(text, `${path()} ${wrong}`).not.toMatch(wrong);
  });

  it("the public notice dates its publication by Beijing's day", async () => {
    const res = await fetch(`${server.baseUrl}/p/tz-test-notice-0001`);
    const text = (await res.text()).replace(/<script[\s\S]*?<\/script>/g, " ").replace(/<[^>]*>/g, " ");
    expect(text).toContain("2026-04-15");
    for (const wrong of WRONG) expect(text).not.toMatch(wrong);
  });
});
