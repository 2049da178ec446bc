/**
 * Beijing time in a browser that is not in China: Chromium in New York's zone against a server in
 * New York's zone (TZ). Pages are checked as the server sends them and hydrates, and after a
 * client-side navigation, where the browser itself renders them. Every stored instant is
 * 2026-04-14T17:30:00Z (2026-04-15 01:30 in Beijing).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { meetingItems, meetings, notifications, projectEvents } from "#db/schema";
import { writeAudit } from "~/models/platform/audit.server";
import { createProject } from "~/seed/factories";
import { browserApp } from "../support/browser";
import { useFreshDatabase } from "../support/db";
import { NOT_BEIJING_FOR_KNOWN, stampEveryInstant } from "../support/stamp-instants";
import { createWorld, PASSWORD, type World } from "../support/world";

process.env.TZ = "America/New_York";

const KNOWN = "2026-04-14T17:30:00.000Z";
const app = browserApp();
const db = useFreshDatabase();
let world: World;
const ids = { project: 0, meeting: 0 };

beforeAll(() =>
  app.start({
    seed: async () => {
      world = await createWorld(db);
      ids.project = createProject(db, {
        communityId: world.communities.A.id,
        title: "时区测试项目",
        status: "approved",
        needIds: [world.needs.A.id],
        resources: [{ resourceId: world.resources.A.id, unitId: world.units.A.id }],
      }).id;
      db.insert(projectEvents)
        .values({
          projectId: ids.project,
          kind: "status",
          fromStatus: "draft",
          toStatus: "approved",
          message: "街道审批通过",
        })
        .run();
      db.insert(notifications)
        .values({ userId: world.users.communityA.id, kind: "test", title: "时区测试通知", link: "/needs" })
        .run();
      ids.meeting = db
        .insert(meetings)
        .values({
          streetId: world.streets.A.id,
          title: "时区测试联席会议",
          scheduledAt: "2026-04-15T09:30",
          place: "会议室",
          status: "published",
          publicSlug: "tz-browser-notice-01",
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
      // The community's /audit lists what people changed: one change to its need.
      writeAudit(db, {
        actorId: world.users.communityA.id,
        action: "need.update",
        entityType: "need",
        entityId: world.needs.A.id,
        after: { title: "时区测试需求" },
      });
      stampEveryInstant(db, KNOWN);
    },
  }),
);
afterAll(() => app.close());

interface RouterWindow {
  __remixRouter?: {
    state: { initialized: boolean; navigation: { state: string } };
    navigate(to: string): Promise<void>;
  };
}

async function newYorkPage(username: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await app.browser.newContext({ timezoneId: "America/New_York", locale: "zh-CN" });
  const page = await context.newPage();
  await page.goto(`${app.baseUrl}/login`);
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
  return { context, page };
}

const hydrated = (page: Page) =>
  page.waitForFunction(() => (window as unknown as RouterWindow).__remixRouter?.state.initialized === true);

/** The page's visible text, checked for Beijing's rendering and for none of the others. */
async function expectBeijing(page: Page, expected: string) {
  await expect.poll(() => page.locator("main").innerText()).toContain(expected);
  const text = await page.locator("main").innerText();
  for (const wrong of NOT_BEIJING_FOR_KNOWN) expect(text, `${page.url()} ${wrong}`).not.toMatch(wrong);
}

/** Renders `path` in the browser itself: a client-side navigation, not a page load. */
async function navigateInBrowser(page: Page, path: string) {
  await page.evaluate((to) => (window as unknown as RouterWindow).__remixRouter!.navigate(to), path);
  await page.waitForFunction((to) => {
    const w = window as unknown as RouterWindow;
    return location.pathname === to && w.__remixRouter?.state.navigation.state === "idle";
  }, path);
}

describe.runIf(app.available)("Beijing time in a browser in New York", () => {
  it("the browser's clock is New York's", async () => {
    const { context, page } = await newYorkPage("comm-a");
    expect(await page.evaluate((at) => new Date(at).getHours(), KNOWN)).toBe(13);
    await context.close();
  });

  it("the community's pages, loaded and navigated to", async () => {
    const { context, page } = await newYorkPage("comm-a");
    await page.goto(`${app.baseUrl}/notifications`);
    await hydrated(page);
    await expectBeijing(page, "2026-04-15 01:30");
    for (const path of [`/needs/${world.needs.A.id}`, `/projects/${ids.project}`, "/audit", "/notifications"]) {
      await navigateInBrowser(page, path);
      await expectBeijing(page, "2026-04-15 01:30");
    }
    await context.close();
  });

  it("the street's meeting and coordination pages", async () => {
    const { context, page } = await newYorkPage("street-a");
    await page.goto(`${app.baseUrl}/meetings/${ids.meeting}`);
    await hydrated(page);
    await expectBeijing(page, "2026-04-15 01:30");
    await navigateInBrowser(page, "/meetings");
    await navigateInBrowser(page, `/meetings/${ids.meeting}`);
    await expectBeijing(page, "2026-04-15 01:30");
    await context.close();
  });

  it("the unit's resource page", async () => {
    const { context, page } = await newYorkPage("unit-a");
    await navigateInBrowser(page, `/resources/${world.resources.A.id}`);
    await expectBeijing(page, "2026-04-15 01:30");
    await context.close();
  });
});
