/**
 * A grid worker in a real browser (issue 14; decision 040): demo-grid posts a need on their rounds
 * (the grid is theirs and shown, not chosen; the building list holds their grid's buildings),
 * sees it on their home page with the resident's phone, and finds another grid's need read-only:
 * no 修改, no phone, and the edit page refused by the server.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, ne } from "drizzle-orm";
import { grids, needs, users } from "#db/schema";
import { seedDemoDistrict } from "~/seed/seed";
import { browserApp } from "../support/browser";
import { useFreshDatabase } from "../support/db";

const app = browserApp();
const db = useFreshDatabase();

beforeAll(() => app.start({ seed: () => seedDemoDistrict(db) }));
afterAll(() => app.close());

const TITLE = "纺织厂家属院独居老人冬季取暖检查";

describe.runIf(app.available)("a grid worker in a real browser", () => {
  it("posts a need for their grid, from their phone, and cannot change another grid's", async () => {
    const worker = db.select().from(users).where(eq(users.username, "demo-grid")).get()!;
    const ownGrid = db.select().from(grids).where(eq(grids.id, worker.gridId!)).get()!;
    const page = await app.signedIn("demo-grid", { width: 375 });
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toContain(ownGrid.name);

    await page.goto(`${app.baseUrl}/needs/new`);
    await expect.poll(() => page.getByTestId("fixed-grid").textContent()).toBe(ownGrid.name);
    const buildingOptions = await page.getByLabel("楼栋").locator("option").allTextContents();
    expect(buildingOptions).toEqual(["不指定", "纺织厂家属院1号楼", "纺织厂家属院2号楼"]);
    await page.getByLabel("需求标题").fill(TITLE);
    await page.getByLabel("需求描述").fill("入冬前要上门看看几位独居老人家里的暖气和燃气，需要懂行的志愿者一起。");
    await page.getByLabel("楼栋").selectOption({ label: "纺织厂家属院2号楼" });
    await page.getByLabel("地点（单元、门牌等）").fill("3单元");
    await page.getByLabel("联系人姓名").fill("周玉珍");
    await page.getByLabel("联系电话").fill("13588889999");
    await page.getByRole("button", { name: "发布", exact: true }).click();
    await page.waitForURL(/\/needs\/\d+\?saved=1/);
    await expect.poll(() => page.getByTestId("need-building").textContent()).toBe("纺织厂家属院2号楼");
    await expect.poll(() => page.getByTestId("contact-phone").textContent()).toBe("13588889999");
    const saved = db.select().from(needs).where(eq(needs.title, TITLE)).get()!;
    expect(saved).toMatchObject({ gridId: ownGrid.id, source: "grid_worker", createdBy: worker.id });

    await page.goto(`${app.baseUrl}/`);
    await expect.poll(() => page.locator("main").textContent()).toContain(TITLE);

    // Another grid's need of the same community: readable, not changeable, no resident's details.
    const other = db
      .select()
      .from(needs)
      .where(and(eq(needs.communityId, worker.communityId!), ne(needs.gridId, ownGrid.id), eq(needs.status, "open")))
      .get()!;
    await page.goto(`${app.baseUrl}/needs/${other.id}`);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe(other.title);
    expect(await page.getByRole("link", { name: "修改", exact: true }).count()).toBe(0);
    expect(await page.getByTestId("contact-phone").count()).toBe(0);
    const refused = await page.goto(`${app.baseUrl}/needs/${other.id}/edit`);
    expect(refused?.status()).toBe(403);
    await expect.poll(() => page.locator("main").textContent()).toContain("只能修改本网格的需求");
    await page.context().close();
  });
});
