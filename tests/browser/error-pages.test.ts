import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoDistrict } from "~/seed/seed";
import { browserApp } from "../support/browser";
import { useFreshDatabase } from "../support/db";

const app = browserApp();
const db = useFreshDatabase();

beforeAll(() => app.start({ seed: () => seedDemoDistrict(db) }));
afterAll(() => app.close());

interface RouterWindow {
  __remixRouter?: {
    state: { initialized: boolean; errors: Record<string, unknown> | null };
    navigate(to: string): Promise<void>;
  };
  sameDocument?: boolean;
}

describe.runIf(app.available)("error pages in a real browser", () => {
  // Routes re-export GeneralErrorBoundary as their ErrorBoundary: the route's own boundary must
  // catch (not the root's), in the server's HTML, after hydration and on a client-side navigation.
  it("a bad id and a refusal are shown by the route's own boundary, inside the layout", async () => {
    const page = await app.signedIn("demo-community");
    const caughtBy = () =>
      page.evaluate(() => Object.keys((window as unknown as RouterWindow).__remixRouter?.state.errors ?? {}));

    await page.goto(`${app.baseUrl}/needs/abc`);
    await page.waitForFunction(() => (window as unknown as RouterWindow).__remixRouter?.state.initialized === true);
    await expect.poll(() => page.locator(".error-page").textContent()).toContain("需求编号有误");
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("页面不存在");
    expect(await page.locator(".error-code").textContent()).toBe("404");
    expect(await caughtBy()).toEqual(["routes/needs.$needId._index"]);
    expect(await page.getByRole("navigation", { name: "主导航" }).isVisible()).toBe(true);

    await page.evaluate(() => ((window as unknown as RouterWindow).sameDocument = true));
    await page.evaluate(() => (window as unknown as RouterWindow).__remixRouter!.navigate("/admin/users"));
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("没有权限");
    expect(await page.locator(".error-code").textContent()).toBe("403");
    expect(await caughtBy()).toEqual(["routes/admin.users"]);
    expect(await page.evaluate(() => (window as unknown as RouterWindow).sameDocument)).toBe(true);
    expect(await page.getByRole("navigation", { name: "主导航" }).isVisible()).toBe(true);
    await page.context().close();
  });
});
