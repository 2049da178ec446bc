import { z } from "zod";
import type { ImportStatus } from "#domain/vocabulary";

/** The job page's two buttons (docs/decisions/035-spreadsheet-import.md). */
export const importDecisionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("confirm"),
    // A checkbox: "on" when ticked, absent otherwise.
    skipBad: z
      .string()
      .optional()
      .transform((v) => v === "on"),
  }),
  z.object({ intent: z.literal("cancel") }),
]);

export const IMPORT_STATUS_LABELS: Record<ImportStatus, string> = {
  reading: "正在检查",
  previewed: "待确认",
  saving: "正在导入",
  saved: "已导入",
  failed: "失败",
  cancelled: "已取消",
};

/** Where each kind's imported rows are listed, for the link after saving. */
export const IMPORT_LIST_PATHS: Record<string, string> = {
  needs: "/needs",
  resources: "/resources",
  units: "/admin/units",
  streets: "/admin/streets",
  communities: "/admin/communities",
  accounts: "/admin/users",
  members: "/members",
  grid_structure: "/admin/communities",
};
