/**
 * The admin lists at the size of a city: a page at a time, searchable, filtered by street, and the
 * account form offering only the chosen street's communities, units and grids (a city has
 * thousands of each). Posts bring the admin back to the page they were on.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { units, users } from "#db/schema";
import { ADMIN_PAGE_SIZE } from "~/models/platform/admin-lists.server";
import { useFreshDatabase } from "../support/db";
import { type Client, type TestServer } from "../support/server";
import type { World } from "../support/world";
import { startWorldServer } from "../support/world-server";

const db = useFreshDatabase();
let world: World;
let server: TestServer;
let admin: Client;

/** Extra units of street B and accounts of community B, beyond one page of each. */
const EXTRA = ADMIN_PAGE_SIZE + 15;

beforeAll(async () => {
  ({
    world,
    server,
    as: { admin },
  } = await startWorldServer(db, { admin: "admin-user" }));
  db.insert(units)
    .values(
      Array.from({ length: EXTRA }, (_, i) => ({
        streetId: world.streets.B.id,
        name: i === 7 ? "市第二自来水厂" : `批量单位${String(i).padStart(3, "0")}`,
        kind: "非公企业" as const,
        lat: 34.6,
        lng: 112.4,
        address: i === 9 ? "洛浦路 88 号" : "",
      })),
    )
    .run();
  db.insert(users)
    .values(
      Array.from({ length: EXTRA }, (_, i) => ({
        username: `bulk-${String(i).padStart(3, "0")}`,
        displayName: i === 11 ? "欧阳明月" : `批量社工${i}`,
        passwordHash: "x",
        role: "community" as const,
        communityId: world.communities.B.id,
      })),
    )
    .run();
});
afterAll(async () => server?.close());

const html = async (path: string) => (await (await admin.get(path)).text()).replaceAll("<!-- -->", "");
const rowsOf = (page: string) => [...page.matchAll(/<tr>/g)].length - 1;

describe("admin lists at city size", () => {
  it("shows units a page at a time, with the count, and the next page", async () => {
    const total = db.select().from(units).all().length;
    const first = await html("/admin/units");
    expect(rowsOf(first)).toBe(ADMIN_PAGE_SIZE);
    expect(first).toContain(`第 1 / ${Math.ceil(total / ADMIN_PAGE_SIZE)} 页，共 ${total} 条`);
    const second = await html("/admin/units?page=2");
    expect(rowsOf(second)).toBe(total - ADMIN_PAGE_SIZE);
    // A page past the end shows the last one.
    expect(rowsOf(await html("/admin/units?page=99"))).toBe(total - ADMIN_PAGE_SIZE);
  });

  it("finds units by name or address, and lists one street's", async () => {
    const byName = await html("/admin/units?q=自来水");
    expect(byName).toContain("市第二自来水厂");
    expect(rowsOf(byName)).toBe(1);
    expect(await html("/admin/units?q=洛浦路")).toContain("批量单位009");
    const streetA = await html(`/admin/units?streetId=${world.streets.A.id}`);
    expect(streetA).toContain("共 1 条");
    expect(streetA).not.toContain("批量单位");
    expect(await html("/admin/units?q=没有这个单位")).toContain("没有符合条件的驻区单位");
  });

  it("finds communities by name and by street", async () => {
    const streetA = await html(`/admin/communities?streetId=${world.streets.A.id}`);
    expect(streetA).toContain("共 2 条");
    expect(await html("/admin/communities?q=不存在的社区")).toContain("没有符合条件的社区");
  });

  it("finds accounts by username or name, and a street's accounts through their community or unit", async () => {
    const all = await html("/admin/users");
    expect(rowsOf(all)).toBe(ADMIN_PAGE_SIZE);
    const byName = await html("/admin/users?q=欧阳");
    expect(rowsOf(byName)).toBe(1);
    expect(byName).toContain("bulk-011");
    const streetB = await html(`/admin/users?streetId=${world.streets.B.id}`);
    const inStreetB = db
      .select()
      .from(users)
      .all()
      .filter(
        (u) =>
          u.streetId === world.streets.B.id ||
          u.communityId === world.communities.B.id ||
          u.unitId === world.units.B.id,
      ).length;
    expect(streetB).toContain(`共 ${inStreetB} 条`);
    const streetA = await html(`/admin/users?streetId=${world.streets.A.id}`);
    expect(streetA).not.toContain("bulk-");
    expect(streetA).toContain("comm-a");
    expect(streetA).toContain("unit-a");
  });

  it("offers the chosen street's communities, units and grids in the account form, and none before", async () => {
    const none = await html("/admin/users");
    expect(none).toContain("请先在上方选择街道");
    expect(none).not.toContain(`>${world.communities.A.name}</option>`);
    const streetA = await html(`/admin/users?streetId=${world.streets.A.id}`);
    expect(streetA).toContain(`<option value="${world.communities.A.id}">${world.communities.A.name}</option>`);
    expect(streetA).toContain(`<option value="${world.units.A.id}">`);
    expect(streetA).toContain(`${world.communities.A2.name} · ${world.grids.northA2.name}`);
    expect(streetA).not.toContain(`<option value="${world.communities.B.id}">${world.communities.B.name}</option>`);
    expect(streetA).not.toContain("批量单位");
  });

  it("creates an account from a street's page and comes back to it; an error keeps the street's choices", async () => {
    const path = `/admin/users?streetId=${world.streets.A.id}&q=new`;
    const refused = await (
      await admin.post(path, {
        intent: "create",
        username: "grid-new",
        displayName: "新网格员",
        role: "grid",
        password: "12345678",
      })
    ).text();
    expect(refused).toContain("请选择所属网格");
    expect(refused).toContain(`${world.communities.A2.name} · ${world.grids.northA2.name}`);
    const created = await admin.post(path, {
      intent: "create",
      username: "grid-new",
      displayName: "新网格员",
      role: "grid",
      password: "12345678",
      gridId: String(world.grids.northA2.id),
    });
    expect(created.status).toBe(302);
    const back = new URL(created.headers.get("location")!, server.baseUrl);
    expect(back.pathname).toBe("/admin/users");
    expect(Object.fromEntries(back.searchParams)).toEqual({
      streetId: String(world.streets.A.id),
      q: "new",
      saved: "1",
    });
    expect(db.select().from(users).where(eq(users.username, "grid-new")).get()).toMatchObject({
      role: "grid",
      gridId: world.grids.northA2.id,
      communityId: world.communities.A2.id,
    });
  });

  it("disables an account from the second page and comes back to the second page", async () => {
    const victim = db.select().from(users).where(eq(users.username, "bulk-060")).get()!;
    const res = await admin.post("/admin/users?page=2", { intent: "disable", userId: String(victim.id) });
    expect(new URL(res.headers.get("location")!, server.baseUrl).search).toBe("?page=2&saved=1");
    expect(db.select().from(users).where(eq(users.id, victim.id)).get()!.disabledAt).not.toBeNull();
  });

  it("ignores query values that make no sense", async () => {
    for (const query of ["page=abc", "streetId=-1", "streetId=x&page=0", `q=${"长".repeat(80)}`]) {
      const res = await admin.get(`/admin/users?${query}`);
      expect(res.status, query).toBe(200);
    }
  });
});
