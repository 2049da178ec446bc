/**
 * /review through the real server: who may see which street's review, the district's comparison
 * and drill-down, the period form's Chinese errors (typed values kept), and the ranking tables
 * sorted by the loader when a header link is followed (so sorting works without JavaScript), and
 * long tables and flag lists shown a page at a time.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activityRecords } from "#db/schema";
import { useFreshDatabase } from "../support/db";
import { createCommunity, createNeed, createProject, createResource, createUnit } from "~/seed/factories";
import { Client, type TestServer } from "../support/server";
import type { World } from "../support/world";
import { startWorldServer } from "../support/world-server";

const db = useFreshDatabase();
let world: World;
let server: TestServer;
let as: Record<"communityA" | "unitA" | "streetA" | "streetB" | "district" | "otherDistrict" | "admin", Client>;

beforeAll(async () => {
  const logins = {
    communityA: "comm-a",
    unitA: "unit-a",
    streetA: "street-a",
    streetB: "street-b",
    district: "district",
    otherDistrict: "district-other",
    admin: "admin-user",
  };
  ({ world, server, as } = await startWorldServer(db, logins, {
    beforeStart: (world) => {
      // 光明社区 matches its one need, 幸福里社区 none of its own: a ranking with a clear order.
      const project = createProject(db, {
        communityId: world.communities.A2.id,
        status: "in_progress",
        needIds: [world.needs.A2.id],
        resources: [{ resourceId: world.resources.A.id, unitId: world.units.A.id }],
      });
      createCommunity(db, { streetId: world.streets.A.id, name: "阳光社区" });
      createNeed(db, { communityId: world.communities.A.id, title: "楼道灯维修" });
      createResource(db, { unitId: world.units.A.id });
      // 25 units in 东城街道: more than one page of the unit ranking (20 a page).
      for (let i = 1; i <= 24; i++)
        createUnit(db, { streetId: world.streets.A.id, name: `楼宇党建单位${String(i).padStart(2, "0")}` });
      db.insert(activityRecords)
        .values({
          projectId: project.id,
          unitId: world.units.A.id,
          recordedBy: world.users.unitA.id,
          recordedSide: "unit",
          date: new Date().toISOString().slice(0, 10),
          form: "joint_activity",
          place: "光明社区",
          partyMembers: 3,
          residentsServed: 12,
          hours: 2,
          summary: "清理楼道",
          status: "confirmed",
        })
        .run();
    },
  }));
  // Password hashing for ten accounts and seven sign-ins is slow on a busy machine.
}, 60_000);
afterAll(async () => server?.close());

const page = async (who: keyof typeof as, path: string) => {
  const res = await as[who].get(path);
  return { status: res.status, html: await res.text() };
};
/** The names in the order a table lists them. */
const order = (html: string, names: string[]) => [...names].sort((a, b) => html.indexOf(a) - html.indexOf(b));
const tableHtml = (html: string, testId: string) =>
  html.slice(
    html.indexOf(`data-testid="${testId}"`),
    html.indexOf("</table>", html.indexOf(`data-testid="${testId}"`)),
  );

describe("who sees which review", () => {
  it("shows a street reviewer their own street only", async () => {
    const { status, html } = await page("streetA", "/review");
    expect(status).toBe(200);
    expect(html).toContain("东城街道述职评议考核");
    expect(html).toContain("幸福里社区");
    expect(html).toContain("区人民医院");
    expect(html).not.toContain("西湖社区");
    expect(html).not.toContain("市第三中学");
    expect(html).toContain('data-testid="chart-communities"');
    expect(html).toContain('data-testid="chart-units"');
    expect(html).not.toContain('data-testid="chart-streets"');
  });

  it("refuses another street's review through ?streetId, and unknown streets", async () => {
    expect((await page("streetB", `/review?streetId=${world.streets.A.id}`)).status).toBe(403);
    expect((await page("streetA", `/review?streetId=${world.streets.A.id}`)).status).toBe(200);
    expect((await page("streetA", "/review?streetId=999999")).status).toBe(404);
  });

  it("refuses communities, units and administrators; sends visitors to sign in", async () => {
    for (const who of ["communityA", "unitA", "admin"] as const)
      expect((await page(who, "/review")).status, who).toBe(403);
    const anonymous = await new Client(server.baseUrl).get("/review");
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toBe("/login?redirectTo=%2Freview");
  });

  it("shows the district its streets compared, drills into one of them, and refuses streets of other districts", async () => {
    const { status, html } = await page("district", "/review");
    expect(status).toBe(200);
    expect(html).toContain("各街道比较");
    expect(html).toContain('data-testid="chart-streets"');
    const streets = tableHtml(html, "ranking-streets");
    expect(streets).toContain("东城街道");
    expect(streets).toContain("西湖街道");
    expect(html).not.toContain("邻区街道");

    const drilled = await page("district", `/review?streetId=${world.streets.B.id}`);
    expect(drilled.status).toBe(200);
    expect(drilled.html).toContain("西湖街道述职评议考核");
    expect(drilled.html).toContain("西湖社区");
    expect(drilled.html).not.toContain("幸福里社区");

    expect((await page("district", `/review?streetId=${world.streets.C.id}`)).status).toBe(403);
    expect((await page("otherDistrict", `/review?streetId=${world.streets.A.id}`)).status).toBe(403);
    const other = await page("otherDistrict", "/review");
    expect(other.status).toBe(200);
    expect(other.html).toContain("邻区街道");
    expect(other.html).not.toContain("东城街道");
  });
});

