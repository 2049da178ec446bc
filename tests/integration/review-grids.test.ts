/**
 * /review/communities/:communityId through the real server (issue 14: "the review dashboard can
 * break a community's figures down by grid"): 光明社区's needs, members and service hours of last
 * year by grid and without one, the same for its street and its district, summing to the
 * dashboard's row of the community; other streets and districts 404, other roles 403; nothing
 * personal on the page; and the dashboard's community table links to it in the same period.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { escalations } from "#db/schema";
import { createNeed, createPartyMember, createProject } from "~/seed/factories";
import { communityFigures } from "~/models/review/review-communities.server";
import { reviewLimits } from "~/models/review/review-figures.server";
import { communityGridFigures } from "~/models/review/review-grids.server";
import { periodBounds } from "~/schemas/review";
import { chinaToday, chinaYear } from "~/utils/china-time";
import { useFreshDatabase } from "../support/db";
import { Client, type TestServer } from "../support/server";
import { createServiceActivity, createSignup } from "../support/service-fixtures";
import type { World } from "../support/world";
import { startWorldServer } from "../support/world-server";

const db = useFreshDatabase();
// Last year: the world's own needs (posted today) are outside it, and every date below is past.
const Y = chinaYear(new Date()) - 1;
const at = (monthDay: string) => `${Y}-${monthDay}T04:00:00.000Z`; // noon in China
const MEMBER_NAME = "韩网格";
const MEMBER_PHONE = "13655550001";

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
    beforeStart: async (w) => {
      const communityId = w.communities.A2.id;
      const north = w.grids.northA2.id;
      const south = w.grids.southA2.id;
      const need = (gridId: number | null, status: Parameters<typeof createNeed>[1]["status"], createdAt: string) =>
        createNeed(db, { communityId, gridId, status, createdAt, contactPhone: "13800009999" });
      // 北区网格: posted 3 (open, matched, fulfilled), a draft, an open one from the year before.
      need(north, "open", at("03-01"));
      const matchedNorth = need(north, "matched", at("04-01"));
      need(north, "fulfilled", at("05-01"));
      need(north, "draft", at("05-02"));
      need(north, "open", `${Y - 1}-06-01T04:00:00.000Z`);
      // 南区网格: posted 2; the open one is held by a live project (matched all the same) and escalated.
      const heldSouth = need(south, "open", at("06-01"));
      need(south, "withdrawn", at("07-01"));
      // 未指定网格: posted 2, one fulfilled.
      need(null, "fulfilled", at("02-01"));
      need(null, "expired", at("09-01"));
      createProject(db, { communityId, status: "in_progress", needIds: [matchedNorth.id], createdAt: at("04-05") });
      createProject(db, { communityId, status: "in_progress", needIds: [heldSouth.id], createdAt: at("06-11") });
      createProject(db, { communityId, status: "cancelled", needIds: [heldSouth.id], createdAt: at("06-02") });
      db.insert(escalations)
        .values({ needId: heldSouth.id, level: "street", reason: "超期未匹配", escalatedAt: at("08-01") })
        .run();

      const member = (gridId: number | null, status: "reported" | "member_confirmed" | "left" = "reported") =>
        createPartyMember(db, { unitId: w.units.A.id, communityId, gridId, status });
      const [n1, n2] = [
        await createPartyMember(db, {
          unitId: w.units.A.id,
          communityId,
          gridId: north,
          name: MEMBER_NAME,
          phone: MEMBER_PHONE,
        }),
        await member(north),
      ];
      await member(north, "member_confirmed");
      await member(north, "left");
      const s1 = await member(south);
      const loose = await member(null);

      const confirmed = new Date().toISOString();
      const northDay = createServiceActivity(db, { communityId, gridId: north, date: `${Y}-05-10`, status: "closed" });
      createSignup(db, { activityId: northDay.id, memberId: n1.id, hours: 2, hoursConfirmedAt: confirmed });
      createSignup(db, { activityId: northDay.id, memberId: n2.id, hours: 1.5, hoursConfirmedAt: confirmed });
      createSignup(db, { activityId: northDay.id, memberId: s1.id, hours: 3 }); // not confirmed
      createSignup(db, {
        activityId: northDay.id,
        memberId: loose.id,
        hours: 5,
        hoursConfirmedAt: confirmed,
        cancelledAt: confirmed,
      });
      // This year's activity in the north, a cancelled one in the south: outside the figures.
      const thisYear = createServiceActivity(db, { communityId, gridId: north, date: chinaToday() });
      createSignup(db, { activityId: thisYear.id, memberId: n1.id, hours: 4, hoursConfirmedAt: confirmed });
      const cancelled = createServiceActivity(db, {
        communityId,
        gridId: south,
        date: `${Y}-05-11`,
        status: "cancelled",
      });
      createSignup(db, { activityId: cancelled.id, memberId: s1.id, hours: 2, hoursConfirmedAt: confirmed });
      const anywhere = createServiceActivity(db, { communityId, gridId: null, date: `${Y}-11-20`, status: "closed" });
      createSignup(db, { activityId: anywhere.id, memberId: s1.id, hours: 2.5, hoursConfirmedAt: confirmed });
    },
  }));
}, 60_000);
afterAll(async () => server?.close());

const get = async (who: keyof typeof as, path: string) => {
  const res = await as[who].get(path);
  return { status: res.status, html: await res.text() };
};
const drill = (communityId: number, query = `year=${Y}`) => `/review/communities/${communityId}?${query}`;

/** The cells of one row of the grid table, by `data-grid` (a grid id, "none" or "total"). */
function cells(html: string, row: string | number): string[] {
  const start = html.indexOf(`data-grid="${row}"`);
  expect(start, `row ${row}`).toBeGreaterThan(-1);
  const tr = html.slice(start, html.indexOf("</tr>", start));
  return [...tr.matchAll(/<td>(.*?)<\/td>/g)].map((m) => m[1]!);
}
const rowName = (html: string, row: string | number) =>
  /<th scope="row" class="text">(.*?)<\/th>/.exec(html.slice(html.indexOf(`data-grid="${row}"`)))?.[1];

