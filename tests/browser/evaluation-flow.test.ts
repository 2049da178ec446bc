import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, inArray } from "drizzle-orm";
import { activityRecords, ballots, evaluations, opinions, projects, units } from "#db/schema";
import { seedDemoDistrict } from "~/seed/seed";
import { seedDemoProjects } from "~/seed/seed-projects";
import { browserApp } from "../support/browser";
import { useFreshDatabase } from "../support/db";

/**
 * A community evaluates the unit it worked with: five residents vote from their phones, a used
 * ballot is refused, the platform drafts the opinion from the confirmed records and the votes,
 * the community issues it and the street endorses it.
 */
const app = browserApp();
const db = useFreshDatabase();
let ids: Awaited<ReturnType<typeof seedDemoDistrict>>;

beforeAll(() =>
  app.start({
    seed: async () => {
      ids = await seedDemoDistrict(db);
      await seedDemoProjects(db, ids);
    },
  }),
);
afterAll(() => app.close());

const VOTES = [
  { ratings: ["5", "5", "5"], grade: "好", comment: "志愿者每周都来，老人们很高兴。" },
  { ratings: ["5", "4", "5"], grade: "好", comment: "" },
  { ratings: ["4", "4", "4"], grade: "较好", comment: "希望周末也能来。" },
  { ratings: ["5", "5", "4"], grade: "好", comment: "" },
  { ratings: ["3", "4", "4"], grade: "较好", comment: "" },
];

/** What the opinion must report: the demo unit's confirmed records with the demo community. */
function confirmedFigures() {
  const projectIds = db
    .select({ id: projects.id })
    .from(projects)
    .where(eq(projects.communityId, ids.communityId))
    .all()
    .map((p) => p.id);
  const rows = db
    .select()
    .from(activityRecords)
    .where(
      and(
        inArray(activityRecords.projectId, projectIds),
        eq(activityRecords.unitId, ids.unitId),
        eq(activityRecords.status, "confirmed"),
      ),
    )
    .all();
  return {
    records: rows.length,
    partyMembers: rows.reduce((s, r) => s + r.partyMembers, 0),
    residentsServed: rows.reduce((s, r) => s + r.residentsServed, 0),
  };
}

describe.runIf(app.available)("evaluating a unit", () => {
  it("runs from ballots on phones to an opinion endorsed by the street", async () => {
    const unitName = db.select({ name: units.name }).from(units).where(eq(units.id, ids.unitId)).get()!.name;
    const community = await app.signedIn("demo-community");
    await community.goto(`${app.baseUrl}/evaluations/new`);
    await community.getByLabel("被评议的驻区单位").selectOption(String(ids.unitId));
    await community.getByLabel("发放评议票（张）").fill("5");
    await community.getByRole("button", { name: /发起评议/ }).click();
    await expect.poll(() => community.getByTestId("ballot-card").count(), { timeout: 15_000 }).toBe(5);
    const links = await community.locator(".ballot-url").allTextContents();
    expect(links).toHaveLength(5);
    const evaluation = db.select().from(evaluations).where(eq(evaluations.unitId, ids.unitId)).get()!;
    // Only hashes are kept: no ballot link's token is anywhere in the ballots table.
    const stored = JSON.stringify(db.select().from(ballots).all());
    for (const link of links) expect(stored).not.toContain(link.split("/b/")[1]);

    // Five residents vote on phone-sized screens, without an account.
    const phone = await app.browser.newContext({
      viewport: { width: 375, height: 740 },
      locale: "zh-CN",
      isMobile: true,
    });
    const voter = await phone.newPage();
    for (const [i, vote] of VOTES.entries()) {
      await voter.goto(links[i]!);
      expect(await voter.locator("main").textContent()).toContain(unitName);
      for (const [k, legend] of ["参与积极性", "服务实效", "群众满意度"].entries()) {
        await voter.getByRole("group", { name: legend }).getByLabel(vote.ratings[k]!, { exact: true }).check();
      }
      await voter.getByRole("group", { name: "总体评价" }).getByLabel(vote.grade, { exact: true }).check();
      if (vote.comment) await voter.getByLabel("意见建议（选填）").fill(vote.comment);
      await voter.getByRole("button", { name: "提交评议" }).click();
      await expect.poll(() => voter.locator("main").textContent()).toContain("投票成功");
    }
    expect(await voter.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

    // The first link again: refused, and nothing changes.
    await voter.goto(links[0]!);
    expect(await voter.locator("main").textContent()).toContain("此评议票已经投过");
    expect(
      db
        .select()
        .from(ballots)
        .where(eq(ballots.evaluationId, evaluation.id))
        .all()
        .filter((b) => b.votedAt).length,
    ).toBe(5);
    await phone.close();

    // The community closes the evaluation and has the opinion drafted.
    await community.goto(`${app.baseUrl}/evaluations/${evaluation.id}`);
    await community.getByRole("button", { name: "结束评议" }).click();
    await expect
      .poll(() => db.select().from(evaluations).where(eq(evaluations.id, evaluation.id)).get()!.status)
      .toBe("closed");
    await community.goto(`${app.baseUrl}/evaluations/${evaluation.id}/opinion`);
    await community.getByRole("button", { name: "生成评议意见草稿" }).click();
    const body = community.getByLabel("评议意见正文");
    await expect.poll(() => body.count()).toBe(1);
    const text = await body.inputValue();
    const figures = confirmedFigures();
    expect(figures.records).toBeGreaterThan(0);
    expect(text).toContain(`经双方确认的活动记实共 ${figures.records} 次`);
    expect(text).toContain(`单位党员参与 ${figures.partyMembers} 人次`);
    expect(text).toContain(`服务居民 ${figures.residentsServed} 人次`);
    expect(text).toContain("发放评议票 5 张，收回有效票 5 张");
    expect(text).toContain("志愿者每周都来");
    await community.getByRole("button", { name: "出具评议意见" }).click();
    await expect
      .poll(() => db.select().from(opinions).where(eq(opinions.evaluationId, evaluation.id)).get()?.status)
      .toBe("issued");

    // The street reviewer endorses it; from then on it is final.
    const street = await app.signedIn("demo-street");
    await street.goto(`${app.baseUrl}/evaluations/${evaluation.id}/opinion`);
    await street.getByRole("region", { name: "街道审核" }).getByRole("button", { name: "审核通过" }).click();
    await expect
      .poll(() => db.select().from(opinions).where(eq(opinions.evaluationId, evaluation.id)).get()?.status)
      .toBe("endorsed");
    const opinion = db.select().from(opinions).where(eq(opinions.evaluationId, evaluation.id)).get()!;
    expect(opinion.grade).toBe("good");
    await street.goto(`${app.baseUrl}/units/${ids.unitId}`);
    expect(await street.locator("main").textContent()).toContain("评定等级：好");

    for (const p of [community, street]) await p.context().close();
  });
});
