/**
 * Templates and list exports through the served build (issue 13, decision 033): the headers the
 * issue names, one row per item the list shows to that account, the list's filters, residents'
 * details only for the owning community (and a unit of an agreed project), free text scrubbed for
 * everyone else, templates for the importing role only.
 */
import { readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import ExcelJS from "exceljs";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { users } from "#db/schema";
import { CATEGORY_LABELS } from "#domain/taxonomy";
import { RESOURCE_KINDS, UNIT_KINDS, URGENCIES } from "#domain/vocabulary";
import { URGENCY_LABELS } from "~/schemas/need";
import { PROJECT_STATUS_LABELS } from "~/schemas/project-labels";
import { RESOURCE_KIND_LABELS } from "~/schemas/resource";
import { createNeed, createProject } from "~/seed/factories";
import { useOwnDataFolder } from "../support/db";
import type { Client, TestServer } from "../support/server";
import { SECRET_PHONE, WORLD_LOGINS, type World } from "../support/world";
import { startWorldServer } from "../support/world-server";

const db = useOwnDataFolder("list-export");

const NEED_HEADERS = "编号, 标题, 描述, 分类, 受益群体, 受益人数, 紧急程度, 开始日期, 结束日期, 地点, 联系人, 联系电话";
const RESOURCE_HEADERS = "编号, 标题, 描述, 分类, 类型, 可服务次数, 服务半径（公里）, 开始日期, 结束日期";
const UNIT_HEADERS = "编号, 名称, 类型, 所属街道, 地址, 纬度, 经度, 联络员, 联络员电话";
const split = (headers: string) => headers.split(", ");

/** A resident named in free text by community A: the community reads it, nobody else does. */
const NAMED = { phone: "13911112222", text: "请联系3号楼居民王秀英，电话13911112222" };

let world: World;
let server: TestServer;
let as: Record<keyof typeof WORLD_LOGINS, Client>;
let named: number;
const tempDirs = () => readdirSync(tmpdir()).filter((name) => name.startsWith("list-export-"));
let tempBefore: string[];

beforeAll(async () => {
  tempBefore = tempDirs();
  ({ world, server, as } = await startWorldServer(db, WORLD_LOGINS, {
    beforeStart: (w) => {
      named = createNeed(db, {
        communityId: w.communities.A.id,
        title: "助老送餐",
        description: NAMED.text,
        category: "养老服务",
        urgency: "urgent",
        startDate: "2027-01-05",
        contactName: "李卫东",
        contactPhone: "13633334444",
      }).id;
      // Need A is held by a project unit A agreed to (approved): unit A may see its contact.
      createProject(db, {
        communityId: w.communities.A.id,
        status: "approved",
        period: "2027-Q1",
        goals: "每周上门探访",
        needIds: [w.needs.A.id],
        resources: [{ resourceId: w.resources.A.id, unitId: w.units.A.id }],
      });
    },
  }));
});

afterAll(async () => {
  // Each export's temporary file is removed once sent.
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(tempDirs().filter((name) => !tempBefore.includes(name))).toEqual([]);
  await server?.close();
});

async function workbookOf(res: Response) {
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("spreadsheetml");
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  return workbook;
}

/** A sheet as rows of cell values (row 1 the headers), empty cells as "". */
function rowsOf(sheet: ExcelJS.Worksheet): (string | number)[][] {
  const rows: (string | number)[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: (string | number)[] = [];
    for (let c = 1; c <= sheet.columnCount; c++) {
      const v = row.getCell(c).value;
      cells.push(v === null || v === undefined ? "" : (v as string | number));
    }
    rows.push(cells);
  });
  return rows;
}

/** The item id in an exported 编号: `XQ-12` for a need (the code re-imports as an update), a project's plain id. */
function idOfCode(cell: string | number | undefined): number {
  const text = String(cell ?? "");
  const code = /^(?:XQ|ZY|DW)-(\d+)$/.exec(text);
  return Number(code ? code[1] : text);
}

