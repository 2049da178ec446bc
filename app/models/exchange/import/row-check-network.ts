/**
 * The row checks of issue 14's two imports (decisions 040, 041): a unit's in-service party members,
 * checked with the liaison's own registration form schema, and the grid structure (one row per
 * building, or per grid without buildings), checked with the grid and building forms' fields. In
 * the grid structure a blank cell says nothing (it never clears what is stored), so its optional
 * fields are those forms' fields without their defaults.
 */
import { z } from "zod";
import { buildingFormSchema, gridFormSchema } from "~/schemas/grid";
import { memberRegisterSchema, type MemberRegisterValues } from "~/schemas/member";
import type { CheckContext, KindCheck } from "./check-types";
import { namesOnly, resolveCommunity } from "./community-names";
import type { RowInput } from "./row-input";

/** The community a cell names (a name, 「街道/社区」 or, for grids, a 编号), or its error at that column. */
function community(row: RowInput, header: string, context: CheckContext): number | undefined {
  const text = row.text(header);
  if (text === undefined) return undefined;
  const found = resolveCommunity(text, context.communities ?? namesOnly(context.communitiesByName));
  if ("error" in found) {
    row.fail(header, found.error);
    return undefined;
  }
  return found.id;
}

export type MemberImportValues = MemberRegisterValues;

export const memberCheck: KindCheck = {
  schema: memberRegisterSchema,
  columns: { name: "姓名", phone: "手机号", communityId: "居住社区", externalCode: "编号" },
  input: (row, context) => ({
    input: {
      name: row.text("姓名"),
      phone: row.text("手机号"),
      communityId: community(row, "居住社区", context),
      externalCode: row.text("编号"),
    },
  }),
};

const grid = gridFormSchema.shape;
const building = buildingFormSchema.shape;

const gridStructureSchema = z.object({
  communityId: z.number({ required_error: "请填写社区", invalid_type_error: "请填写社区" }),
  gridName: grid.name,
  area: grid.area.removeDefault(),
  leaderName: grid.leaderName.removeDefault(),
  branchName: grid.branchName.removeDefault(),
  secretaryName: grid.secretaryName.removeDefault(),
  buildingName: building.name.optional(),
  groupLeaderName: building.groupLeaderName.removeDefault(),
  households: building.households.removeDefault(),
});
export type GridStructureValues = z.infer<typeof gridStructureSchema>;

/** The grid's columns, as the grids table names them (the plan and the save compare them). */
export const GRID_FIELDS = ["area", "leaderName", "branchName", "secretaryName"] as const;
/** The building's columns besides its name. */
export const BUILDING_FIELDS = ["groupLeaderName", "households"] as const;

export const GRID_STRUCTURE_COLUMNS: Record<string, string> = {
  communityId: "社区",
  gridName: "网格",
  area: "网格范围",
  leaderName: "网格长",
  branchName: "网格党支部",
  secretaryName: "支部书记",
  buildingName: "楼栋",
  groupLeaderName: "楼栋党小组长",
  households: "住户数",
};

export const gridStructureCheck: KindCheck = {
  schema: gridStructureSchema,
  columns: GRID_STRUCTURE_COLUMNS,
  renames: [
    ["网格名称", "网格"],
    ["楼栋名称", "楼栋"],
  ],
  input(row, context) {
    // A building's columns without a building would be dropped without a word: say so at 楼栋.
    if (row.isBlank("楼栋") && (!row.isBlank("楼栋党小组长") || !row.isBlank("住户数")))
      row.fail("楼栋", "填写了楼栋党小组长或住户数时，请填写楼栋");
    return {
      input: {
        communityId: community(row, "社区", context),
        gridName: row.text("网格"),
        area: row.text("网格范围"),
        leaderName: row.text("网格长"),
        branchName: row.text("网格党支部"),
        secretaryName: row.text("支部书记"),
        buildingName: row.text("楼栋"),
        groupLeaderName: row.text("楼栋党小组长"),
        households: row.numberText("住户数"),
      },
    };
  },
};
