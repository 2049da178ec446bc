/**
 * Per kind: how a row's columns become the form's input, which schema checks it (the form's own,
 * so an import accepts exactly what the form accepts), and which column each schema field is.
 */
import { z } from "zod";
import { suggestCategory } from "#domain/categorize";
import { CATEGORY_LABELS } from "#domain/taxonomy";
import { UNIT_KINDS } from "#domain/vocabulary";
import { needFormSchema, URGENCY_LABELS, type NeedFormValues } from "~/schemas/need";
import { RESOURCE_KIND_LABELS, resourceFormSchema, type ResourceFormValues } from "~/schemas/resource";
import {
  communityFormSchema,
  ROLE_SCOPE,
  streetFormSchema,
  unitFormSchema,
  userCreateSchema,
  type StreetFormValues,
} from "~/schemas/admin";
import { optionalText } from "~/schemas/common";
import { gridNameListField } from "~/schemas/grid";
import { ROLE_LABELS } from "~/utils/permissions";
import { IMPORTABLE_ROLES } from "../columns";
import { normalizeName } from "./headers";
import type { CheckContext, KindCheck } from "./check-types";
import { labelMap, type RowInput } from "./row-input";
import {
  gridStructureCheck,
  memberCheck,
  type GridStructureValues,
  type MemberImportValues,
} from "./row-check-network";
import type { ImportKind } from "./types";

export type { CheckContext, KindCheck };

// The phone rule of the need form, reused for a unit's liaison rather than copied.
const phoneField = needFormSchema.innerType().shape.contactPhone;

const unitImportSchema = unitFormSchema.extend({
  liaisonName: optionalText("联络员", 20),
  liaisonPhone: phoneField,
});

/** A community with the grids a 网格 cell lists (optional column: absent, it lists none). */
const communityImportSchema = communityFormSchema.extend({ grids: gridNameListField });

const ImportableRole = z.enum(IMPORTABLE_ROLES, { errorMap: () => ({ message: "请选择角色" }) });
const accountImportSchema = userCreateSchema
  .innerType()
  .omit({ password: true })
  .extend({ role: ImportableRole })
  .superRefine((value, ctx) => {
    const scope = ROLE_SCOPE[value.role];
    if (scope && value[scope.field as "communityId" | "unitId"] === undefined) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: [scope.field], message: `请选择${scope.label}` });
    }
  });

export type NeedImportValues = NeedFormValues;
export type ResourceImportValues = ResourceFormValues;
export type UnitImportValues = z.infer<typeof unitImportSchema>;
export type StreetImportValues = StreetFormValues;
export type CommunityImportValues = z.infer<typeof communityImportSchema>;
export type AccountImportValues = z.infer<typeof accountImportSchema>;

export interface ImportValues {
  needs: NeedImportValues;
  resources: ResourceImportValues;
  units: UnitImportValues;
  streets: StreetImportValues;
  communities: CommunityImportValues;
  accounts: AccountImportValues;
  members: MemberImportValues;
  grid_structure: GridStructureValues;
}

const urgencies = labelMap(URGENCY_LABELS);
const resourceKinds = labelMap(RESOURCE_KIND_LABELS, { 岗位: "jobs_training", 培训: "jobs_training" });
const unitKinds = labelMap(
  Object.fromEntries(UNIT_KINDS.map((k) => [k, k])) as Record<(typeof UNIT_KINDS)[number], string>,
);
const roles = labelMap(
  Object.fromEntries(IMPORTABLE_ROLES.map((r) => [r, ROLE_LABELS[r]])) as Record<
    (typeof IMPORTABLE_ROLES)[number],
    string
  >,
  { 社区: "community", 社区工作者: "community", 单位联络员: "unit", 联络员: "unit", 驻区单位: "unit" },
);
const categories = new Map(CATEGORY_LABELS.map((c) => [normalizeName(c), c]));

/** The 分类 cell as a category, or one suggested from the text when it is blank. */
function category(row: RowInput, title = "", description = "") {
  const text = row.text("分类");
  if (text !== undefined) {
    const label = categories.get(normalizeName(text));
    if (!label) row.fail("分类", `分类「${text}」不在列表中，可选：${CATEGORY_LABELS.join("、")}`);
    return { category: label };
  }
  // Without a title there is nothing to suggest from; the title's own error says what to do.
  if (row.hasError("分类") || !title) return { category: undefined };
  const suggestion = suggestCategory(title, description);
  if (!suggestion) {
    row.fail("分类", "无法根据标题判断分类，请填写分类");
    return { category: undefined };
  }
  return { category: suggestion.category, suggestedCategory: suggestion.category };
}