async function exported(client: Client, path: string) {
  const rows = rowsOf((await workbookOf(await client.get(path))).worksheets[0]!);
  const [headers, ...body] = rows;
  return { headers, body, ids: body.map((r) => idOfCode(r[0])).sort((a, b) => a - b) };
}

/** The ids the list page links to, as the account sees it. */
async function listedIds(client: Client, path: string, kind: "needs" | "resources" | "projects") {
  const res = await client.get(path);
  expect(res.status).toBe(200);
  const html = await res.text();
  const ids = [...html.matchAll(new RegExp(`href="/${kind}/(\\d+)"`, "g"))].map((m) => Number(m[1]));
  return [...new Set(ids)].sort((a, b) => a - b);
}

describe("templates", () => {
  it("gives each importing role its kind's headers, an example row and a 说明 sheet of every allowed value", async () => {
    for (const [who, kind, headers] of [
      ["communityA", "needs", NEED_HEADERS],
      ["unitA", "resources", RESOURCE_HEADERS],
      ["admin", "units", UNIT_HEADERS],
    ] as const) {
      const workbook = await workbookOf(await as[who].get(`/templates/${kind}`));
      const [head, example, ...rest] = rowsOf(workbook.worksheets[0]!);
      expect(head).toEqual(split(headers));
      expect(example!.filter((v) => v !== "").length).toBeGreaterThan(3);
      expect(rest).toEqual([]);
      const notes = workbook.getWorksheet("说明");
      expect(notes).toBeDefined();
      const listed = new Set(rowsOf(notes!).flat().map(String));
      for (const header of split(headers)) expect(listed).toContain(header);
      for (const value of [
        ...CATEGORY_LABELS,
        ...URGENCIES.map((u) => URGENCY_LABELS[u]),
        ...UNIT_KINDS,
        ...RESOURCE_KINDS.map((k) => RESOURCE_KIND_LABELS[k]),
      ])
        expect(listed, value).toContain(value);
    }
  });

  it("refuses the roles that do not import that kind", async () => {
    for (const [who, kind] of [
      ["streetA", "needs"],
      ["unitA", "needs"],
      ["communityA", "resources"],
      ["district", "resources"],
      ["unitA", "units"],
      ["communityA", "units"],
    ] as const) {
      expect((await as[who].get(`/templates/${kind}`)).status, `${who} ${kind}`).toBe(403);
    }
  });
});

