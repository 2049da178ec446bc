/**
 * First sign-in with a password someone else chose, in Chromium: the sign-in form leads to
 * /account/password, the navigation leads back there until the user sets their own password,
 * and then they reach their home page.
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
      // What an admin's reset or a spreadsheet import leaves: a password the user did not choose.
      db.update(users).set({ mustChangePassword: true }).where(eq(users.id, world.users.communityA.id)).run();
    },
  }),
);
afterAll(() => app.close());

describe.runIf(app.available)("choosing one's own password at first sign-in", () => {
  it("signs in, is kept on /account/password until the password is set, then reaches home", async () => {
    const page = await app.signedIn("comm-a", { password: PASSWORD });
    await page.waitForURL((url) => url.pathname === "/account/password");
    expect(await page.getByTestId("must-change-password").textContent()).toContain("首次登录请先设置自己的密码");

    // A client-side navigation from the header comes back here too.
    await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "需求清单" }).click();
    await page.waitForLoadState("networkidle");
    expect(new URL(page.url()).pathname).toBe("/account/password");

    await page.getByLabel("当前密码").fill("not-the-password");
    await page.getByLabel(/^新密码/).fill("my-own-password");
    await page.getByLabel("再次输入新密码").fill("my-own-password");
    await page.getByRole("button", { name: "保存新密码" }).click();
    await expect.poll(() => page.locator(".field-error").allTextContents()).toContain("当前密码不正确");
    expect(new URL(page.url()).pathname).toBe("/account/password");

    await page.getByLabel("当前密码").fill(PASSWORD);
    await page.getByLabel(/^新密码/).fill("my-own-password");
    await page.getByLabel("再次输入新密码").fill("my-own-password");
    await page.getByRole("button", { name: "保存新密码" }).click();
    // The saved form leaves for home (its URL changes before home's page has rendered).
    await expect.poll(() => page.getByTestId("must-change-password").count()).toBe(0);
    await page.waitForLoadState("networkidle");
    expect(new URL(page.url()).pathname).not.toBe("/account/password");
    // Home, and the rest of the site, open now.
    await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "需求清单" }).click();
    await page.waitForURL((url) => url.pathname === "/needs");
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBeTruthy();
    await page.context().close();
  });
});
