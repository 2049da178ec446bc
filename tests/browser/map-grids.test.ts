/**
 * Grids on the map in Chromium, on the demo district (issue 14): 幸福里社区's three grids have a
 * place, so its staff see each as an SVG marker filled by its open needs; a marker's popup names
 * the grid and links to its open needs, for a street reviewer through the community filter too.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, count, eq, inArray } from "drizzle-orm";
import type { Page } from "playwright-core";
import { grids, needs, users } from "#db/schema";
import { seedDemoDistrict } from "~/seed/seed";
import { browserApp } from "../support/browser";
import { useFreshDatabase } from "../support/db";

const app = browserApp();
const db = useFreshDatabase();

beforeAll(() => app.start({ seed: () => seedDemoDistrict(db) }));
afterAll(() => app.close());

/** The demo community's grids with their open needs, as the map should colour them. */
function demoGrids() {
  const staff = db.select().from(users).where(eq(users.username, "demo-community")).get()!;
  const rows = db.select().from(grids).where(eq(grids.communityId, staff.communityId!)).all();
  const open = new Map(
    db
      .select({ id: needs.gridId, n: count() })
      .from(needs)
      .where(
        and(
          inArray(
            needs.gridId,
            rows.map((g) => g.id),
          ),
          eq(needs.status, "open"),
        ),
      )
      .groupBy(needs.gridId)
      .all()
      .map((r) => [r.id, r.n]),
  );
  return rows.map((g) => ({ ...g, open: open.get(g.id) ?? 0 }));
}

async function openMap(username: string): Promise<Page> {
  const page = await app.signedIn(username);
  await page.goto(`${app.baseUrl}/map`);
  await page.locator('[data-testid="map"][data-state="drawn"]').waitFor();
  return page;
}

describe.runIf(app.available)("grids on the map", () => {
  it("shows the demo community's grids coloured by their open needs, and a marker's popup names the grid", async () => {
    const demo = demoGrids();
    expect(demo.map((g) => g.name)).toEqual(["1号网格", "2号网格", "3号网格"]);
    expect(demo.every((g) => g.lat !== null && g.lng !== null)).toBe(true);
    // The demo's grids differ in open needs, or the colours would prove nothing.
    expect(new Set(demo.map((g) => g.open)).size).toBeGreaterThan(1);

    const page = await openMap("demo-community");
    const fills = new Map<number, string | null>();
    for (const g of demo) {
      const marker = page.locator(`.leaflet-overlay-pane svg path.map-grid-${g.id}`);
      expect(await marker.count()).toBe(1);
      fills.set(g.id, await marker.getAttribute("fill"));
    }
    for (const a of demo)
      for (const b of demo) {
        if (a.open !== b.open) expect(fills.get(a.id), `${a.name} / ${b.name}`).not.toBe(fills.get(b.id));
        else expect(fills.get(a.id)).toBe(fills.get(b.id));
      }
    expect(await page.getByTestId("legend-grids").textContent()).toContain("网格（按征集中的需求着色）");

    // The busiest grid's popup: its name, its community, its open needs, and the link to them.
    const busiest = [...demo].sort((a, b) => b.open - a.open)[0]!;
    await page.locator(`path.map-grid-${busiest.id}`).click();
    const link = page.locator(".leaflet-popup-content a", { hasText: "查看本网格需求" });
    await link.waitFor();
    expect(await page.locator(".leaflet-popup-content strong").textContent()).toBe(busiest.name);
    const popup = await page.locator(".leaflet-popup-content").textContent();
    expect(popup).toContain("幸福里社区");
    expect(popup).toContain(`征集中的需求 ${busiest.open} 条`);
    expect(await link.getAttribute("href")).toBe(`/needs?gridId=${busiest.id}&status=open`);
    await link.click();
    await page.waitForURL((url) => url.pathname === "/needs" && url.searchParams.get("gridId") === String(busiest.id));
    await page.context().close();
  });

  it("links a street reviewer's grid popup through the community filter the needs list understands", async () => {
    const [first] = demoGrids();
    const page = await openMap("demo-street");
    await page.locator(`path.map-grid-${first!.id}`).click();
    const link = page.locator(".leaflet-popup-content a", { hasText: "查看本网格需求" });
    await link.waitFor();
    expect(await page.locator(".leaflet-popup-content strong").textContent()).toBe(first!.name);
    expect(await link.getAttribute("href")).toBe(
      `/needs?communityId=${first!.communityId}&gridId=${first!.id}&status=open`,
    );
    await page.context().close();
  });
});