function windowNote(row: RowInput, endDate: string | undefined, context: CheckContext) {
  if (endDate && endDate < context.today) row.notes.push(`结束日期 ${endDate} 已过，保存后将标记为已过期`);
}

const dates = (row: RowInput) => ({ startDate: row.date("开始日期"), endDate: row.date("结束日期") });

/** The columns a need and a resource share: title, description, window and category (or its suggestion). */
function catalogColumns(row: RowInput, context: CheckContext) {
  const title = row.text("标题");
  const description = row.text("描述");
  const window = dates(row);
  windowNote(row, window.endDate, context);
  const { category: cat, suggestedCategory } = category(row, title, description);
  return { suggestedCategory, shared: { title, description, category: cat, ...window } };
}

export const KIND_CHECKS: Record<ImportKind, KindCheck> = {
  needs: {
    schema: needFormSchema,
    columns: {
      title: "标题",
      description: "描述",
      category: "分类",
      beneficiaryGroup: "受益群体",
      beneficiaryCount: "受益人数",
      urgency: "紧急程度",
      startDate: "开始日期",
      endDate: "结束日期",
      place: "地点",
      contactName: "联系人",
      contactPhone: "联系电话",
    },
    input(row, context) {
      const { suggestedCategory, shared } = catalogColumns(row, context);
      return {
        suggestedCategory,
        input: {
          ...shared,
          beneficiaryGroup: row.text("受益群体"),
          beneficiaryCount: row.numberText("受益人数"),
          urgency: row.choice("紧急程度", urgencies, Object.values(URGENCY_LABELS)),
          place: row.text("地点"),
          contactName: row.text("联系人"),
          contactPhone: row.text("联系电话"),
          source: "grid_worker",
          intent: "publish",
        },
      };
    },
  },
  resources: {
    schema: resourceFormSchema,
    columns: {
      title: "标题",
      description: "描述",
      category: "分类",
      kind: "类型",
      capacity: "可服务次数",
      serviceRadiusKm: "服务半径（公里）",
      startDate: "开始日期",
      endDate: "结束日期",
    },
    renames: [["可服务需求数", "可服务次数"]],
    input(row, context) {
      const { suggestedCategory, shared } = catalogColumns(row, context);
      return {
        suggestedCategory,
        input: {
          ...shared,
          kind: row.choice("类型", resourceKinds, Object.values(RESOURCE_KIND_LABELS)),
          capacity: row.numberText("可服务次数"),
          serviceRadiusKm: row.numberText("服务半径（公里）"),
        },
      };
    },
  },
  units: {
    schema: unitImportSchema,
    columns: {
      name: "名称",
      kind: "类型",
      streetId: "所属街道",
      address: "地址",
      lat: "纬度",
      lng: "经度",
      liaisonName: "联络员",
      liaisonPhone: "联络员电话",
    },
    renames: [["所在街道", "所属街道"]],
    input: (row, context) => ({
      input: {
        name: row.text("名称"),
        kind: row.choice("类型", unitKinds, UNIT_KINDS),
        streetId: row.lookup("所属街道", context.streetsByName, "街道"),
        address: row.text("地址"),
        lat: row.number("纬度"),
        lng: row.number("经度"),
        liaisonName: row.text("联络员"),
        liaisonPhone: row.text("联络员电话"),
      },
    }),
  },
  streets: {
    schema: streetFormSchema,
    columns: { name: "名称", districtId: "所属区" },
    input: (row, context) => ({
      input: { name: row.text("名称"), districtId: row.lookup("所属区", context.districtsByName, "区") },
    }),
  },
  communities: {
    schema: communityImportSchema,
    columns: { name: "名称", streetId: "所属街道", lat: "纬度", lng: "经度", grids: "网格" },
    input: (row, context) => ({
      input: {
        name: row.text("名称"),
        streetId: row.lookup("所属街道", context.streetsByName, "街道"),
        lat: row.number("纬度"),
        lng: row.number("经度"),
        grids: row.text("网格"),
      },
    }),
  },
  accounts: {
    schema: accountImportSchema,
    columns: { username: "用户名", displayName: "姓名", role: "角色", communityId: "所属社区", unitId: "所属单位" },
    input(row, context) {
      const role = row.choice(
        "角色",
        roles,
        IMPORTABLE_ROLES.map((r) => ROLE_LABELS[r]),
      );
      // Only the column the role needs is read: a shared sheet may fill both.
      return {
        input: {
          username: row.text("用户名"),
          displayName: row.text("姓名"),
          role,
          communityId: role === "community" ? row.lookup("所属社区", context.communitiesByName, "社区") : undefined,
          unitId: role === "unit" ? row.lookup("所属单位", context.unitsByName, "单位") : undefined,
        },
      };
    },
  },
  members: memberCheck,
  grid_structure: gridStructureCheck,
};