// 发布需求, 已匹配, 匹配率, 匹配用时中位数, 已完成, 完成率, 上报协调, 超期未匹配, 当前征集中, 已报到党员, 确认服务时长
const EXPECTED = {
  // Open now: the two open ones and the world's need posted today; beyond the limit at the year's end: the two old ones.
  north: ["3", "2", "66.7%", "4.0", "1", "33.3%", "0", "2", "3", "2", "3.5"],
  south: ["2", "1", "50.0%", "10.0", "0", "0.0%", "1", "1", "1", "1", "0.0"],
  none: ["2", "1", "50.0%", "—", "1", "50.0%", "0", "0", "0", "1", "2.5"],
  total: ["7", "4", "57.1%", "7.0", "2", "28.6%", "1", "3", "4", "4", "6.0"],
};

function expectFigures(html: string) {
  expect(rowName(html, world.grids.northA2.id)).toBe("北区网格");
  expect(rowName(html, world.grids.southA2.id)).toBe("南区网格");
  expect(rowName(html, "none")).toBe("未指定网格");
  expect(cells(html, world.grids.northA2.id)).toEqual(EXPECTED.north);
  expect(cells(html, world.grids.southA2.id)).toEqual(EXPECTED.south);
  expect(cells(html, "none")).toEqual(EXPECTED.none);
  expect(cells(html, "total")).toEqual(EXPECTED.total);
}

