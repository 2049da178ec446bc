import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Locator, Page } from "playwright-core";
import { and, eq } from "drizzle-orm";
import { communities, evaluations, meetings, opinions, units } from "#db/schema";
import { seedDemoDistrict } from "~/seed/seed";
import { seedDemoProjects } from "~/seed/seed-projects";
import { chinaDate } from "~/utils/china-time";
import { browserApp } from "../support/browser";
import { useFreshDatabase } from "../support/db";

const app = browserApp();
const db = useFreshDatabase();

beforeAll(() => app.start({ seed: async () => seedDemoProjects(db, await seedDemoDistrict(db)) }));
afterAll(() => app.close());

/** ECharts drew into the container: a canvas (or svg) child with a real size. */
async function expectChartDrawn(page: Page, testId: string) {
  const drawing = page.getByTestId(testId).locator("canvas, svg").first();
  await drawing.waitFor({ state: "attached", timeout: 20_000 });
  const box = await drawing.boundingBox();
  expect(box?.width ?? 0, testId).toBeGreaterThan(100);
  expect(box?.height ?? 0, testId).toBeGreaterThan(100);
}

/** The numbers of one column of a ranking table, top to bottom. */
async function columnValues(table: Locator, header: string) {
  const headers = await table.locator("thead th").allTextContents();
  const index = headers.findIndex((h) => h.startsWith(header));
  expect(index, header).toBeGreaterThan(0);
  const cells = await table.locator(`tbody tr td:nth-child(${index + 1})`).allTextContents();
  return cells.map((c) => Number(c.replace(/[^\d.]/g, "")));
}

const ascending = (values: number[]) => values.every((v, i) => i === 0 || values[i - 1]! <= v);
const descending = (values: number[]) => values.every((v, i) => i === 0 || values[i - 1]! >= v);

