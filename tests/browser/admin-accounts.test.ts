/**
 * An admin of a city creates a grid worker's account in Chromium: the grids are not all offered at
 * once, so they pick the street first (the list narrows to its accounts), then the grid, and after
 * saving they are back on the same street's list with the new account in it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { users } from "#db/schema";
import { browserApp } from "../support/browser";
import { useFreshDatabase } from "../support/db";
import { createWorld, PASSWORD, type World } from "../support/world";

const app = browserApp();
const db = useFreshDatabase();
let world: World;

beforeAll(() =>
  app.start({
    seed: async () => {
      world = await createWorld(db);
    },
  }),
);
afterAll(() => app.close());

describe.runIf(app.available)("accounts by street", () => {
  it("picks a street, then a grid of it, and creates the grid worker's account", async () => {
    const page = await app.signedIn("admin-user", { password: PASSWORD });
    await page.goto(`${app.baseUrl}/admin/users`);
    const grid = page.getByLabel("所属网格");
    // Before a street is chosen the grid select holds only its empty choice.
    expect(await grid.locator("option").count()).toBe(1);
    await expect.poll(() => page.getByText("请先在上方选择街道").count()).toBeGreaterThan(0);

    await page.getByLabel("街道", { exact: true }).selectOption({ label: world.streets.A.name });
    await page.getByRole("button", { name: "查询" }).click();
    await page.waitForURL((url) => url.searchParams.get("streetId") === String(world.streets.A.id));
    await expect.poll(() => page.locator("table.data").getByText("comm-b").count()).toBe(0);
    expect(await page.locator("table.data").getByText("comm-a", { exact: true }).count()).toBe(1);

    await page.getByLabel("用户名").fill("grid-north");
    await page.getByLabel("姓名").fill("北区网格员");
    await page.getByLabel("角色").selectOption({ label: "网格员" });
    await page.getByLabel("初始密码").fill("grid-north-pass");
    await grid.selectOption({ label: `${world.communities.A2.name} · ${world.grids.northA2.name}` });
    await page.getByRole("button", { name: "创建账号" }).click();

    await page.waitForURL((url) => url.searchParams.get("saved") === "1");
    expect(new URL(page.url()).searchParams.get("streetId")).toBe(String(world.streets.A.id));
    await expect.poll(() => page.locator("table.data").getByText("grid-north").count()).toBe(1);
    expect(db.select().from(users).where(eq(users.username, "grid-north")).get()).toMatchObject({
      role: "grid",
      gridId: world.grids.northA2.id,
      communityId: world.communities.A2.id,
    });
  });
});
