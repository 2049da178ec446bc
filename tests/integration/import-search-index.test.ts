/**
 * An import writes its rows with the search triggers held back and indexes them together at the
 * end of its transaction (migration 0016, decision 035). What a user relies on: imported needs and
 * resources are found by title, pinyin and category at once; a re-import that changes a title
 * moves the item to its new words and out of its old ones; a form edit afterwards is indexed by
 * the triggers as before; an import that rolls back leaves no index entry behind.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { listNeeds, updateNeed } from "~/models/catalog/needs.server";
import { listResources } from "~/models/catalog/resources.server";
import { runImport } from "~/models/exchange/import/import-save.server";
import type { ImportOwner } from "~/models/exchange/import/import-context.server";
import { needFormSchema } from "~/schemas/need";
import { loadActor } from "~/utils/auth.server";
import type { Actor } from "~/utils/permission-actor";
import { useFreshDatabase } from "../support/db";
import { createWorld, type World } from "../support/world";
import { filledTemplate } from "./import-helpers";

const db = useFreshDatabase();
let world: World;
let community: Actor;
let unit: Actor;

beforeAll(async () => {
  world = await createWorld(db);
  community = loadActor(world.users.communityA.id)!;
  unit = loadActor(world.users.unitA.id)!;
});

const needRow = (code: string, title: string, category = "养老服务") => ({
  编号: code,
  标题: title,
  描述: "每周上门陪伴聊天，帮助购买生活用品",
  分类: category,
  受益人数: 3,
  紧急程度: "一般",
  开始日期: "2027-03-01",
  结束日期: "2027-05-31",
  联系人: "王老师",
  联系电话: "13800000000",
});

async function save(owner: ImportOwner, rows: Record<string, string | number>[], actorId: number) {
  const result = await runImport({
    owner,
    actorId,
    bytes: await filledTemplate(owner.kind === "needs" ? "needs" : "resources", rows),
    fileName: "f.xlsx",
    mode: "save",
  });
  if (!result.ok) throw new Error(result.fileError);
  return result;
}

const needTitles = (q: string) => listNeeds(community, { q }).items.map((n) => n.title);

describe("search after an import", () => {
  it("finds imported needs by title, pinyin and category, and follows a re-imported title", async () => {
    const owner = { kind: "needs", communityId: world.communities.A.id } as const;
    const first = await save(
      owner,
      [
        needRow("S-1", "楼道扶手安装"),
        needRow("S-2", "独居老人助浴", "医疗健康"),
        needRow("S-3", "儿童绘本共读", "课后托管"),
      ],
      world.users.communityA.id,
    );
    expect(first.refusal).toBeNull();
    expect(first.saved).toMatchObject({ created: 3 });
    expect(needTitles("扶手")).toEqual(["楼道扶手安装"]);
    expect(needTitles("zhuyu")).toEqual(["独居老人助浴"]);
    expect(needTitles("课后托管")).toContain("儿童绘本共读");

    // The same codes again: one title changed, one category changed, one as it was.
    const second = await save(
      owner,
      [
        needRow("S-1", "楼梯防滑条铺设"),
        needRow("S-2", "独居老人助浴", "养老服务"),
        needRow("S-3", "儿童绘本共读", "课后托管"),
      ],
      world.users.communityA.id,
    );
    expect(second.saved).toMatchObject({ created: 0, updated: 2 });
    expect(needTitles("扶手")).toEqual([]);
    expect(needTitles("防滑条")).toEqual(["楼梯防滑条铺设"]);
    expect(needTitles("医疗健康")).not.toContain("独居老人助浴");
    expect(needTitles("养老服务")).toContain("独居老人助浴");
    expect(needTitles("绘本")).toEqual(["儿童绘本共读"]);

    // A form edit afterwards goes through the triggers, as every edit outside an import does.
    const id = listNeeds(community, { q: "防滑条" }).items[0]!.id;
    updateNeed(community, id, needFormOf("楼梯扶手与防滑条"));
    expect(needTitles("扶手")).toEqual(["楼梯扶手与防滑条"]);
  });

  it("finds imported resources, and leaves nothing in the index when the import rolls back", async () => {
    const owner = { kind: "resources", unitId: world.units.A.id } as const;
    const resourceRow = (code: string, title: string) => ({
      编号: code,
      标题: title,
      描述: "每月一次，上门服务",
      分类: "医疗健康",
      类型: "专业服务",
      可服务次数: 5,
      "服务半径（公里）": 3,
      开始日期: "2027-03-01",
      结束日期: "2027-05-31",
    });
    await save(owner, [resourceRow("R-1", "中医推拿义诊")], world.users.unitA.id);
    expect(listResources(unit, { q: "推拿" }).items.map((r) => r.title)).toEqual(["中医推拿义诊"]);

    // A bad row without skipBad: nothing saved, and the good row's words are found nowhere.
    const refused = await save(
      owner,
      [resourceRow("R-2", "眼科筛查进社区"), { ...resourceRow("R-3", "口腔检查"), 可服务次数: "很多" }],
      world.users.unitA.id,
    );
    expect(refused.refusal).toContain("未保存任何内容");
    expect(listResources(unit, { q: "眼科" }).items).toEqual([]);
    expect(listResources(unit, { q: "推拿" }).items).toHaveLength(1);
  });
});

function needFormOf(title: string) {
  return needFormSchema.parse({
    title,
    description: "每周上门陪伴聊天，帮助购买生活用品",
    category: "养老服务",
    beneficiaryCount: 3,
    startDate: "2027-03-01",
    endDate: "2027-05-31",
    contactName: "王老师",
    contactPhone: "13800000000",
  });
}
