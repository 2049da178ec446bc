import { z } from "zod";
import { nonNegativeInt, optionalText, requiredText } from "./common";

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

/** A grid as its community keeps it: the network's second level (网格 + 网格党支部). */
export const gridFormSchema = z.object({
  name: gridNameField,
  area: optionalText("网格范围", 100),
  leaderName: optionalText("网格长", 20),
  branchName: optionalText("网格党支部", 40),
  secretaryName: optionalText("支部书记", 20),
});
export type GridFormValues = z.infer<typeof gridFormSchema>;

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