describe("list exports", () => {
  it("exports exactly the needs each account's list shows, with the issue's headers", async () => {
    for (const who of ["communityA", "communityB", "unitA", "streetA", "district"] as const) {
      const { headers, ids } = await exported(as[who], "/needs/export");
      expect(headers).toEqual(split(NEED_HEADERS));
      expect(ids.length, who).toBeGreaterThan(0);
      expect(ids, who).toEqual(await listedIds(as[who], "/needs", "needs"));
    }
    expect((await as.admin.get("/needs/export")).status).toBe(403);
  });

  it("honours the list's filters", async () => {
    const byCategory = await exported(as.communityA, "/needs/export?category=%E5%85%BB%E8%80%81%E6%9C%8D%E5%8A%A1");
    expect(byCategory.ids).toEqual([world.needs.A.id, named].sort((a, b) => a - b));
    const drafts = await exported(as.communityA, "/needs/export?status=draft");
    expect(drafts.ids).toEqual([world.needs.draftA.id]);
    const searched = await exported(as.streetA, `/needs/export?q=${encodeURIComponent("杂物")}`);
    expect(searched.ids).toEqual([world.needs.A2.id]);
    const kinds = await exported(as.streetA, "/resources/export?status=open");
    expect(kinds.ids).toEqual([world.resources.A.id]);
  });

  it("links 导出 Excel on the list page to the export of what the page shows", async () => {
    const page = await (await as.streetA.get(`/needs?category=${encodeURIComponent("环境整治")}`)).text();
    const href = /<a href="(\/needs\/export[^"]*)"[^>]*>导出 Excel<\/a>/.exec(page)?.[1]?.replaceAll("&amp;", "&");
    expect(href).toBeDefined();
    expect((await exported(as.streetA, href!)).ids).toEqual([world.needs.A2.id]);
  });

  it("fills contact and place for the owning community and the agreed unit only, and scrubs free text for others", async () => {
    const rowOf = (body: (string | number)[][], id: number) => body.find((r) => idOfCode(r[0]) === id)!;
    const community = await exported(as.communityA, "/needs/export");
    const own = rowOf(community.body, world.needs.A.id);
    expect(own.slice(9)).toEqual(["3号网格 5号楼", "王秀英", SECRET_PHONE]);
    const ownNamed = rowOf(community.body, named);
    expect(ownNamed[2]).toBe(NAMED.text);
    expect(ownNamed[6]).toBe(URGENCY_LABELS.urgent);
    expect(ownNamed[7]).toBe("2027-01-05");

    const unit = await exported(as.unitA, "/needs/export");
    expect(rowOf(unit.body, world.needs.A.id).slice(9)).toEqual(["3号网格 5号楼", "王秀英", SECRET_PHONE]);
    expect(rowOf(unit.body, world.needs.A2.id).slice(9)).toEqual(["", "", ""]);

    for (const who of ["streetA", "district"] as const) {
      const { body } = await exported(as[who], "/needs/export");
      for (const row of body) expect(row.slice(9), who).toEqual(["", "", ""]);
      const text = JSON.stringify(body);
      for (const secret of [SECRET_PHONE, "王秀英", NAMED.phone, "13633334444", "3号网格"])
        expect(text, `${who} ${secret}`).not.toContain(secret);
      expect(rowOf(body, named)[2]).toContain("【电话已隐去】");
    }
  });

  it("exports resources, projects and units with the list's scope", async () => {
    for (const who of ["unitA", "communityA", "streetB", "district"] as const) {
      const { headers, ids } = await exported(as[who], "/resources/export");
      expect(headers).toEqual(split(RESOURCE_HEADERS));
      expect(ids.length, who).toBeGreaterThan(0);
      expect(ids, who).toEqual(await listedIds(as[who], "/resources", "resources"));
    }
    const unitRows = (await exported(as.unitA, "/resources/export")).body;
    const resourceA = unitRows.find((r) => idOfCode(r[0]) === world.resources.A.id)!;
    expect(resourceA.slice(1, 6)).toEqual(["医生进社区义诊", "", "医疗健康", "专业服务", 3]);

    for (const who of ["communityA", "unitA", "streetA", "streetB"] as const) {
      const { headers, ids } = await exported(as[who], "/projects/export?period=all");
      expect(headers![0]).toBe("编号");
      expect(ids, who).toEqual(await listedIds(as[who], "/projects?period=all", "projects"));
      expect(ids.length, who).toBe(who === "streetB" ? 0 : 1);
    }
    const project = (await exported(as.streetA, "/projects/export?period=all")).body[0]!;
    expect(project.slice(2)).toEqual([
      "幸福里社区",
      "每周上门探访",
      "活动共联",
      "",
      "",
      PROJECT_STATUS_LABELS.approved,
      "区人民医院",
    ]);

    const units = await exported(as.admin, "/admin/units/export");
    expect(units.headers).toEqual(split(UNIT_HEADERS));
    expect(units.ids).toEqual([world.units.A.id, world.units.B.id].sort((a, b) => a - b));
    const liaisonA = db.select().from(users).where(eq(users.id, world.users.unitA.id)).get()!.displayName;
    const unitA = units.body.find((r) => idOfCode(r[0]) === world.units.A.id)!;
    expect([...unitA.slice(1, 4), unitA[7]]).toEqual(["区人民医院", "医院", "东城街道", liaisonA]);
    expect((await as.district.get("/admin/units/export")).status).toBe(403);
  });
});
