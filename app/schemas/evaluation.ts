import { z } from "zod";
import { GRADES } from "#domain/vocabulary";
import { addDays, addYears, chinaToday, chinaYear, fromChinaLocalInput } from "~/utils/china-time";
import { RATING_CRITERIA } from "./evaluation-labels";
import { isValidDate, optionalText } from "./common";
import { isValidLocalDateTime } from "./meeting";

/** One issue of ballots (on opening, and each later batch). */
export const BALLOT_BATCH_MAX = 500;
export const COMMENT_MAX = 300;

/** The form's defaults: this calendar year (in China), voting open for two weeks until 18:00. */
export function evaluationDefaults(now = new Date()) {
  const year = chinaYear(now);
  const inTwoWeeks = addDays(chinaToday(now), 14);
  return {
    periodStart: `${year}-01-01`,
    periodEnd: `${year}-12-31`,
    deadline: `${inTwoWeeks}T18:00`,
    ballotCount: "30",
  };
}

export function defaultEvaluationTitle(unitName: string, periodStart: string) {
  return `${unitName} ${periodStart.slice(0, 4)}年度共驻共建评议`;
}

/** The last day a period starting on `start` may end on: two years, e.g. 2027-01-01 → 2028-12-31. */
export function latestPeriodEnd(start: string): string {
  return addDays(addYears(start, 2), -1);
}

const date = (label: string) =>
  z
    .string({ required_error: `请填写${label}` })
    .trim()
    .refine(isValidDate, `${label}不是有效日期（格式：2027-01-01）`);

export const ballotCountField = z
  .number({ required_error: "请填写评议票张数", invalid_type_error: "评议票张数须为数字" })
  .int("评议票张数须为整数")
  .min(1, "至少发放 1 张评议票")
  .max(BALLOT_BATCH_MAX, `一次最多发放 ${BALLOT_BATCH_MAX} 张评议票`);

const periodFields = z
  .object({ periodStart: date("评议期间开始日期"), periodEnd: date("评议期间结束日期") })
  .superRefine((value, ctx) => {
    // zod runs this even when a date failed its own check ("2026-1-1"): compare only real dates.
    if (!isValidDate(value.periodStart) || !isValidDate(value.periodEnd)) return;
    if (value.periodEnd < value.periodStart) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["periodEnd"], message: "结束日期不能早于开始日期" });
    } else if (value.periodEnd > latestPeriodEnd(value.periodStart)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["periodEnd"], message: "评议期间不能超过 2 年" });
    }
  });

// An intersection, not one object with a refinement: zod skips an object's refinement while any
// field fails, and the form should name every mistake at once.
export const createEvaluationSchema = z.intersection(
  z.object({
    unitId: z
      .number({ required_error: "请选择被评议的驻区单位", invalid_type_error: "请选择被评议的驻区单位" })
      .int()
      .positive("请选择被评议的驻区单位"),
    deadline: z
      .string({ required_error: "请选择投票截止时间" })
      .trim()
      .transform((v) => v.replace(" ", "T").slice(0, 16))
      .refine(isValidLocalDateTime, "截止时间无效（格式：2027-12-20 18:00）")
      .refine(
        (v) => !isValidLocalDateTime(v) || fromChinaLocalInput(v) > new Date().toISOString(),
        "截止时间须晚于现在",
      ),
    ballotCount: ballotCountField,
    title: optionalText("评议名称", 80).refine(
      (v) => v.length === 0 || v.length >= 4,
      "评议名称至少 4 个字（留空则自动生成）",
    ),
  }),
  periodFields,
);
export type CreateEvaluationValues = z.infer<typeof createEvaluationSchema>;

export const issueBallotsSchema = z.object({ ballotCount: ballotCountField });

/** The ballots page's forms, told apart by the button that sent them. */
export const BALLOT_INTENTS = ["issue", "revoke", "reissue"] as const;
export const ballotIntentSchema = z.object({
  intent: z.enum(BALLOT_INTENTS, { errorMap: () => ({ message: "无法识别的操作" }) }),
});

const rating = (label: string) =>
  z
    .number({ required_error: `请为“${label}”打分`, invalid_type_error: `请为“${label}”打分` })
    .int(`请为“${label}”选择 1–5 分`)
    .min(1, `请为“${label}”选择 1–5 分`)
    .max(5, `请为“${label}”选择 1–5 分`);

export const ballotVoteSchema = z.object({
  engagement: rating(RATING_CRITERIA.engagement),
  effectiveness: rating(RATING_CRITERIA.effectiveness),
  satisfaction: rating(RATING_CRITERIA.satisfaction),
  grade: z.enum(GRADES, { errorMap: () => ({ message: "请选择总体评价" }) }),
  comment: optionalText("意见建议", COMMENT_MAX),
});
export type BallotVoteValues = z.infer<typeof ballotVoteSchema>;

/** Tokens are 24 random bytes in base64url: anything else is not a ballot link. */
export const BALLOT_TOKEN_RE = /^[A-Za-z0-9_-]{32}$/;

/**
 * An evaluation past its deadline is closed whether or not the maintenance job has recorded it
 * yet: every reader (pages, ballots, the opinion) goes by this, not by the stored status alone.
 */
export function effectiveStatus(
  e: { status: "open" | "closed"; deadline: string },
  now: Date = new Date(),
): "open" | "closed" {
  return e.status === "open" && e.deadline > now.toISOString() ? "open" : "closed";
}
