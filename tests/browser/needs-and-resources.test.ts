import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, like } from "drizzle-orm";
import { communities, needs, resources, streets, users } from "#db/schema";
import { matchesSearch, toPinyin } from "#db/search-terms";
import { PAGE_SIZE } from "~/models/platform/pagination";
import { seedDemoDistrict } from "~/seed/seed";
import { browserApp } from "../support/browser";
import { useFreshDatabase } from "../support/db";

const app = browserApp();
const db = useFreshDatabase();

beforeAll(() => app.start({ seed: () => seedDemoDistrict(db) }));
afterAll(() => app.close());

const NEED_TITLE = "银发课堂需要手机讲师";
const RESOURCE_TITLE = "营业厅青年志愿者教老人用手机";

describe.runIf(app.available)("needs and resources in a real browser", () => {
  it("a community user signs in, sees the needs list, posts a need and finds it by pinyin initials", async () => {
    const page = await app.signedIn("demo-community");
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toContain("需求清单");
    await page.getByRole("link", { name: "发布需求" }).first().click();
    await page.getByLabel("需求标题").fill(NEED_TITLE);
    await page.getByLabel("需求描述").fill("社区老年人想学微信视频、扫码挂号，希望每周有人来上一次课。");
    await expect.poll(() => page.getByTestId("category-suggestion").textContent()).toContain("数字技能");
    await page.getByTestId("category-suggestion").getByRole("button", { name: "采用" }).click();
    await expect.poll(() => page.getByLabel("分类").inputValue()).toBe("数字技能");
    await page.getByLabel("受益人数").fill("40");
    await page.getByLabel("联系电话").fill("13566667777");
    await page.getByRole("button", { name: "发布", exact: true }).click();
    await page.waitForURL(/\/needs\/\d+\?saved=1/);
    await expect.poll(() => page.locator("main").textContent()).toContain("13566667777");
    const saved = db.select().from(needs).where(eq(needs.title, NEED_TITLE)).get();
    expect(saved).toMatchObject({ category: "数字技能", status: "open", beneficiaryCount: 40 });

    await page.goto(`${app.baseUrl}/needs`);
    await page.getByLabel("搜索").fill("yfkt");
    await page.getByRole("button", { name: "查询" }).click();
    await page.waitForURL(/q=yfkt/);
    await expect
      .poll(() => page.getByRole("list", { name: "需求列表" }).getByRole("heading").allTextContents())
      .toEqual([NEED_TITLE]);
    await page.context().close();
  });

  it("a bad submission shows Chinese errors at the fields, keeps the input and saves nothing (with and without JavaScript)", async () => {
    const before = db.select().from(needs).all().length;
    for (const javaScriptEnabled of [true, false]) {
      const page = await app.signedIn("demo-community", { javaScriptEnabled });
      await page.goto(`${app.baseUrl}/needs/new`);
      await page.getByLabel("需求标题").fill("修灯");
      await page.getByLabel("需求描述").fill("楼道灯坏了");
      await page.getByLabel("期望开始日期").fill("2027-05-10");
      await page.getByLabel("期望结束日期").fill("2027-05-01");
      await page.getByLabel("联系电话").fill("12345");
      await page.getByRole("button", { name: "发布", exact: true }).click();
      if (!javaScriptEnabled) await page.waitForLoadState("load");
      await expect
        .poll(() => page.locator(".field-error").allTextContents())
        .toEqual(
          expect.arrayContaining([
            "标题至少 4 个字",
            "结束日期不能早于开始日期",
            "请填写有效的手机号或座机号（如 13812345678）",
          ]),
        );
      await expect.poll(() => page.getByLabel("需求标题").getAttribute("aria-invalid")).toBe("true");
      await expect.poll(() => page.getByLabel("需求描述").inputValue()).toBe("楼道灯坏了");
      await expect.poll(() => page.getByLabel("需求标题").inputValue()).toBe("修灯");
      await page.context().close();
    }
    expect(db.select().from(needs).all().length).toBe(before);
    expect(db.select().from(needs).where(eq(needs.title, "修灯")).all()).toEqual([]);
  });

  it("a unit liaison posts a resource", async () => {
    const page = await app.signedIn("demo-unit");
    await page.goto(`${app.baseUrl}/resources/new`);
    await page.getByLabel("资源标题").fill(RESOURCE_TITLE);
    await page.getByLabel("资源描述").fill("每周六上午派两名青年员工到社区，手把手教老人用智能手机。");
    await page.getByLabel("资源类型").selectOption("volunteers");
    await page.getByLabel("可服务需求数").fill("2");
    await page.getByLabel("服务半径（公里）").fill("3");
    await page.getByRole("button", { name: "发布", exact: true }).click();
    await page.waitForURL(/\/resources\/\d+\?saved=1/);
    await expect.poll(() => page.locator("main").textContent()).toContain(RESOURCE_TITLE);
    expect(db.select().from(resources).where(eq(resources.title, RESOURCE_TITLE)).get()).toMatchObject({
      capacity: 2,
      serviceRadiusKm: 3,
      status: "open",
      kind: "volunteers",
    });
    await page.context().close();
  });

  it("a street reviewer sees both, without the resident's phone", async () => {
    const page = await app.signedIn("demo-street");
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toContain("总览");
    await page.goto(`${app.baseUrl}/needs?q=${encodeURIComponent("银发课堂")}`);
    // Links are plain anchors that the root's listener turns into client-side navigations, once
    // the page is hydrated (React has attached its props to the anchor, and effects have run).
    await page.waitForFunction(() => {
      const anchor = document.querySelector("main a[data-discover]");
      return anchor !== null && Object.keys(anchor).some((k) => k.startsWith("__reactProps"));
    });
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
    const needsInNav = page
      .getByRole("navigation", { name: "主导航" })
      .getByRole("link", { name: "需求", exact: true });
    expect(await needsInNav.getAttribute("aria-current")).toBe("page");
    await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
    await page.getByRole("link", { name: NEED_TITLE }).click();
    await page.waitForURL(/\/needs\/\d+$/);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe(NEED_TITLE);
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    expect(await needsInNav.getAttribute("aria-current")).toBeNull();
    const text = await page.locator("main").textContent();
    expect(text).toContain("仅所属社区和已达成共建项目的驻区单位可见");
    expect(text).not.toContain("13566667777");
    expect(text).not.toContain("135****7777");
    await page.goto(`${app.baseUrl}/resources?q=${encodeURIComponent("青年志愿者")}`);
    await expect.poll(() => page.getByRole("link", { name: RESOURCE_TITLE }).isVisible()).toBe(true);
    await page.context().close();
  });

  it("the district finds the demo's elderly-care needs by 养老 and by the initials ylfw, best hits first", async () => {
    const page = await app.signedIn("demo-district");
    const districtId = db
      .select({ districtId: users.districtId })
      .from(users)
      .where(eq(users.username, "demo-district"))
      .get()!.districtId!;
    const inDistrict = db
      .select({ title: needs.title, description: needs.description, category: needs.category })
      .from(needs)
      .innerJoin(communities, eq(communities.id, needs.communityId))
      .innerJoin(streets, eq(streets.id, communities.streetId))
      .where(eq(streets.districtId, districtId))
      .all();
    for (const q of ["养老", "ylfw"]) {
      const expected = inDistrict.filter((n) => matchesSearch(n, q));
      // The demo district has several elderly-care needs, and they fit on one page.
      expect(expected.length, q).toBeGreaterThan(1);
      expect(expected.length, q).toBeLessThanOrEqual(PAGE_SIZE);
      await page.goto(`${app.baseUrl}/needs?q=${encodeURIComponent(q)}`);
      const shown = await page.getByRole("list", { name: "需求列表" }).getByRole("heading").allTextContents();
      expect([...shown].sort(), q).toEqual(expected.map((n) => n.title).sort());
      // A need with the words in its title comes before one that has them only elsewhere.
      const titleHits = expected
        .filter((n) => (q === "养老" ? n.title.includes(q) : toPinyin(n.title).initials.includes(q)))
        .map((n) => n.title);
      expect(shown.slice(0, titleHits.length).sort(), q).toEqual([...titleHits].sort());
      await expect.poll(() => page.locator("main").textContent()).toContain(`共 ${expected.length} 条`);
    }
    await page.context().close();
  });

  it("the needs page fits a 375 px phone without horizontal scrolling", async () => {
    const page = await app.signedIn("demo-community", { width: 375 });
    for (const path of [
      "/needs",
      "/needs/new",
      `/needs/${db.select().from(needs).where(like(needs.title, "银发%")).get()!.id}`,
    ]) {
      await page.goto(app.baseUrl + path);
      const widths = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth,
      }));
      expect(widths.scroll, path).toBeLessThanOrEqual(widths.client);
      expect(widths.client, path).toBe(375);
    }
    await page.screenshot({ path: "tests/.tmp/needs-375.png", fullPage: false });
    await page.context().close();
  });
});
