/**
 * Templates round-trip (issue 13): download the template → fill it → import (runImport, as the
 * job and the CLI run it) → export the list → re-import the export: every row is an existing item,
 * nothing is duplicated, and the cells edited in the export change the items. Saved rows get the
 * audit rows and the match request a form save writes; a blank 分类 is suggested from the text.
 */
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { needs, resources, units, users } from "#db/schema";
import type { ImportOwner } from "~/models/exchange/import/import-context.server";
import { runImport } from "~/models/exchange/import/import-save.server";
import { needExportRows, resourceExportRows, unitExportRows } from "~/models/exchange/list-export.server";
import { streamedListWorkbook, type Cell } from "~/models/exchange/workbook.server";
import type { ExchangeKind } from "~/models/exchange/columns";
import { loadActor } from "~/utils/auth.server";
import { useFreshDatabase } from "../support/db";
import { createWorld, type World } from "../support/world";
import {
  auditCount,
  filledTemplate,
  loadWorkbook,
  queuedStreetRuns,
  setCell,
  sheetValues,
  tableCount,
  workbookBytes,
} from "./import-helpers";

const db = useFreshDatabase();
let world: World;

beforeAll(async () => {
  world = await createWorld(db);
});

async function save(owner: ImportOwner, bytes: Uint8Array, actorId: number) {
  const preview = await runImport({ owner, actorId, bytes, fileName: "f.xlsx", mode: "preview" });
  const saved = await runImport({ owner, actorId, bytes, fileName: "f.xlsx", mode: "save" });
  if (!preview.ok || !saved.ok) throw new Error(`file refused: ${JSON.stringify(preview)}`);
  expect(saved.refusal).toBeNull();
  return { preview: preview.counts, saved: saved.saved!, plan: saved.plan };
}

async function exported(kind: ExchangeKind, batches: Iterable<Cell[][]>) {
  const response = await streamedListWorkbook(kind, "导出", batches, { ascii: "e.xlsx", chinese: "导出.xlsx" });
  return loadWorkbook(await response.arrayBuffer());
}

const exportUrl = new URL("http://localhost/needs/export");
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

describe("needs: template → import → export → re-import", () => {
  it("creates the rows, suggests a blank category, then takes the export back as updates", async () => {
    const actor = loadActor(world.users.communityA.id)!;
    const owner = { kind: "needs", communityId: world.communities.A.id } as const;
    const needsBefore = tableCount(db, needs);
    const runsBefore = queuedStreetRuns(db, world.streets.A.id);
    const template = await filledTemplate("needs", [
      {
        编号: "DC-001",
        标题: "独居老人春节上门探访",
        描述: "每周上门探访、陪伴聊天",
        分类: "养老服务",
        受益群体: "独居老人",
        受益人数: "12人",
        紧急程度: "较急",
        开始日期: day("2027-03-01"),
        结束日期: "2027/5/31",
        地点: "3号网格 5号楼",
        联系人: "王老师",
        联系电话: "13800000000",
      },
      { 标题: '社区"四点半"课堂', 描述: "放学后作业辅导", 受益人数: 30, 开始日期: "2027年3月1日" },
      { 编号: "DC-003", 标题: "楼道灯维修更换", 分类: "设施维修", 紧急程度: "紧急", 结束日期: "2027.3.15" },
    ]);

    const first = await save(owner, template, actor.id);
    expect(first.preview).toMatchObject({ total: 3, created: 3, updated: 0, bad: 0 });
    expect(first.saved).toMatchObject({ created: 3, updated: 0 });
    expect(first.plan[1]!.row.suggestedCategory).toBe("课后托管");
    expect(tableCount(db, needs)).toBe(needsBefore + 3);
    const mine = db.select().from(needs).where(eq(needs.communityId, owner.communityId)).all();
    const dc1 = mine.find((n) => n.externalCode === "DC-001")!;
    expect(dc1).toMatchObject({
      status: "open",
      category: "养老服务",
      beneficiaryCount: 12,
      urgency: "high",
      startDate: "2027-03-01",
      endDate: "2027-05-31",
      contactPhone: "13800000000",
      createdBy: actor.id,
    });
    const suggested = mine.find((n) => n.title === '社区"四点半"课堂')!;
    expect(suggested).toMatchObject({ category: "课后托管", externalCode: null, startDate: "2027-03-01" });
    expect(auditCount(db, "need.create", actor.id)).toBe(3);
    // One street-wide match request covers every need the file touched.
    expect(queuedStreetRuns(db, world.streets.A.id)).toBe(runsBefore + 1);

    // The community exports its list (every status), edits two cells and imports the file back.
    const workbook = await exported("needs", needExportRows(actor, exportUrl));
    const sheet = workbook.worksheets[0]!;
    const codes = sheetValues(sheet)
      .slice(1)
      .map((r) => String(r[0]));
    expect(codes).toContain("DC-001");
    expect(codes).toContain(`XQ-${suggested.id}`);
    expect(codes).toContain(`XQ-${world.needs.withdrawnA.id}`);
    setCell(sheet, "DC-001", "受益人数", 20);
    setCell(sheet, `XQ-${suggested.id}`, "标题", "社区四点半课堂（春季班）");
    const needsAfterFirst = tableCount(db, needs);
    const again = await save(owner, await workbookBytes(workbook), actor.id);
    // Rows saying what the item holds are not written, even for a need no longer editable.
    expect(again.preview).toEqual({ total: codes.length, created: 0, updated: 2, unchanged: codes.length - 2, bad: 0 });
    expect(tableCount(db, needs)).toBe(needsAfterFirst);
    const after = (id: number) => db.select().from(needs).where(eq(needs.id, id)).get()!;
    expect(after(dc1.id).beneficiaryCount).toBe(20);
    expect(after(suggested.id).title).toBe("社区四点半课堂（春季班）");
    // Re-importing does not publish a draft nor revive a withdrawn need.
    expect(after(world.needs.draftA.id).status).toBe("draft");
    expect(after(world.needs.withdrawnA.id).status).toBe("withdrawn");
    expect(auditCount(db, "need.update", actor.id)).toBe(2);

    // A third import of the same file changes nothing and still duplicates nothing.
    await save(owner, await workbookBytes(workbook), actor.id);
    expect(tableCount(db, needs)).toBe(needsAfterFirst);
  });
});

