import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { activityRecords, agreements, needs, projects, proposals, resources } from "#db/schema";
import { seedDemoDistrict } from "~/seed/seed";
import { browserApp } from "../support/browser";
import { useFreshDatabase } from "../support/db";
import { createUser } from "~/seed/factories";
import { JPEG } from "../integration/activity-records-fixtures";

/**
 * The whole co-building chain, clicked through by the three parties in a real browser:
 * need → proposal → both accept → joint meeting approves → the street approves the project's
 * publication text and publishes → agreement signed by both → activity recorded and confirmed →
 * project completed → the public notice shows that text without any resident's personal data.
 */
const app = browserApp();
const db = useFreshDatabase();

beforeAll(() => app.start({ seed: () => seedDemoDistrict(db), matching: true }));
afterAll(() => app.close());

const main = (page: Page) => page.locator("main").textContent();

const NEED_TITLE = "高龄独居老人需要志愿者每周上门陪伴";
const CONTACT_NAME = "欧阳秀梅";
const CONTACT_PHONE = "13987654321";
const PLACE = "12号楼3单元";
const PUBLIC_TEXT = "党员志愿者每周上门陪伴社区高龄独居老人，聊天读报、帮忙买菜。";

async function signAgreement(page: Page, agreementId: number, name: string) {
  await page.goto(`${app.baseUrl}/agreements/${agreementId}`);
  const form = page.getByRole("form", { name: "签署协议" });
  await form.getByLabel("签署人姓名").fill(name);
  await form.getByLabel("我已阅读并同意").check();
  await form.getByRole("button", { name: "确认签署" }).click();
}