describe.runIf(app.available)("the review dashboard in a real browser", () => {
  it("shows the street its charts, its flags, and ranking tables that sort when a header is clicked", async () => {
    const page = await app.signedIn("demo-street");
    await page.goto(`${app.baseUrl}/review`);
    await expect.poll(() => page.locator("h1").textContent()).toContain("东城街道述职评议考核");
    await expectChartDrawn(page, "chart-communities");
    await expectChartDrawn(page, "chart-units");
    expect(await page.getByTestId("review-flag").count()).toBeGreaterThan(0);

    const units = page.getByTestId("ranking-units");
    // The demo unit's completed project has two confirmed activities; its pending one does not count.
    expect(await units.locator("tbody tr").first().textContent()).toContain("区人民医院");
    expect((await columnValues(units, "确认活动"))[0]).toBe(2);
    expect(descending(await columnValues(units, "确认活动"))).toBe(true);

    await units.getByRole("link", { name: /^确认活动/ }).click();
    await page.waitForURL(/usort=confirmedActivities/);
    await expect.poll(async () => ascending(await columnValues(units, "确认活动"))).toBe(true);
    expect(await units.locator("th[aria-sort=ascending]").textContent()).toContain("确认活动");

    await units.getByRole("link", { name: /^服务居民/ }).click();
    await page.waitForURL(/usort=-residentsServed/);
    await expect.poll(async () => (await columnValues(units, "服务居民"))[0]).toBe(79);
    expect(descending(await columnValues(units, "服务居民"))).toBe(true);
    // The charts survive the client-side navigation.
    await expectChartDrawn(page, "chart-units");
    await page.context().close();
  });

  it("shows the district its streets compared, and drills into one street", async () => {
    const page = await app.signedIn("demo-district");
    await page.goto(`${app.baseUrl}/review`);
    await expectChartDrawn(page, "chart-streets");
    const streets = page.getByTestId("ranking-streets");
    await expect.poll(() => streets.locator("tbody tr").count()).toBe(3);
    expect(await streets.textContent()).toContain("东城街道");
    await streets.getByRole("link", { name: "东城街道" }).click();
    await expect.poll(() => page.locator("h1").textContent()).toContain("东城街道述职评议考核");
    expect(await page.getByTestId("chart-streets").count()).toBe(0);
    await expectChartDrawn(page, "chart-communities");
    await page.context().close();
  });

  it("loads ECharts only on the dashboard, and pages through the district's units without losing the charts", async () => {
    const page = await app.signedIn("demo-district");
    const scripts: string[] = [];
    page.on("request", (r) => {
      if (r.resourceType() === "script") scripts.push(r.url());
    });
    await page.goto(`${app.baseUrl}/needs`);
    await page.waitForLoadState("networkidle");
    expect(scripts.some((url) => url.includes("echart"))).toBe(false);

    await page.goto(`${app.baseUrl}/review`);
    await expectChartDrawn(page, "chart-units");
    expect(scripts.some((url) => url.includes("echart-modules"))).toBe(true);
    // The demo district's 40 units: 20 a page.
    const units = page.getByTestId("ranking-units");
    expect(await units.locator("tbody tr").count()).toBe(20);
    const firstPage = await units.locator("tbody tr td:nth-child(2)").allTextContents();
    await page.getByRole("navigation", { name: "家单位分页" }).getByRole("link", { name: "下一页" }).click();
    await page.waitForURL(/upage=2/);
    await expect.poll(() => units.locator("tbody tr td").first().textContent()).toBe("21");
    const secondPage = await units.locator("tbody tr td:nth-child(2)").allTextContents();
    expect(secondPage).toHaveLength(20);
    expect(secondPage.filter((name) => firstPage.includes(name))).toEqual([]);
    await expectChartDrawn(page, "chart-units");
    await page.context().close();
  });

  it("fits a 375 px phone: the page does not scroll sideways, tables scroll inside their own box", async () => {
    const page = await app.signedIn("demo-district", { width: 375 });
    await page.goto(`${app.baseUrl}/review`);
    await expectChartDrawn(page, "chart-streets");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    const box = await page.getByTestId("chart-units").boundingBox();
    expect(box!.width).toBeLessThanOrEqual(375);
    await page.context().close();
  });

  it("draws the grade distribution once an opinion is endorsed", async () => {
    const page = await app.signedIn("demo-street");
    await page.goto(`${app.baseUrl}/review`);
    await expectChartDrawn(page, "chart-units");
    expect(await page.getByTestId("chart-grades").count()).toBe(0);

    const unit = db.select().from(units).where(eq(units.name, "区人民医院")).get()!;
    const community = db
      .select()
      .from(communities)
      .where(and(eq(communities.streetId, unit.streetId)))
      .get()!;
    const year = chinaDate(new Date()).slice(0, 4);
    const evaluation = db
      .insert(evaluations)
      .values({
        communityId: community.id,
        unitId: unit.id,
        title: "年度评议",
        periodStart: `${year}-01-01`,
        periodEnd: `${year}-12-31`,
        deadline: new Date().toISOString(),
        status: "closed",
      })
      .returning()
      .get();
    db.insert(opinions)
      .values({
        evaluationId: evaluation.id,
        unitId: unit.id,
        communityId: community.id,
        status: "endorsed",
        suggestedGrade: "good",
        grade: "good",
        body: "评议意见",
        figures: {},
        endorsedAt: new Date().toISOString(),
      })
      .run();

    await page.reload();
    await expectChartDrawn(page, "chart-grades");
    expect(
      await page.getByTestId("ranking-units").locator("tbody tr").filter({ hasText: "区人民医院" }).textContent(),
    ).toContain("好");
    await page.context().close();
  });

  it("works without JavaScript: each chart's figures can be read in a table, and header links sort", async () => {
    const page = await app.signedIn("demo-street", { javaScriptEnabled: false });
    await page.goto(`${app.baseUrl}/review`);
    const charts = await page.locator("figure.review-chart").count();
    expect(charts).toBeGreaterThanOrEqual(2);
    // A chart either shows its own table open, or (on its ranking table's first page) links to that table.
    const ownTables = await page.locator("details.review-chart-data[open] table").count();
    const pointers = page.locator("p.review-chart-data a");
    expect(ownTables + (await pointers.count())).toBe(charts);
    await page.getByTestId("chart-communities").locator("xpath=..").getByRole("link", { name: "社区排名表" }).click();
    await page.waitForURL(/#ranking-communities$/);
    expect(await page.locator("#ranking-communities thead").textContent()).toContain("发布需求");
    expect(await page.locator("#ranking-communities tbody tr").count()).toBeGreaterThan(0);
    await page
      .getByTestId("ranking-units")
      .getByRole("link", { name: /^确认活动/ })
      .click();
    await page.waitForURL(/usort=confirmedActivities/);
    expect(ascending(await columnValues(page.getByTestId("ranking-units"), "确认活动"))).toBe(true);
    await page.context().close();
  });
});

describe.runIf(app.available)("the Content-Security-Policy (decision 020)", () => {
  it("blocks nothing the app needs: the review charts, a QR page and lists log no violation", async () => {
    const page = await app.signedIn("demo-street");
    const violations: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy|Refused to (execute|load|apply)/i.test(m.text())) violations.push(m.text());
    });
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (e) =>
        console.error(`Refused to load (CSP): ${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    const published = db.select({ id: meetings.id }).from(meetings).where(eq(meetings.status, "published")).get();
    expect(published, "the demo has a published meeting").toBeTruthy();
    const header = (await page.goto(`${app.baseUrl}/review`))!.headers()["content-security-policy"];
    expect(header).toContain("script-src 'self' 'nonce-");
    await expectChartDrawn(page, "chart-communities");
    await expectChartDrawn(page, "chart-units");
    for (const pathname of ["/needs", "/projects", `/meetings/${published!.id}/qr`, "/meetings"]) {
      await page.goto(`${app.baseUrl}${pathname}`);
      await page.waitForLoadState("networkidle");
    }
    // Hydrated under the policy: a client-side navigation works.
    await page.goto(`${app.baseUrl}/needs`);
    await page.getByRole("link", { name: "项目" }).first().click();
    await page.waitForURL((url) => url.pathname === "/projects");
    expect(violations).toEqual([]);
  });
});
