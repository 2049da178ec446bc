/**
 * What matching learned from a district's decisions (decision 045), seen where people read it: the
 * district has served three needs about 「甩线」 (a phrase the lexicon does not know) with the fire
 * station's safety talk; a community worker publishes a new such need in Chromium, the matching
 * worker proposes the talk first, and the proposal says why in the district's own terms.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addEvidence } from "~/models/matching/decision-evidence.server";
import { createResource } from "~/seed/factories";
import { browserApp } from "../support/browser";
import { useFreshDatabase } from "../support/db";
import { createWorld, PASSWORD, type World } from "../support/world";

const app = browserApp();
const db = useFreshDatabase();
let world: World;

const SERVED = [
  ["五楼有人甩线下来充电", "晚上有人从五楼窗口甩线下来给电动车充电，邻居担心起火"],
  ["楼上甩线给电瓶车充电", "二单元有住户甩线到楼下，线就挂在树上"],
  ["窗口甩线的事还是没人管", "一楼门口天天有线从楼上甩下来，下雨天更吓人"],
] as const;

beforeAll(() =>
  app.start({
    matching: true,
    seed: async () => {
      world = await createWorld(db);
      createResource(db, {
        unitId: world.units.A.id,
        title: "消防安全宣传进社区",
        description: "消防员上门讲解用火用电安全，排查楼道火灾隐患",
        category: "安全宣传",
        capacity: 20,
      });
      // Confirmed pairs, as the app records them when both sides accept (0.5 each): the district's
      // other business (old people served by elderly care), then the three about 「甩线」.
      const served = (title: string, description: string, category: string) =>
        addEvidence(db, { districtId: world.district.id, title, description, category }, 1, 0);
      for (const text of ["老人想有人常来看看", "子女在外地老人没人照顾", "老两口年纪大了想有人陪"])
        served(text, `${text}，希望有志愿者帮忙`, "养老服务");
      for (const [title, description] of SERVED) served(title, description, "安全宣传");
    },
  }),
);
afterAll(() => app.close());

describe.runIf(app.available)("learned reasons in the browser", () => {
  it("proposes the kind of resource that served such wording, saying so", async () => {
    const page = await app.signedIn("comm-a", { password: PASSWORD });
    await page.goto(`${app.baseUrl}/needs/new`);
    await page.getByLabel("需求标题").fill("三楼有人从窗口甩线下来");
    await page.getByLabel("需求描述").fill("一到晚上就有人从窗口甩线下来接到楼下，大家看着心慌");
    await page.getByRole("button", { name: "发布", exact: true }).click();
    await page.waitForURL(/\/needs\/\d+\?saved=1/);
    await expect
      .poll(() => page.getByTestId("proposal").count(), { timeout: 20_000, interval: 500 })
      .toBeGreaterThan(0);
    const first = page.getByTestId("proposal").first();
    expect(await first.textContent()).toContain("消防安全宣传进社区");
    expect(await first.textContent()).toContain("本区以往 3 个类似需求由此类资源承接");
  });
});
