import { z } from "zod";
import { COBUILDING_FORMS, PROJECT_STATUSES } from "#domain/vocabulary";
import { quarterOf } from "./project-labels";
import { idParam, optionalDate, optionalText, refineWindow, requiredText } from "./common";

const PERIOD_RE = /^\d{4}-Q[1-4]$/;

export const periodField = z
  .string({ required_error: "请选择所属季度" })
  .trim()
  .refine((v) => PERIOD_RE.test(v), "请选择所属季度（如 2027-Q1）");

const formsField = z
  .array(z.enum(COBUILDING_FORMS, { errorMap: () => ({ message: "请选择列表中的共建形式" }) }))
  .min(1, "请至少选择一种共建形式")
  .transform((forms) => COBUILDING_FORMS.filter((f) => forms.includes(f)));

const goalsField = optionalText("项目目标", 2000);

/** A draft's details: everything the community may still change before approval. */
export const projectDraftSchema = z
  .object({
    title: requiredText("项目名称", 4, 60),
    goals: goalsField,
    forms: formsField,
    startDate: optionalDate("开始日期"),
    endDate: optionalDate("结束日期"),
    period: periodField,
  })
  .superRefine(refineWindow);

/** After approval the street's decision stands: only the goals and the schedule may change. */
export const projectScheduleSchema = z
  .object({
    goals: goalsField,
    startDate: optionalDate("开始日期"),
    endDate: optionalDate("结束日期"),
  })
  .superRefine(refineWindow);

const idList = (message: string) =>
  z
    .array(idParam, { required_error: message })
    .min(1, message)
    .transform((ids) => [...new Set(ids)]);

/** A project the community puts together by hand from its open needs and its street's resources. */
export const newProjectSchema = z
  .object({
    needIds: idList("请至少选择一条本社区征集中的需求"),
    resourceIds: idList("请至少选择一项驻区单位的资源"),
    // Left empty, the first chosen need's title is used.
    title: z.string().trim().max(60, "项目名称不能超过 60 个字").optional(),
    goals: goalsField,
    forms: formsField,
    startDate: optionalDate("开始日期"),
    endDate: optionalDate("结束日期"),
    period: periodField,
  })
  .superRefine((value, ctx) => {
    refineWindow(value, ctx);
    if (value.title !== undefined && value.title.length > 0 && value.title.length < 4) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["title"],
        message: "项目名称至少 4 个字（或留空使用需求标题）",
      });
    }
  });

// An empty box arrives as "": treat it as missing so the message asks for a reason.
export const cancelReasonField = z.preprocess(
  (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
  requiredText("取消原因", 2, 200),
);

/** The buttons on the project page, one intent each. */
export const projectActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("approve") }),
  z.object({ intent: z.literal("complete") }),
  z.object({ intent: z.literal("cancel"), reason: cancelReasonField }),
]);

export const projectListFiltersSchema = z.object({
  period: z
    .union([z.literal("all"), periodField])
    .optional()
    .catch(undefined),
  status: z.enum(PROJECT_STATUSES).optional().catch(undefined),
  communityId: idParam.optional().catch(undefined),
});

export type ProjectDraftValues = z.infer<typeof projectDraftSchema>;
export type ProjectScheduleValues = z.infer<typeof projectScheduleSchema>;
export type NewProjectValues = z.infer<typeof newProjectSchema>;
export type ProjectListFilters = z.infer<typeof projectListFiltersSchema>;

/** The quarters a project may be filed under: last quarter to a year ahead, plus the one it has. */
export function periodOptions(now: Date = new Date(), keep?: string): string[] {
  const [year, q] = quarterOf(now).split("-Q").map(Number) as [number, number];
  const out: string[] = [];
  for (let offset = -1; offset <= 4; offset++) {
    const index = year * 4 + (q - 1) + offset;
    out.push(`${Math.floor(index / 4)}-Q${(index % 4) + 1}`);
  }
  if (keep && PERIOD_RE.test(keep) && !out.includes(keep)) out.unshift(keep);
  return out;
}