describe("a community's figures by grid", () => {
  it("shows the street reviewer each grid, the needs of no grid, and the total, in the chosen year", async () => {
    const { status, html } = await get("streetA", drill(world.communities.A2.id));
    expect(status).toBe(200);
    expect(html).toContain("光明社区各网格述职评议考核");
    expect(html).toContain(`${Y}年度`);
    expectFigures(html);
    // Back to the street's dashboard in the same year.
    expect(html).toContain(`href="/review?year=${Y}"`);
  });

  it("shows the district the same figures, and links back to the community's street", async () => {
    const { status, html } = await get("district", drill(world.communities.A2.id));
    expect(status).toBe(200);
    expectFigures(html);
    expect(html).toContain(`href="/review?year=${Y}&amp;streetId=${world.streets.A.id}"`);
  });

  it("adds up to the dashboard's row of the community", () => {
    const b = periodBounds({ from: `${Y}-01-01`, to: `${Y}-12-31` }, new Date());
    const limits = reviewLimits(db);
    const row = communityFigures(db, [world.streets.A.id], b, limits).find(
      (c) => c.row.communityId === world.communities.A2.id,
    )!;
    const { total } = communityGridFigures(db, world.communities.A2.id, b, limits);
    expect(total).toMatchObject({
      needsPosted: row.row.needsPosted,
      matched: row.matched,
      fulfilled: row.fulfilled,
      matchedShare: row.row.matchedShare,
      fulfilledShare: row.row.fulfilledShare,
      medianDaysToMatch: row.row.medianDaysToMatch,
      escalations: row.row.escalations,
      staleNeeds: row.row.staleNeeds,
    });
  });

  it("follows a custom period", async () => {
    const { html } = await get("streetA", drill(world.communities.A2.id, `from=${Y}-03-01&to=${Y}-04-30`));
    expect(cells(html, world.grids.northA2.id).slice(0, 3)).toEqual(["2", "1", "50.0%"]);
    expect(cells(html, world.grids.southA2.id)[0]).toBe("0");
    expect(cells(html, "none")[0]).toBe("0");
  });

  it("shows nothing personal: no member's or resident's name or phone", async () => {
    const { html } = await get("streetA", drill(world.communities.A2.id));
    for (const secret of [MEMBER_NAME, MEMBER_PHONE, "13800009999", "13800001111"]) expect(html).not.toContain(secret);
  });
});

describe("who may open it", () => {
  it("answers 404 for a community outside the reviewer's street or district, and for none", async () => {
    expect((await get("streetB", drill(world.communities.A2.id))).status).toBe(404);
    expect((await get("otherDistrict", drill(world.communities.A2.id))).status).toBe(404);
    expect((await get("streetA", drill(world.communities.B.id))).status).toBe(404);
    expect((await get("streetA", drill(999999))).status).toBe(404);
    expect((await get("streetB", drill(world.communities.B.id))).status).toBe(200);
    expect((await get("district", drill(world.communities.B.id))).status).toBe(200);
  });

  it("refuses communities, units and administrators, and sends visitors to sign in", async () => {
    for (const who of ["communityA", "unitA", "admin"] as const)
      expect((await get(who, drill(world.communities.A2.id))).status, who).toBe(403);
    const anonymous = await new Client(server.baseUrl).get(drill(world.communities.A2.id));
    expect(anonymous.status).toBe(302);
  });
});

describe("the dashboard", () => {
  it("links each community to its grids, keeping the period but not the sorts", async () => {
    const street = await get("streetA", `/review?year=${Y}&csort=-needsPosted`);
    expect(street.html).toContain(`href="/review/communities/${world.communities.A2.id}?year=${Y}"`);
    expect(street.html).toContain(`href="/review/communities/${world.communities.A.id}?year=${Y}"`);
    expect(street.html).toContain("按网格");
    const district = await get("district", `/review?from=${Y}-03-01&to=${Y}-04-30`);
    expect(district.html).toContain(
      `href="/review/communities/${world.communities.B.id}?from=${Y}-03-01&amp;to=${Y}-04-30"`,
    );
    const plain = await get("streetA", "/review");
    expect(plain.html).toContain(`href="/review/communities/${world.communities.A2.id}"`);
  });
});
