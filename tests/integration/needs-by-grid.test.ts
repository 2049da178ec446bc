/**
 * Needs put in a grid of their community (issue 14; decision 038): the form offers the community's
 * grids and refuses another community's at the field; the need's page names its grid; the list
 * filters by grid (for the community, and for a reviewer looking at one community); the
 * community's home counts open needs per grid; a grid holding needs is not deleted; a spreadsheet
 * re-import keeps the grid a need was put in.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { grids, needs } from "#db/schema";
import { runImport } from "~/models/exchange/import/import-save.server";
import { createGrid } from "~/seed/factories";
import { useFreshDatabase } from "../support/db";
import type { Client, TestServer } from "../support/server";
import type { World } from "../support/world";
import { startWorldServer } from "../support/world-server";
import { filledTemplate } from "./import-helpers";

const db = useFreshDatabase();
let world: World;
let server: TestServer;
let as: Record<"communityA" | "communityA2" | "unitA" | "streetA", Client>;
let east: number;
let west: number;
let foreign: number;

beforeAll(async () => {
  ({ world, server, as } = await startWorldServer(db, {
    communityA: "comm-a",
    communityA2: "comm-a2",
    unitA: "unit-a",
    streetA: "street-a",
  }));
  east = createGrid(db, { communityId: world.communities.A.id, name: "东区网格" }).id;
  west = createGrid(db, { communityId: world.communities.A.id, name: "西区网格" }).id;
  foreign = world.grids.southA2.id;
});
afterAll(async () => server?.close());

const text = async (res: Response) => (await res.text()).replaceAll("<!-- -->", "");
const form = (title: string, gridId: string) => ({
  intent: "publish",
  title,
  description: "楼里几位独居老人需要每周有人上门看看",
  category: "养老服务",
  beneficiaryCount: "4",
  urgency: "normal",
  place: "5号楼2单元",
  contactName: "王老师",
  contactPhone: "13800000000",
  source: "grid_worker",
  gridId,
});
const needByTitle = (title: string) => db.select().from(needs).where(eq(needs.title, title)).get();

describe("needs by grid", () => {
  it("puts a need in one of its community's grids, and refuses another community's at the field", async () => {
    const page = await text(await as.communityA.get("/needs/new"));
    expect(page).toContain("所属网格");
    expect(page).toContain(">东区网格</option>");
    expect(page).not.toContain("南区网格");

    expect((await as.communityA.post("/needs/new", form("东区独居老人探访", String(east)))).status).toBe(302);
    const need = needByTitle("东区独居老人探访")!;
    expect(need.gridId).toBe(east);
    // The grid is an area, shown to whoever may read the need; the place stays the community's.
    for (const who of [as.communityA, as.streetA]) {
      const detail = await text(await who.get(`/needs/${need.id}`));
      expect(detail).toContain('data-testid="need-grid">东区网格<');
    }

    const refused = await as.communityA.post("/needs/new", form("别的社区的网格", String(foreign)));
    expect(refused.status).toBe(400);
    expect(await text(refused)).toContain("请选择本社区的网格");
    expect(needByTitle("别的社区的网格")).toBeUndefined();

    // Edited to the other grid, then to none.
    expect((await as.communityA.post(`/needs/${need.id}/edit`, form("东区独居老人探访", String(west)))).status).toBe(
      302,
    );
    expect(needByTitle("东区独居老人探访")!.gridId).toBe(west);
    expect((await as.communityA.post(`/needs/${need.id}/edit`, form("东区独居老人探访", ""))).status).toBe(302);
    expect(needByTitle("东区独居老人探访")!.gridId).toBeNull();
    const edited = await as.communityA.post(`/needs/${need.id}/edit`, form("东区独居老人探访", String(foreign)));
    expect(edited.status).toBe(400);
    expect(needByTitle("东区独居老人探访")!.gridId).toBeNull();
  });

  it("filters the list by grid and counts each grid's open needs on the community's home", async () => {
    for (const [title, gridId] of [
      ["东区楼道灯维修", east],
      ["东区助餐送餐", east],
      ["西区绘本共读", west],
    ] as const)
      expect((await as.communityA.post("/needs/new", form(title, String(gridId)))).status).toBe(302);

    const eastList = await text(await as.communityA.get(`/needs?gridId=${east}`));
    expect(eastList).toContain("东区楼道灯维修");
    expect(eastList).toContain("东区助餐送餐");
    expect(eastList).not.toContain("西区绘本共读");
    expect(eastList).toMatch(/<option value="\d+" selected="">东区网格<\/option>/);
    // A reviewer sees the grid filter once the list is narrowed to one community.
    expect(await text(await as.streetA.get("/needs"))).not.toContain('name="gridId"');
    const reviewer = await text(await as.streetA.get(`/needs?communityId=${world.communities.A.id}&gridId=${west}`));
    expect(reviewer).toContain("西区绘本共读");
    expect(reviewer).not.toContain("东区助餐送餐");

    const home = await text(await as.communityA.get("/"));
    expect(home).toContain("各网格征集中的需求");
    const countOf = (gridId: number, name: string) =>
      new RegExp(`href="/needs\\?gridId=${gridId}&amp;status=open"[^>]*>${name}：<strong>(\\d+)</strong> 条`).exec(
        home,
      )?.[1];
    expect(countOf(east, "东区网格")).toBe("2");
    expect(countOf(west, "西区网格")).toBe("1");
    // The first test's need was taken out of its grid; the world's own need never had one.
    expect(home).toContain("未指定网格：2 条");
  });

  it("does not delete a grid that holds needs, saying so on its row", async () => {
    const refused = await as.communityA.post("/grids", { intent: "delete", gridId: String(west) });
    expect(refused.status).toBe(409);
    expect(await text(refused)).toContain("有 1 条需求属于「西区网格」");
    expect(db.select().from(grids).where(eq(grids.id, west)).get()).toBeDefined();
  });

  it("keeps a need's grid when a spreadsheet re-import updates it", async () => {
    const need = needByTitle("东区楼道灯维修")!;
    const bytes = await filledTemplate("needs", [
      {
        编号: `XQ-${need.id}`,
        标题: "东区楼道灯维修（更换为感应灯）",
        描述: need.description,
        分类: "设施维修",
        受益人数: 4,
        紧急程度: "一般",
        地点: "5号楼2单元",
        联系人: "王老师",
        联系电话: "13800000000",
      },
    ]);
    const result = await runImport({
      owner: { kind: "needs", communityId: world.communities.A.id },
      actorId: world.users.communityA.id,
      bytes,
      fileName: "n.xlsx",
      mode: "save",
    });
    expect(result.ok && result.refusal).toBeNull();
    const after = db.select().from(needs).where(eq(needs.id, need.id)).get()!;
    expect(after.title).toBe("东区楼道灯维修（更换为感应灯）");
    expect(after.gridId).toBe(east);
  });

  it("puts an imported need in the grid its 地点 begins with, when there is one", async () => {
    const row = (code: string, title: string, place: string) => ({
      编号: code,
      标题: title,
      描述: "楼里几位独居老人需要每周有人上门看看",
      分类: "养老服务",
      受益人数: 3,
      紧急程度: "一般",
      地点: place,
      联系人: "王老师",
      联系电话: "13800000000",
    });
    const result = await runImport({
      owner: { kind: "needs", communityId: world.communities.A.id },
      actorId: world.users.communityA.id,
      bytes: await filledTemplate("needs", [
        row("G-1", "东区楼道扶手安装", "东区网格 3号楼"),
        row("G-2", "西区健身器材维修", "西区网格5号楼门前"),
        row("G-3", "北院化粪池清掏", "北院"),
      ]),
      fileName: "n.xlsx",
      mode: "save",
    });
    expect(result.ok && result.saved).toMatchObject({ created: 3 });
    expect(needByTitle("东区楼道扶手安装")!.gridId).toBe(east);
    expect(needByTitle("西区健身器材维修")!.gridId).toBe(west);
    expect(needByTitle("北院化粪池清掏")!.gridId).toBeNull();
  });
});
