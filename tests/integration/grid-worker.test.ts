/**
 * The grid worker (网格员, issue 14; decision 040): posts needs for their own grid (source 网格员走访,
 * whatever the form says), keeps them, reads the rest of their community's list without being able
 * to change it, and is refused everything else on the server. Needs carry a building of their grid.
 * Admins create grid workers by choosing a grid; the account works in that grid's community.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { auditLog, needs, users } from "#db/schema";
import { createBuilding } from "~/seed/factories";
import { useFreshDatabase } from "../support/db";
import { Client, type TestServer } from "../support/server";
import type { World } from "../support/world";
import { startWorldServer } from "../support/world-server";

const db = useFreshDatabase();
let world: World;
let server: TestServer;
let as: Record<"gridA2" | "communityA2" | "admin", Client>;
let northBuilding: number;
let southBuilding: number;
let southNeedId: number;

beforeAll(async () => {
  ({ world, server, as } = await startWorldServer(
    db,
    { gridA2: "grid-a2", communityA2: "comm-a2", admin: "admin-user" },
    {
      beforeStart: (w) => {
        northBuilding = createBuilding(db, { gridId: w.grids.northA2.id, name: "北区6号楼" }).id;
        southBuilding = createBuilding(db, { gridId: w.grids.southA2.id, name: "南区2号楼" }).id;
        southNeedId = db
          .insert(needs)
          .values({
            communityId: w.communities.A2.id,
            gridId: w.grids.southA2.id,
            title: "南区楼道灯维修",
            category: "环境整治",
            contactPhone: "13544446666",
          })
          .returning()
          .get().id;
      },
    },
  ));
});
afterAll(async () => server?.close());

const text = async (res: Response) => (await res.text()).replaceAll("<!-- -->", "");
const form = (title: string, extra: Record<string, string> = {}) => ({
  intent: "publish",
  title,
  description: "北区几位独居老人行动不便，希望有人每月上门理发",
  category: "养老服务",
  urgency: "normal",
  place: "1单元201",
  contactName: "上官秀梅",
  contactPhone: "13533337777",
  source: "resident",
  ...extra,
});
const needByTitle = (title: string) => db.select().from(needs).where(eq(needs.title, title)).get();

describe("a grid worker's needs", () => {
  it("are posted for their own grid, as collected on rounds, whatever grid the form names", async () => {
    const page = await text(await as.gridA2.get("/needs/new"));
    expect(page).toContain('data-testid="fixed-grid"');
    expect(page).toContain("北区网格");
    expect(page).not.toContain(">南区网格</option>");
    expect(page).toContain(">北区6号楼</option>");
    expect(page).not.toContain("南区2号楼");

    const posted = await as.gridA2.post(
      "/needs/new",
      form("北区老人理发上门", { gridId: String(world.grids.southA2.id), buildingId: String(northBuilding) }),
    );
    expect(posted.status).toBe(302);
    const need = needByTitle("北区老人理发上门")!;
    expect(need).toMatchObject({
      communityId: world.communities.A2.id,
      gridId: world.grids.northA2.id,
      buildingId: northBuilding,
      source: "grid_worker",
      createdBy: world.users.gridA2.id,
      status: "open",
    });
    const audit = db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "need.create"), eq(auditLog.entityId, need.id)))
      .get();
    expect(audit?.actorId).toBe(world.users.gridA2.id);

    const shown = await text(await as.gridA2.get(`/needs/${need.id}`));
    expect(shown).toContain('data-testid="need-building">北区6号楼');
    expect(shown).toContain("13533337777");
  });

  it("refuses a building of another grid at the building field, saving nothing", async () => {
    const refused = await as.gridA2.post("/needs/new", form("别的网格的楼", { buildingId: String(southBuilding) }));
    expect(refused.status).toBe(400);
    expect(await text(refused)).toContain("该楼栋不在所选网格内");
    expect(needByTitle("别的网格的楼")).toBeUndefined();
  });

  it("are changed and withdrawn by them; another grid's need is refused, unchanged", async () => {
    const own = world.needs.A2.id;
    const edited = await as.gridA2.post(`/needs/${own}/edit`, form("楼道杂物清理（北区）"));
    expect(edited.status).toBe(302);
    expect(db.select().from(needs).where(eq(needs.id, own)).get()).toMatchObject({
      title: "楼道杂物清理（北区）",
      gridId: world.grids.northA2.id,
    });

    const before = db.select().from(needs).where(eq(needs.id, southNeedId)).get();
    const edit = await as.gridA2.post(`/needs/${southNeedId}/edit`, form("冒名修改"));
    expect(edit.status).toBe(403);
    expect(await text(edit)).toContain("只能修改本网格的需求");
    expect((await as.gridA2.post(`/needs/${southNeedId}/withdraw`, {})).status).toBe(403);
    expect(db.select().from(needs).where(eq(needs.id, southNeedId)).get()).toEqual(before);
    // The community office keeps every grid's needs.
    expect((await as.communityA2.get(`/needs/${southNeedId}/edit`)).status).toBe(200);
  });

  it("list the community's needs read-only, the home page their own grid's", async () => {
    const list = await text(await as.gridA2.get("/needs"));
    expect(list).toContain("南区楼道灯维修");
    expect(list).toContain("北区老人理发上门");
    const home = await text(await as.gridA2.get("/"));
    expect(home).toContain("光明社区 · 北区网格 需求");
    expect(home).toContain("北区老人理发上门");
    expect(home).not.toContain("南区楼道灯维修");
    const other = await text(await as.gridA2.get(`/needs/${southNeedId}`));
    expect(other).toContain("南区楼道灯维修");
    expect(other).not.toContain("13544446666");
    expect(other).not.toContain(`href="/needs/${southNeedId}/edit"`);
  });

  it("leave proposals, projects, meetings and imports to the community office", async () => {
    for (const path of ["/proposals", "/projects", "/meetings", "/evaluations", "/imports", "/grids", "/audit"]) {
      expect((await as.gridA2.get(path)).status, path).toBe(403);
    }
  });
});

describe("grid workers' accounts", () => {
  it("are created by an admin choosing a grid; the account works in the grid's community", async () => {
    const created = await as.admin.post("/admin/users", {
      intent: "create",
      username: "grid-south",
      displayName: "钱南",
      role: "grid",
      password: "initial-pass-1",
      gridId: String(world.grids.southA2.id),
      communityId: String(world.communities.A.id),
    });
    expect(created.status).toBe(302);
    const row = db.select().from(users).where(eq(users.username, "grid-south")).get();
    expect(row).toMatchObject({ role: "grid", gridId: world.grids.southA2.id, communityId: world.communities.A2.id });
    expect(await text(await as.admin.get("/admin/users"))).toContain("光明社区 · 南区网格");

    const missing = await as.admin.post("/admin/users", {
      intent: "create",
      username: "grid-none",
      displayName: "无网格",
      role: "grid",
      password: "initial-pass-1",
    });
    expect(missing.status).not.toBe(302);
    expect(await text(missing)).toContain("请选择所属网格");
    expect(db.select().from(users).where(eq(users.username, "grid-none")).get()).toBeUndefined();

    const south = new Client(server.baseUrl);
    await south.login("grid-south", "initial-pass-1");
    await south.post("/account/password", {
      currentPassword: "initial-pass-1",
      newPassword: "south-pass-22",
      confirmPassword: "south-pass-22",
    });
    expect((await south.get(`/needs/${southNeedId}/edit`)).status).toBe(200);
    expect((await south.get(`/needs/${world.needs.A2.id}/edit`)).status).toBe(403);
  });
});

describe("needs by building, for the community office", () => {
  it("takes the grid from the building chosen, and shows both on the need's page", async () => {
    const posted = await as.communityA2.post(
      "/needs/new",
      form("南区2号楼加装扶手", { buildingId: String(southBuilding) }),
    );
    expect(posted.status).toBe(302);
    const need = needByTitle("南区2号楼加装扶手")!;
    expect(need).toMatchObject({ gridId: world.grids.southA2.id, buildingId: southBuilding, source: "resident" });
    const page = await text(await as.communityA2.get(`/needs/${need.id}`));
    expect(page).toContain('data-testid="need-grid">南区网格');
    expect(page).toContain('data-testid="need-building">南区2号楼');
  });
});
