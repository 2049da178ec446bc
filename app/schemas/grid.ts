import { z } from "zod";
import { nonNegativeInt, optionalText, requiredText } from "./common";
import { needFormSchema } from "./need";

export const gridNameField = requiredText("网格名称", 2, 20);

/** How many grids a community may have: real ones have 3–20; a bigger number is a mistaken column. */
export const GRIDS_PER_COMMUNITY_MAX = 100;

/**
 * A cell listing a community's grids, as staff type it: 1号网格、2号网格 / 一网格,二网格 / one per
 * line. Blank is no grids; a name given twice counts once.
 */
export const gridNameListField = z
  .string()
  .optional()
  .transform((text) => [
    ...new Set(
      (text ?? "")
        .split(/[、，,;；/\n]+/)
        .map((name) => name.trim())
        .filter((name) => name !== ""),
    ),
  ])
  .pipe(
    z
      .array(gridNameField)
      .max(GRIDS_PER_COMMUNITY_MAX, `一个社区最多 ${GRIDS_PER_COMMUNITY_MAX} 个网格，请检查“网格”一列`),
  );

/** A 纬度 or 经度 that may be left blank, with the community form's range and messages. */
const optionalCoordinate = (label: string, limit: number) => {
  const range = `${label}须在 -${limit} 到 ${limit} 之间`;
  return z
    .number({ invalid_type_error: `${label}须为数字` })
    .min(-limit, range)
    .max(limit, range)
    .optional();
};

/** A grid as its community keeps it: the network's second level (网格 + 网格党支部). */
export const gridFormSchema = z.object({
  name: gridNameField,
  area: optionalText("网格范围", 100),
  leaderName: optionalText("网格长", 20),
  branchName: optionalText("网格党支部", 40),
  secretaryName: optionalText("支部书记", 20),
  // The grid's centre, for the map (WGS-84 like every stored point, decision 036): both or neither.
  lat: optionalCoordinate("纬度", 90),
  lng: optionalCoordinate("经度", 180),
});
export type GridFormValues = z.infer<typeof gridFormSchema>;

/**
 * Half a point is no place: the missing one is asked for at its own field. A refinement rather
 * than part of gridFormSchema, which stays an object (the save route extends it, the grid
 * structure import takes its fields one by one).
 */
export function refineGridLocation(value: { lat?: number; lng?: number }, ctx: z.RefinementCtx) {
  if (value.lat !== undefined && value.lng === undefined)
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["lng"], message: "已填纬度，请同时填写经度（或两者都不填）" });
  if (value.lng !== undefined && value.lat === undefined)
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["lat"], message: "已填经度，请同时填写纬度（或两者都不填）" });
}

/** The grid form as the browser checks it. */
export const gridFormChecked = gridFormSchema.superRefine(refineGridLocation);

/** Which grid a delete or an edit is about. */
export const gridIdSchema = z.object({ gridId: z.coerce.number().int().positive() });

/** A building of a grid (楼栋) and its party group's leader (楼栋党小组长). */
export const buildingFormSchema = z.object({
  name: requiredText("楼栋名称", 1, 20),
  groupLeaderName: optionalText("楼栋党小组长", 20),
  households: nonNegativeInt("住户数", 5000).optional().default(0),
});
export type BuildingFormValues = z.infer<typeof buildingFormSchema>;

export const buildingIdSchema = z.object({ buildingId: z.coerce.number().int().positive() });

/**
 * A phone as the need form takes a contact's (mobile or landline, spaces dropped, a Chinese
 * message at the field): one rule for every phone staff type, as the spreadsheet import does too.
 */
const phoneField = needFormSchema.innerType().shape.contactPhone;

/** More than this is a typo: a 中心户 keeps in touch with a few to a few dozen homes around theirs. */
export const HOUSEHOLDS_LINKED_MAX = 100;

/** A building's party member household (党员中心户), the network's fourth level. */
export const householdFormSchema = z.object({
  memberName: requiredText("中心户姓名", 2, 20),
  room: optionalText("门牌号", 20),
  phone: phoneField,
  linkedHouseholds: nonNegativeInt("联系户数", HOUSEHOLDS_LINKED_MAX).optional().default(0),
});
export type HouseholdFormValues = z.infer<typeof householdFormSchema>;

export const householdIdSchema = z.object({ householdId: z.coerce.number().int().positive() });