describe("resources: template → import → export → re-import", () => {
  it("creates the unit's resources, then takes its export back as updates", async () => {
    const actor = loadActor(world.users.unitA.id)!;
    const owner = { kind: "resources", unitId: world.units.A.id } as const;
    const runsBefore = queuedStreetRuns(db, world.streets.A.id);
    const template = await filledTemplate("resources", [
      {
        编号: "YY-01",
        标题: "周末义诊进社区",
        描述: "内科、全科医生各 1 名",
        分类: "医疗健康",
        类型: "专业服务",
        可服务次数: "3",
        "服务半径（公里）": 2.5,
        开始日期: day("2027-01-01"),
        结束日期: "2027-12-31",
      },
      { 标题: "法律咨询进社区", 描述: "律师每月坐班答疑", 类型: "专业服务", 可服务次数: 2 },
    ]);
    const first = await save(owner, template, actor.id);
    expect(first.preview).toMatchObject({ created: 2, updated: 0, bad: 0 });
    expect(first.plan[1]!.row.suggestedCategory).toBe("法律服务");
    const mine = () => db.select().from(resources).where(eq(resources.unitId, owner.unitId)).all();
    const yy = mine().find((r) => r.externalCode === "YY-01")!;
    expect(yy).toMatchObject({ kind: "expertise", capacity: 3, serviceRadiusKm: 2.5, startDate: "2027-01-01" });
    expect(auditCount(db, "resource.create", actor.id)).toBe(2);
    expect(queuedStreetRuns(db, world.streets.A.id)).toBe(runsBefore + 1);

    const count = mine().length;
    const workbook = await exported("resources", resourceExportRows(actor, exportUrl));
    setCell(workbook.worksheets[0]!, "YY-01", "可服务次数", 5);
    setCell(workbook.worksheets[0]!, `ZY-${world.resources.A.id}`, "服务半径（公里）", 4);
    const again = await save(owner, await workbookBytes(workbook), actor.id);
    expect(again.preview).toEqual({ total: count, created: 0, updated: 2, unchanged: count - 2, bad: 0 });
    expect(mine().length).toBe(count);
    expect(db.select().from(resources).where(eq(resources.id, yy.id)).get()!.capacity).toBe(5);
    expect(db.select().from(resources).where(eq(resources.id, world.resources.A.id)).get()!.serviceRadiusKm).toBe(4);
    expect(db.select().from(resources).where(eq(resources.id, world.resources.withdrawnA.id)).get()!.status).toBe(
      "withdrawn",
    );
  });
});

describe("units: template → import → export → re-import", () => {
  it("creates units with coordinates and liaison, then takes the export back as updates", async () => {
    const admin = world.users.admin.id;
    const owner = { kind: "units" } as const;
    const template = await filledTemplate("units", [
      {
        编号: "DW-A01",
        名称: "区图书馆",
        类型: "事业单位",
        所属街道: "东城街道",
        地址: "东城路 9 号",
        纬度: 39.912345,
        经度: "116.40",
        联络员: "赵敏",
        联络员电话: "13900001111",
      },
      { 名称: "城建集团", 类型: "国有企业", 所属街道: "西湖 街道", 纬度: "30.25", 经度: "120.15" },
    ]);
    const first = await save(owner, template, admin);
    expect(first.preview).toMatchObject({ created: 2, updated: 0, bad: 0 });
    const library = db.select().from(units).where(eq(units.externalCode, "DW-A01")).get()!;
    expect(library).toMatchObject({
      streetId: world.streets.A.id,
      lat: 39.912345,
      lng: 116.4,
      liaisonName: "赵敏",
      liaisonPhone: "13900001111",
    });
    const group = db
      .select()
      .from(units)
      .where(and(eq(units.name, "城建集团"), eq(units.streetId, world.streets.B.id)))
      .get()!;
    expect(auditCount(db, "unit.create", admin)).toBe(2);

    const count = tableCount(db, units);
    const workbook = await exported("units", unitExportRows());
    setCell(workbook.worksheets[0]!, "DW-A01", "联络员电话", "13900002222");
    setCell(workbook.worksheets[0]!, `DW-${group.id}`, "地址", "西湖路 2 号");
    const again = await save(owner, await workbookBytes(workbook), admin);
    // The two edited, and the world's two units, whose liaison accounts the export named.
    expect(again.preview).toEqual({ total: count, created: 0, updated: 4, unchanged: 0, bad: 0 });
    expect(tableCount(db, units)).toBe(count);
    expect(db.select().from(units).where(eq(units.id, library.id)).get()!.liaisonPhone).toBe("13900002222");
    expect(db.select().from(units).where(eq(units.id, group.id)).get()!.address).toBe("西湖路 2 号");
    const liaison = db.select().from(users).where(eq(users.id, world.users.unitA.id)).get()!;
    expect(db.select().from(units).where(eq(units.id, world.units.A.id)).get()!.liaisonName).toBe(liaison.displayName);
    // Once more: nothing left to change.
    const third = await save(owner, await workbookBytes(workbook), admin);
    expect(third.preview).toMatchObject({ created: 0, updated: 0, unchanged: count });
  });
});