describe.runIf(app.available)("the whole chain of a co-building project", () => {
  it("runs from a resident's need to a published, completed project", async () => {
    // 1. The community posts a need, with the resident's contact details.
    const community = await app.signedIn("demo-community");
    await community.goto(`${app.baseUrl}/needs/new`);
    await community.getByLabel("需求标题").fill(NEED_TITLE);
    await community
      .getByLabel("需求描述")
      .fill("12号楼有两位八十多岁的独居老人，子女在外地，希望有志愿者每周上门陪老人聊天、读报、帮忙买菜。");
    // The demo community has grids: the need goes in one, the place keeps the building and door.
    await community.getByLabel("所属网格").selectOption({ label: "3号网格" });
    await community.getByLabel("地点（单元、门牌等）").fill(PLACE);
    await community.getByLabel("联系人姓名").fill(CONTACT_NAME);
    await community.getByLabel("联系电话").fill(CONTACT_PHONE);
    await community.getByRole("button", { name: "发布", exact: true }).click();
    await community.waitForURL(/\/needs\/\d+\?saved=1/);
    const needId = Number(new URL(community.url()).pathname.split("/")[2]);
    expect(await community.getByTestId("need-grid").textContent()).toBe("3号网格");

    // 2. The matching worker proposes; both sides accept.
    await expect
      .poll(
        async () => {
          await community.reload();
          return community.getByTestId("proposal").count();
        },
        { timeout: 20_000, interval: 500 },
      )
      .toBeGreaterThan(0);
    await community.getByTestId("proposal").first().getByRole("button", { name: "接受" }).click();
    await expect.poll(() => community.getByTestId("proposal").first().textContent()).toContain("社区已接受");
    const accepted = db
      .select()
      .from(proposals)
      .where(eq(proposals.needId, needId))
      .all()
      .find((p) => p.communityDecision === "accepted")!;
    const resource = db.select().from(resources).where(eq(resources.id, accepted.resourceId)).get()!;
    await createUser(db, {
      role: "unit",
      username: "chain-liaison",
      displayName: "赵强",
      password: "liaison-pass",
      unitId: resource.unitId,
    });
    const unit = await app.signedIn("chain-liaison", { password: "liaison-pass" });
    await unit.goto(`${app.baseUrl}/proposals`);
    const card = unit.getByTestId("proposal").filter({ hasText: NEED_TITLE });
    await card.getByRole("button", { name: "接受" }).click();
    await expect
      .poll(() => db.select().from(proposals).where(eq(proposals.id, accepted.id)).get()!.status)
      .toBe("confirmed");
    const project = db.select().from(projects).where(eq(projects.proposalId, accepted.id)).get()!;
    expect(project.status).toBe("draft");

    // Before approval the unit sees no contact details of the resident.
    await unit.goto(`${app.baseUrl}/projects/${project.id}`);
    expect(await main(unit)).not.toContain(CONTACT_PHONE);

    // A draft made from a proposal has no goals or term yet: the community fills them in, since a
    // meeting approves only a project with both (decision 031).
    await community.goto(`${app.baseUrl}/projects/${project.id}/edit`);
    await community.getByLabel("项目目标").fill("志愿者每周上门陪伴独居老人，坚持一个季度");
    await community.getByLabel("计划开始日期").fill("2026-12-10");
    await community.getByLabel("计划结束日期").fill("2027-03-10");
    await community.getByRole("button", { name: "保存" }).click();
    await expect
      .poll(() => db.select().from(projects).where(eq(projects.id, project.id)).get()!.endDate)
      .toBe("2027-03-10");

    // 3. The street reviewer convenes a joint meeting; its agenda holds the draft project.
    const street = await app.signedIn("demo-street");
    await street.goto(`${app.baseUrl}/meetings/new`);
    await street.locator('input[type="datetime-local"]').fill("2026-12-05T14:30");
    await street.getByLabel("会议地点").fill("街道党群服务中心二楼会议室");
    await street.locator("label.meeting-unit-choice").first().locator("input").check();
    await street.getByRole("button", { name: "安排会议" }).click();
    await street.waitForURL(/\/meetings\/\d+(\?|$)/);
    const meetingPath = new URL(street.url()).pathname;
    const decision = street.getByRole("form", { name: `议题决定：${NEED_TITLE}` });
    await decision.getByRole("button", { name: "通过", exact: true }).click();
    await expect
      .poll(() => db.select().from(projects).where(eq(projects.id, project.id)).get()!.status)
      .toBe("approved");
    await street.getByRole("button", { name: "标记为已召开" }).click();
    // Publishing waits for the project's publication text: the only words the public page prints about it.
    await street.getByRole("button", { name: "发布通报" }).click();
    await expect.poll(() => street.getByRole("alert").first().textContent()).toContain("还没有审定公示文本");
    await street.getByTestId("publication-text-status").getByRole("link", { name: "编写并审定" }).click();
    const textForm = street.getByRole("form", { name: "审定公示文本" });
    const textBox = textForm.getByLabel("公示文本");
    // The form starts from the project with the resident's details hidden, and refuses them typed back in.
    await expect.poll(() => textBox.inputValue()).toContain(NEED_TITLE);
    expect(await textBox.inputValue()).not.toContain("12号楼");
    await textBox.fill(`${NEED_TITLE}\n志愿者每周上门陪伴，联系人${CONTACT_NAME} ${CONTACT_PHONE}`);
    await textForm.getByRole("button", { name: "审定公示文本" }).click();
    await expect.poll(() => textForm.getByRole("alert").textContent()).toContain("含有居民个人信息");
    expect(db.select().from(projects).where(eq(projects.id, project.id)).get()!.publicationText).toBeNull();
    await textBox.fill(`${NEED_TITLE}\n${PUBLIC_TEXT}`);
    await textForm.getByRole("button", { name: "审定公示文本" }).click();
    await street.waitForURL(/\/publication\?saved=1/);
    await street.goto(app.baseUrl + meetingPath);
    await street.getByRole("button", { name: "发布通报" }).click();
    const publicLink = street.getByRole("region", { name: "公示" }).getByRole("link", { name: /^\/p\// });
    await expect.poll(() => publicLink.count()).toBe(1);
    const publicPath = (await publicLink.textContent())!;
    expect(new URL(street.url()).pathname).toBe(meetingPath);

    // 4. An agreement is generated and signed by both parties, in either order.
    await community.goto(`${app.baseUrl}/projects/${project.id}/agreements`);
    await community.getByRole("button", { name: "生成协议草稿" }).click();
    await expect
      .poll(() => db.select().from(agreements).where(eq(agreements.projectId, project.id)).all().length)
      .toBe(1);
    const agreementId = db.select().from(agreements).where(eq(agreements.projectId, project.id)).get()!.id;
    await signAgreement(unit, agreementId, "赵强");
    await expect
      .poll(() => db.select().from(agreements).where(eq(agreements.id, agreementId)).get()!.unitSignerName)
      .toBe("赵强");
    await signAgreement(community, agreementId, "李敏");
    await expect
      .poll(() => db.select().from(agreements).where(eq(agreements.id, agreementId)).get()!.status)
      .toBe("effective");
    expect(db.select().from(projects).where(eq(projects.id, project.id)).get()!.status).toBe("agreement_signed");

    // Now a party to an agreed project, the unit sees whom to call.
    await unit.goto(`${app.baseUrl}/needs/${needId}`);
    expect(await main(unit)).toContain(CONTACT_PHONE);

    // 5. The unit records an activity with a photo; the community confirms it.
    await unit.goto(`${app.baseUrl}/projects/${project.id}/records`);
    await unit.getByLabel("活动日期").fill("2026-11-28");
    await unit.getByLabel("共建形式").selectOption({ index: 1 });
    await unit.getByLabel("活动地点").fill("12号楼3单元老人家中");
    await unit.getByLabel("参与党员（人次）").fill("4");
    await unit.getByLabel("服务群众（人次）").fill("2");
    await unit.getByLabel("活动时长（小时）").fill("3");
    await unit.getByLabel("活动内容").fill("四名党员志愿者上门陪两位老人聊天读报，帮忙采购一周的蔬菜和药品。");
    await unit
      .getByLabel("活动照片")
      .setInputFiles({ name: "visit.jpg", mimeType: "image/jpeg", buffer: Buffer.from(JPEG) });
    await unit.getByRole("button", { name: "提交记实，请对方确认" }).click();
    await expect
      .poll(() => db.select().from(activityRecords).where(eq(activityRecords.projectId, project.id)).all().length, {
        timeout: 15_000,
      })
      .toBe(1);
    const record = db.select().from(activityRecords).where(eq(activityRecords.projectId, project.id)).get()!;
    await community.goto(`${app.baseUrl}/records/${record.id}`);
    await community.getByRole("button", { name: "确认", exact: true }).click();
    await expect
      .poll(() => db.select().from(activityRecords).where(eq(activityRecords.id, record.id)).get()!.status)
      .toBe("confirmed");
    expect(db.select().from(projects).where(eq(projects.id, project.id)).get()!.status).toBe("in_progress");

    // 6. The community marks the project completed; the timeline tells the whole story.
    await community.goto(`${app.baseUrl}/projects/${project.id}`);
    await community.getByRole("button", { name: "标记项目完成" }).click();
    await expect
      .poll(() => db.select().from(projects).where(eq(projects.id, project.id)).get()!.status)
      .toBe("completed");
    await community.reload();
    const page = (await main(community))!;
    expect(page).toContain("联席会议审议通过");
    expect(page).toContain("首次活动记实经双方确认");
    expect(db.select().from(needs).where(eq(needs.id, needId)).get()!.status).toBe("fulfilled");

    // 7. Anyone, without an account, reads the notice: the project is there, the resident is not.
    const anonymous = await app.browser.newContext({ locale: "zh-CN" });
    const visitor = await anonymous.newPage();
    const response = await visitor.goto(app.baseUrl + publicPath);
    expect(response?.status()).toBe(200);
    expect(new URL(visitor.url()).pathname).toBe(publicPath);
    const html = await visitor.content();
    expect(html).toContain(NEED_TITLE);
    expect(html).toContain(PUBLIC_TEXT);
    for (const secret of [CONTACT_NAME, CONTACT_PHONE, PLACE, "12号楼"]) expect(html).not.toContain(secret);

    await anonymous.close();
    for (const p of [community, unit, street]) await p.context().close();
  });
});
