/**
 * The map page in Chromium without a tile server (MAP_TILE_URL unset, as in CI and offline
 * installs, decision 036): Leaflet draws the communities, units, the fifteen-minute circles and
 * the resources' service radii as SVG on a plain background with a scale bar, at desktop and phone
 * width, and a marker's popup links to the item.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { communities, resources, units } from "#db/schema";
import { createUnit } from "~/seed/factories";
import { browserApp } from "../support/browser";
import { useFreshDatabase } from "../support/db";
import { createWorld, PASSWORD, type World } from "../support/world";

const app = browserApp();
const db = useFreshDatabase();
let world: World;

beforeAll(() =>
  app.start({
    seed: async () => {
      world = await createWorld(db);
      // Street A: 幸福里 served by 区人民医院 (3 km), 光明 8.9 km north with an open need and
      // nothing reaching it; a second unit of another kind, without resources.
      const place = (table: typeof communities | typeof units, id: number, lat: number, lng: number) =>
        db.update(table).set({ lat, lng }).where(eq(table.id, id)).run();
      place(communities, world.communities.A.id, 34.62, 112.45);
      place(communities, world.communities.A2.id, 34.7, 112.45);
      place(units, world.units.A.id, 34.63, 112.46);
      db.update(resources).set({ serviceRadiusKm: 3 }).where(eq(resources.id, world.resources.A.id)).run();
      createUnit(db, { streetId: world.streets.A.id, name: "东城小学", kind: "学校", lat: 34.66, lng: 112.43 });
    },
  }),
);
afterAll(() => app.close());

async function openMap(width: number): Promise<Page> {
  const page = await app.signedIn("street-a", { password: PASSWORD, width });
  await page.goto(`${app.baseUrl}/map`);
  await page.locator('[data-testid="map"][data-state="drawn"]').waitFor();
  return page;
}

const count = (page: Page, selector: string) => page.locator(selector).count();

describe.runIf(app.available)("the map page offline", () => {
  it("draws communities, units, circles and the scale bar at 1280 px, and a marker opens its item", async () => {
    const page = await openMap(1280);
    // Vector features only: SVG paths, no tile images.
    expect(await count(page, ".leaflet-overlay-pane svg path.map-community")).toBe(2);
    expect(await count(page, ".leaflet-overlay-pane svg path.map-unit")).toBe(2);
    expect(await count(page, ".leaflet-overlay-pane svg path.map-fifteen")).toBe(2);
    expect(await count(page, ".leaflet-overlay-pane svg path.map-resource")).toBe(1);
    expect(await count(page, `path.map-unreached-${world.communities.A2.id}`)).toBe(1);
    expect(await count(page, "path.map-unreached")).toBe(1);
    expect(await count(page, ".leaflet-tile")).toBe(0);
    const scale = page.locator(".leaflet-control-scale-line");
    expect(await scale.count()).toBe(1);
    expect(await scale.textContent()).toMatch(/^\d+ (k?m)$/);
    // The red ring is also said in words beside the map.
    expect(await page.getByTestId("unreached-list").textContent()).toContain("光明社区");

    // A community marker's popup links to its open needs; following it opens the list.
    await page.locator(`path.map-community-${world.communities.A.id}`).click();
    const needsLink = page.locator(".leaflet-popup-content a", { hasText: "查看本社区需求" });
    await needsLink.waitFor();
    expect(await page.locator(".leaflet-popup-content strong").textContent()).toBe("幸福里社区");
    expect(await page.locator(".leaflet-popup-content").textContent()).toContain("征集中的需求 1 条");
    await needsLink.click();
    await page.waitForURL((url) => url.pathname === "/needs");
    expect(new URL(page.url()).searchParams.get("communityId")).toBe(String(world.communities.A.id));
    await page.getByText(world.needs.A.title).first().waitFor();

    // A unit marker (inside its own service circle, which must not cover it) opens the unit.
    await page.goBack();
    await page.locator('[data-testid="map"][data-state="drawn"]').waitFor();
    await page.locator(`path.map-unit-${world.units.A.id}`).click();
    const unitLink = page.locator(".leaflet-popup-content a", { hasText: "单位详情" });
    await unitLink.waitFor();
    expect(await unitLink.getAttribute("href")).toBe(`/units/${world.units.A.id}`);
    expect(await page.locator(".leaflet-popup-content").textContent()).toContain("开放资源 1 项");
    await unitLink.click();
    await page.waitForURL((url) => url.pathname === `/units/${world.units.A.id}`);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toContain("区人民医院");
    await page.context().close();
  });

  it("fits a 375 px phone without sideways scrolling, markers and scale bar included", async () => {
    const page = await openMap(375);
    expect(await count(page, "path.map-community")).toBe(2);
    expect(await count(page, "path.map-unit")).toBe(2);
    expect(await count(page, "path.map-fifteen")).toBe(2);
    expect(await count(page, ".leaflet-control-scale-line")).toBe(1);
    const { scrollWidth, innerWidth, mapWidth } = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
      mapWidth: document.querySelector('[data-testid="map"]')!.getBoundingClientRect().width,
    }));
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
    expect(mapWidth).toBeGreaterThan(300);
    // The layer control folds away on a phone; markers still open their popups.
    expect(await count(page, ".leaflet-control-layers-expanded")).toBe(0);
    await page.locator(`path.map-community-${world.communities.A2.id}`).click();
    await page.locator(".leaflet-popup-content", { hasText: "未覆盖" }).waitFor();
    await page.context().close();
  });
});
