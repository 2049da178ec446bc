/**
 * Picking coordinates on the admin forms' map (decision 036), in Chromium without a tile server:
 * a click fills 纬度/经度 with the point under the cursor, dragging the pin moves it, typed decimals
 * move the pin, and what is saved is what the fields show.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { communities, units } from "#db/schema";
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
    },
  }),
);
afterAll(() => app.close());

/** Degrees of longitude per screen pixel at a zoom level (Web Mercator, 256 px tiles). */
const lngPerPixel = (zoom: number) => 360 / (256 * 2 ** zoom);

async function picker(page: Page) {
  const box = page.locator('[data-testid="coordinate-picker"][data-state="drawn"]');
  await box.waitFor();
  return (await box.boundingBox())!;
}

const fieldValue = async (page: Page, label: string) => Number(await page.getByLabel(label).inputValue());

describe.runIf(app.available)("coordinate picking on the admin forms", () => {
  it("moves a community by clicking, dragging and typing, and saves the point", async () => {
    const page = await app.signedIn("admin-user", { password: PASSWORD });
    await page.goto(`${app.baseUrl}/admin/communities/${world.communities.A.id}`);
    const box = await picker(page);
    const before = { lat: await fieldValue(page, "纬度"), lng: await fieldValue(page, "经度") };
    // The stored point is in the middle of the map at zoom 15: click 120 px east and 60 px north.
    await page.mouse.click(box.x + box.width / 2 + 120, box.y + box.height / 2 - 60);
    await expect.poll(() => fieldValue(page, "经度")).not.toBe(before.lng);
    const clicked = { lat: await fieldValue(page, "纬度"), lng: await fieldValue(page, "经度") };
    expect(clicked.lng - before.lng).toBeCloseTo(120 * lngPerPixel(15), 4);
    expect(clicked.lat).toBeGreaterThan(before.lat);
    expect(clicked.lat - before.lat).toBeLessThan(0.003);
    expect(await page.getByLabel("纬度").inputValue()).toMatch(/^\d+\.\d{6}$/);

    // Dragging the pin 80 px west moves the point back west.
    const pin = (await page.locator(".map-pin").boundingBox())!;
    await page.mouse.move(pin.x + pin.width / 2, pin.y + pin.height / 2);
    await page.mouse.down();
    await page.mouse.move(pin.x + pin.width / 2 - 40, pin.y + pin.height / 2, { steps: 4 });
    await page.mouse.move(pin.x + pin.width / 2 - 80, pin.y + pin.height / 2, { steps: 4 });
    await page.mouse.up();
    await expect.poll(() => fieldValue(page, "经度")).toBeLessThan(clicked.lng - 60 * lngPerPixel(15));
    const dragged = { lat: await fieldValue(page, "纬度"), lng: await fieldValue(page, "经度") };
    expect(dragged.lat).toBeCloseTo(clicked.lat, 4);

    // Typed decimals still work, and the pin follows them.
    const pinBefore = (await page.locator(".map-pin").boundingBox())!;
    await page.getByLabel("经度").fill((dragged.lng + 0.002).toFixed(6));
    await page.getByLabel("经度").blur();
    await expect.poll(async () => (await page.locator(".map-pin").boundingBox())!.x).toBeGreaterThan(pinBefore.x + 40);

    await page.getByRole("button", { name: "保存" }).click();
    await page.waitForURL((url) => url.pathname === "/admin/communities");
    const saved = db.select().from(communities).where(eq(communities.id, world.communities.A.id)).get()!;
    expect(saved.lat).toBeCloseTo(dragged.lat, 6);
    expect(saved.lng).toBeCloseTo(dragged.lng + 0.002, 6);
    await page.context().close();
  });

  it("places a new unit with a click on the blank form's map and saves it", async () => {
    const page = await app.signedIn("admin-user", { password: PASSWORD });
    await page.goto(`${app.baseUrl}/admin/units`);
    await page.getByLabel("单位名称").fill("区图书馆");
    await page.getByLabel("单位类型").selectOption("事业单位");
    await page.getByLabel("所在街道").selectOption(String(world.streets.A.id));
    const box = await picker(page);
    expect(await page.getByLabel("纬度").inputValue()).toBe("");
    await page.mouse.click(box.x + box.width / 3, box.y + box.height / 3);
    await expect.poll(() => page.getByLabel("纬度").inputValue()).toMatch(/^\d+\.\d{6}$/);
    const lat = await fieldValue(page, "纬度");
    const lng = await fieldValue(page, "经度");
    // The blank form's map starts at the units already entered (the world's are near 34.63, 112.44).
    expect(Math.abs(lat - 34.63)).toBeLessThan(0.1);
    expect(Math.abs(lng - 112.44)).toBeLessThan(0.1);

    await page.getByRole("button", { name: "新增驻区单位" }).click();
    await page.waitForURL((url) => url.searchParams.get("saved") === "1");
    const saved = db.select().from(units).where(eq(units.name, "区图书馆")).get()!;
    expect(saved).toMatchObject({ lat, lng, streetId: world.streets.A.id, kind: "事业单位" });
    await page.context().close();
  });
});
