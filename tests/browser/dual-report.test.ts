/**
 * 双报到双服务 end to end in a real browser, on the demo district (issue 14; decision 041): the
 * demo unit's liaison registers a member; the member confirms from a 375 px phone through the
 * personal link; the community confirms the report and publishes an activity for today; the member
 * signs up, checks in by the activity's QR code, and the community confirms the hours; the unit's
 * record and the street's review dashboard then count them, and the unit's workbook of its members'
 * records, downloaded by the browser, holds the member's hours.
 */
import ExcelJS from "exceljs";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { activitySignups, partyMembers, users } from "#db/schema";
import { seedDemoDistrict } from "~/seed/seed";
import { hoursText } from "~/models/evaluations/opinion-draft";
import { unitServiceFigures } from "~/models/service/service-record.server";
import { chinaToday } from "~/utils/china-time";
import { browserApp } from "../support/browser";
import { useFreshDatabase } from "../support/db";

const app = browserApp();
const db = useFreshDatabase();

beforeAll(() => app.start({ seed: () => seedDemoDistrict(db) }));
afterAll(() => app.close());

const NAME = "欧阳明远";
const PHONE = "13912340001";
const ACTIVITY = "楼道消防器材检查";

describe.runIf(app.available)("a member's report and service, clicked through", () => {
  it("goes from the liaison's registration to confirmed hours on the unit's record and the review", async () => {
    const liaison = await app.signedIn("demo-unit");
    const unitId = db.select().from(users).where(eq(users.username, "demo-unit")).get()!.unitId!;
    await liaison.goto(`${app.baseUrl}/members`);
    await liaison.getByLabel("姓名").fill(NAME);
    await liaison.getByLabel("手机号").fill(PHONE);
    await liaison.getByLabel("居住社区").selectOption({ label: "东城街道 · 幸福里社区" });
    await liaison.getByRole("button", { name: "登记并生成链接" }).click();
    const link = (await liaison.getByTestId("issued-link").locator(".qr-url").textContent())!.trim();
    expect(link).toMatch(/\/m\/[A-Za-z0-9_-]{32}$/);

    // The member, on their phone, with no account yet: the link is all they have.
    const phone = await app.browser.newContext({ viewport: { width: 375, height: 740 }, locale: "zh-CN" });
    const member = await phone.newPage();
    await member.goto(link);
    await expect.poll(() => member.getByRole("heading", { level: 1 }).textContent()).toBe(`${NAME}同志，您好`);
    await member.getByRole("button", { name: "确认报到" }).click();
    await member.waitForURL(/\/member\?welcome=1/);
    await expect.poll(() => member.getByTestId("member-status").textContent()).toBe("待社区确认");
    expect(await member.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

    const community = await app.signedIn("demo-community");
    await community.goto(`${app.baseUrl}/members?status=member_confirmed`);
    const row = community.getByRole("row", { name: new RegExp(NAME) });
    await row.getByRole("button", { name: "确认报到" }).click();
    await expect
      .poll(() => db.select().from(partyMembers).where(eq(partyMembers.phone, PHONE)).get()?.status)
      .toBe("reported");

    const today = chinaToday();
    await community.goto(`${app.baseUrl}/service`);
    const form = community.locator("form", { has: community.getByRole("button", { name: "发布活动" }) });
    await form.getByLabel("活动名称").fill(ACTIVITY);
    await form.getByLabel("活动地点").fill("幸福里小区3号楼");
    await form.getByLabel("活动日期").fill(today);
    await form.getByLabel("开始时间").fill("08:00");
    await form.getByLabel("计划时长（小时）").fill("2");
    await form.getByLabel("名额").fill("5");
    await form.getByRole("button", { name: "发布活动" }).click();
    await community.waitForURL(/\/service\/activities\/\d+\?done=created$/);
    const activityPage = community.url().split("?")[0]!;

    await member.goto(`${app.baseUrl}/member/service`);
    await member.getByRole("listitem").filter({ hasText: ACTIVITY }).getByRole("button", { name: "报名" }).click();
    await expect.poll(() => member.locator("main").textContent()).toContain("我已报名");

    await community.goto(`${activityPage}/qr`);
    const checkInUrl = (await community.getByTestId("check-in-url").textContent())!.trim();
    // Scanning the code is opening its address on the member's phone.
    await member.goto(checkInUrl);
    await expect.poll(() => member.locator("main").textContent()).toContain("签到成功");

    await community.goto(activityPage);
    const signup = community.getByTestId("signup-row").filter({ hasText: NAME });
    await signup.getByRole("spinbutton").fill("2.5");
    await signup.getByRole("button", { name: "确认工时" }).click();
    await expect.poll(() => signup.textContent()).toContain("2.5 小时（已确认）");
    const memberId = db.select().from(partyMembers).where(eq(partyMembers.phone, PHONE)).get()!.id;
    expect(db.select().from(activitySignups).where(eq(activitySignups.memberId, memberId)).get()).toMatchObject({
      checkInMethod: "qr",
      hours: 2.5,
    });

    await member.goto(`${app.baseUrl}/member/record`);
    await expect.poll(() => member.getByTestId("record-hours").textContent()).toBe("2.5");

    // The unit's record counts its members: the demo's three (one still to confirm) and this one.
    const year = Number(today.slice(0, 4));
    const hours = unitServiceFigures([unitId], year).get(unitId)!.confirmedHours;
    expect(hours).toBeGreaterThanOrEqual(2.5);
    await liaison.goto(`${app.baseUrl}/units/${unitId}`);
    const figures = liaison.getByTestId("unit-member-figures");
    await expect.poll(() => figures.textContent()).toContain("登记在职党员4 名已到社区报到3 名");
    await expect.poll(() => figures.textContent()).toContain(`经社区确认服务工时${hoursText(hours)} 小时`);

    // The street's review ranks the unit with the same figures.
    const street = await app.signedIn("demo-street");
    await street.goto(`${app.baseUrl}/review`);
    const unitRow = street.locator("#ranking-units tr", { has: street.locator(`a[href="/units/${unitId}"]`) });
    await expect
      .poll(async () => (await unitRow.locator("td").allTextContents()).slice(-4))
      .toEqual(["4", "3", String(unitServiceFigures([unitId], year).get(unitId)!.active), hours.toFixed(1)]);

    await liaison.goto(`${app.baseUrl}/members/records`);
    const [download] = await Promise.all([
      liaison.waitForEvent("download"),
      liaison.getByRole("link", { name: "导出 Excel" }).click(),
    ]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(
      readFileSync((await download.path())!) as unknown as Parameters<typeof workbook.xlsx.load>[0],
    );
    const rows = workbook.worksheets[0]!.getSheetValues().map((r) => (Array.isArray(r) ? r.slice(1) : []));
    expect(rows).toContainEqual([NAME, PHONE, "幸福里社区", "已报到", 0, 1, 2.5]);
    await Promise.all([
      liaison.context().close(),
      community.context().close(),
      street.context().close(),
      phone.close(),
    ]);
  });
});
