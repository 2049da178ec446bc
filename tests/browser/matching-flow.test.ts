import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { needs, projects, proposals, resources } from "#db/schema";
import { seedDemoDistrict } from "~/seed/seed";
import { browserApp } from "../support/browser";
import { useFreshDatabase } from "../support/db";
import { createUser } from "~/seed/factories";

const app = browserApp();
const db = useFreshDatabase();

beforeAll(() => app.start({ seed: () => seedDemoDistrict(db), matching: true }));
afterAll(() => app.close());

const NEED_TITLE = "独居老人希望有志愿者每周上门陪伴聊天";

describe.runIf(app.available)("matching in a real browser", () => {
  it("a community and a unit confirm a proposal made by the matching worker", async () => {
    const community = await app.signedIn("demo-community");
    await community.goto(`${app.baseUrl}/needs/new`);
    await community.getByLabel("需求标题").fill(NEED_TITLE);
    await community
      .getByLabel("需求描述")
      .fill("5号楼有三位独居老人，子女不在身边，希望每周有志愿者上门陪老人聊聊天、读读报。");
    await community.getByRole("button", { name: "发布", exact: true }).click();
    await community.waitForURL(/\/needs\/\d+\?saved=1/);
    const needId = Number(new URL(community.url()).pathname.split("/")[2]);

    // The worker matches the new need at once; while its request is pending the page says so and
    // reloads its data by itself, so the proposals appear without a reload.
    await expect
      .poll(() => community.getByTestId("proposal").count(), { timeout: 20_000, interval: 500 })
      .toBeGreaterThan(0);
    expect(await community.getByTestId("need-matching-status").count()).toBe(0);
    const first = community.getByTestId("proposal").first();
    expect(await first.textContent()).toMatch(/匹配度 \d+%/);
    expect(await first.textContent()).toMatch(/距离 [\d.]+ 公里/);
    await first.getByRole("button", { name: "接受" }).click();
    await expect.poll(() => community.getByTestId("proposal").first().textContent()).toContain("社区已接受");
    // The side that decided no longer sees 接受/拒绝; it may take its acceptance back until the unit decides.
    const decided = community.getByTestId("proposal").first();
    expect(await decided.getByRole("button", { name: "接受", exact: true }).count()).toBe(0);
    expect(await decided.getByRole("button", { name: "拒绝", exact: true }).count()).toBe(0);
    await decided.getByRole("button", { name: "撤回接受" }).click();
    await expect.poll(() => decided.getByRole("button", { name: "接受", exact: true }).count()).toBe(1);
    await decided.getByRole("button", { name: "接受", exact: true }).click();
    await expect.poll(() => decided.textContent()).toContain("本方已接受");

    const accepted = db
      .select()
      .from(proposals)
      .where(eq(proposals.needId, needId))
      .all()
      .find((p) => p.communityDecision === "accepted")!;
    const resource = db.select().from(resources).where(eq(resources.id, accepted.resourceId)).get()!;
    await createUser(db, { role: "unit", username: "liaison-e2e", password: "liaison-pass", unitId: resource.unitId });

    const unit = await app.signedIn("liaison-e2e", { password: "liaison-pass" });
    await unit.goto(`${app.baseUrl}/proposals`);
    const card = unit.getByTestId("proposal").filter({ hasText: NEED_TITLE });
    await expect.poll(() => card.count()).toBe(1);
    // The card names the need it is for, linked to it.
    expect(await card.getByTestId("proposal-need").getByRole("link", { name: NEED_TITLE }).count()).toBe(1);
    await card.getByRole("button", { name: "接受", exact: true }).click();
    await expect
      .poll(() => db.select().from(proposals).where(eq(proposals.id, accepted.id)).get()!.status)
      .toBe("confirmed");
    await unit.goto(`${app.baseUrl}/proposals/${accepted.id}`);
    await expect.poll(() => unit.locator("main").textContent()).toContain("已确认");

    expect(db.select().from(needs).where(eq(needs.id, needId)).get()!.status).toBe("matched");
    expect(db.select().from(resources).where(eq(resources.id, resource.id)).get()!.usedCapacity).toBe(
      resource.usedCapacity + 1,
    );
    expect(db.select().from(projects).where(eq(projects.proposalId, accepted.id)).get()).toMatchObject({
      status: "draft",
      title: NEED_TITLE,
    });

    await community.goto(`${app.baseUrl}/needs/${needId}`);
    await expect.poll(() => community.locator("main").textContent()).toContain("已匹配");
    // The unit follows the need's link from its draft project (no longer open, still its to read).
    const projectId = db.select().from(projects).where(eq(projects.proposalId, accepted.id)).get()!.id;
    await unit.goto(`${app.baseUrl}/projects/${projectId}`);
    await unit.getByRole("link", { name: NEED_TITLE }).first().click();
    await unit.waitForURL(new RegExp(`/needs/${needId}$`));
    await expect.poll(() => unit.locator("h1").textContent()).toBe(NEED_TITLE);
    await community.context().close();
    await unit.context().close();
  });

  it("a street reviewer starts a rematch and watches the progress bar finish", async () => {
    const street = await app.signedIn("demo-street");
    await street.goto(`${app.baseUrl}/matching`);
    await street.getByRole("button", { name: "重新匹配本街道" }).click();
    await expect
      .poll(() => street.getByTestId("match-run").textContent(), { timeout: 30_000, interval: 500 })
      .toContain("已完成");
    expect(await street.locator("#run-progress").getAttribute("value")).toBe("100");
    await expect.poll(() => street.getByRole("table").locator("tbody tr").count()).toBeGreaterThan(0);
    await street.context().close();
  });
});