describe("the period", () => {
  it("reports wrong custom dates next to their fields, keeps what was typed, and shows the year meanwhile", async () => {
    const { status, html } = await page("streetA", "/review?year=2026&from=2026-05-01&to=2026-01-31");
    expect(status).toBe(200);
    expect(html).toContain("结束日期不能早于开始日期");
    expect(html).toMatch(/id="review-to"[^>]*aria-invalid="true"/);
    expect(html).toContain('value="2026-05-01"');
    expect(html).toContain('value="2026-01-31"');
    expect(html).toContain("2026年度");

    expect((await page("streetA", "/review?from=2026-02-30&to=2026-03-01")).html).toContain("开始日期不是有效日期");
    expect((await page("streetA", "/review?from=2026-02-01")).html).toContain("请同时填写结束日期");
    expect((await page("streetA", "/review?year=1999")).html).toContain("年度不能早于 2000 年");
  });

  it("uses valid custom dates", async () => {
    const { html } = await page("streetA", "/review?from=2026-03-01&to=2026-06-30");
    expect(html).toContain("2026年3月1日至2026年6月30日");
  });
});

describe("ranking tables", () => {
  it("sort by the column whose header link was followed, and the header then offers the other direction", async () => {
    const names = ["幸福里社区", "光明社区", "阳光社区"];
    const byName = await page("streetA", "/review?csort=communityName");
    const asc = order(tableHtml(byName.html, "ranking-communities"), names);
    const desc = order(
      tableHtml((await page("streetA", "/review?csort=-communityName")).html, "ranking-communities"),
      names,
    );
    expect(desc).toEqual([...asc].reverse());
    expect(tableHtml(byName.html, "ranking-communities")).toContain('aria-sort="ascending"');
    expect(tableHtml(byName.html, "ranking-communities")).toContain('href="/review?csort=-communityName"');

    // Matched share, highest first by default: 光明 (100%), 幸福里 (0%), then 阳光 (no needs: last either way).
    const byShare = tableHtml((await page("streetA", "/review")).html, "ranking-communities");
    expect(order(byShare, names)).toEqual(["光明社区", "幸福里社区", "阳光社区"]);
    const byShareAsc = tableHtml((await page("streetA", "/review?csort=matchedShare")).html, "ranking-communities");
    expect(order(byShareAsc, names)).toEqual(["幸福里社区", "光明社区", "阳光社区"]);
    expect(byShareAsc).toContain("100.0%");
    expect(byShareAsc).toContain("—");
  });

  it("ignores an unknown sort and keeps the other tables' sorts in the header links", async () => {
    const { status, html } = await page("streetA", "/review?csort=password&usort=-hours");
    expect(status).toBe(200);
    expect(tableHtml(html, "ranking-communities")).toContain("usort=-hours");
  });
});

describe("long lists", () => {
  const numbers = (table: string) => [...table.matchAll(/<tr><td>(\d+)<\/td>/g)].map((m) => Number(m[1]));
  const unitNames = (table: string) => [...table.matchAll(/楼宇党建单位\d\d|区人民医院/g)].map((m) => m[0]);

  it("show a ranking table a page at a time, in one order across pages, with links that keep the sorts", async () => {
    const first = await page("streetA", "/review?usort=unitName&csort=-needsPosted");
    const firstTable = tableHtml(first.html, "ranking-units");
    expect(numbers(firstTable)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(first.html).toContain("第 1 / 2 页，共 25 家单位");
    expect(first.html).toMatch(/href="\/review\?usort=unitName&amp;csort=-needsPosted&amp;upage=2#review-units"/);

    const second = await page("streetA", "/review?usort=unitName&csort=-needsPosted&upage=2");
    const secondTable = tableHtml(second.html, "ranking-units");
    expect(numbers(secondTable)).toEqual([21, 22, 23, 24, 25]);
    expect(second.html).toContain("第 2 / 2 页，共 25 家单位");
    const all = [...unitNames(firstTable), ...unitNames(secondTable)];
    expect(new Set(all).size).toBe(25);
    // A new order starts at its first page again.
    expect(secondTable).toContain('href="/review?usort=-unitName&amp;csort=-needsPosted"');
    // The unit chart draws the top of the order: on the first page it points to the table's first
    // rows instead of printing them again; on the second page it prints them in its own table.
    const chartData = (html: string) =>
      html.slice(
        html.indexOf('data-testid="chart-units"'),
        html.indexOf("</figure>", html.indexOf('data-testid="chart-units"')),
      );
    expect(chartData(first.html)).toContain('href="#ranking-units"');
    expect(chartData(first.html)).not.toContain("<table");
    expect(first.html).toContain('id="ranking-units"');
    const secondChart = chartData(second.html);
    expect(secondChart).toContain("<table");
    expect(unitNames(secondChart)).toEqual(unitNames(firstTable).slice(0, 15));
    // A page past the end shows the last one; a page that is not a number, the first.
    expect(
      numbers(tableHtml((await page("streetA", "/review?usort=unitName&upage=99")).html, "ranking-units")),
    ).toEqual([21, 22, 23, 24, 25]);
    expect(
      numbers(tableHtml((await page("streetA", "/review?usort=unitName&upage=abc")).html, "ranking-units"))[0],
    ).toBe(1);
  });

  it("show the first flags of a kind with their count, and all of them a page at a time on request", async () => {
    const { html } = await page("streetA", "/review");
    const inactive = (h: string) => [...h.matchAll(/data-kind="unit_inactive"/g)].length;
    expect(inactive(html)).toBe(5);
    expect(html).toContain("查看全部 24 项");
    const listed = await page("streetA", "/review?flags=unit_inactive");
    expect(inactive(listed.html)).toBe(20);
    expect(listed.html).toContain("第 1 / 2 页，共 24 项");
    expect(inactive((await page("streetA", "/review?flags=unit_inactive&fpage=2")).html)).toBe(4);
  });
});
