/**
 * 设岗定责, 认岗服务 (issue 14; decision 041): the community's service posts and activities, the
 * members' claims and sign-ups, attendance and hours. One schema per form; the labels of the
 * statuses the pages show.
 */
import { z } from "zod";
import type { CheckInMethod, ServiceActivityStatus, ServicePostStatus } from "#domain/vocabulary";
import { isValidDate, optionalText, requiredText } from "./common";
import { memberPhoneField } from "./member";

export const SERVICE_POST_STATUS_LABELS: Record<ServicePostStatus, string> = { open: "招募中", closed: "已关闭" };
export const SERVICE_ACTIVITY_STATUS_LABELS: Record<ServiceActivityStatus, string> = {
  open: "报名中",
  cancelled: "已取消",
  closed: "已结束",
};
export const CHECK_IN_METHOD_LABELS: Record<CheckInMethod, string> = { qr: "扫码签到", manual: "社区标记" };

/** More is a typo: a post or an activity of one community needs a few to a few dozen members. */
export const SLOTS_MAX = 200;
export const HOURS_MIN = 0.5;
export const HOURS_MAX = 12;

const slotsField = z.coerce
  .number({ required_error: "请填写名额", invalid_type_error: "名额须为数字" })
  .int("名额须为整数")
  .min(1, "名额至少为 1")
  .max(SLOTS_MAX, `名额不能超过 ${SLOTS_MAX}`);

const optionalId = (label: string) =>
  z.coerce
    .number({ invalid_type_error: `请选择${label}` })
    .int()
    .positive(`请选择${label}`)
    .optional();

/**
 * Hours are counted in half hours, as volunteer service time usually is; halves are also exact in
 * floating point, so a year's sum never shows 5.499999.
 */
export const hoursField = (label: string) =>
  z.coerce
    .number({ required_error: `请填写${label}`, invalid_type_error: `${label}须为数字` })
    .min(HOURS_MIN, `${label}至少 ${HOURS_MIN} 小时`)
    .max(HOURS_MAX, `${label}不能超过 ${HOURS_MAX} 小时`)
    .refine((v) => Number.isInteger(v * 2), `${label}按半小时计（如 1.5）`);

/** 设岗定责: a standing post of the community. */
export const servicePostFormSchema = z.object({
  title: requiredText("岗位名称", 2, 30),
  description: optionalText("岗位职责", 500),
  slots: slotsField,
  gridId: optionalId("网格"),
});
export type ServicePostFormValues = z.infer<typeof servicePostFormSchema>;

const TIME_RE = /^([01]\d|2[0-3]):[0-5]\d$/;

/** A one-off activity; the date is a China calendar day (past dates are refused by the model). */
export const activityFormSchema = z.object({
  title: requiredText("活动名称", 2, 40),
  description: optionalText("活动内容", 1000),
  place: requiredText("活动地点", 2, 100),
  date: z
    .string({ required_error: "请选择活动日期" })
    .trim()
    .refine(isValidDate, "活动日期不是有效日期（格式：2027-03-01）"),
  startTime: z
    .string({ required_error: "请填写开始时间" })
    .trim()
    // Browsers may send seconds ("09:00:00"); the activity keeps minutes.
    .transform((v) => v.slice(0, 5))
    .refine((v) => TIME_RE.test(v), "开始时间无效（格式：09:30）"),
  plannedHours: hoursField("计划时长"),
  slots: slotsField,
  gridId: optionalId("网格"),
  postId: optionalId("岗位"),
});
export type ActivityFormValues = z.infer<typeof activityFormSchema>;

export const postIdSchema = z.object({ postId: z.coerce.number().int().positive() });
export const activityIdSchema = z.object({ activityId: z.coerce.number().int().positive() });
export const signupIdSchema = z.object({ signupId: z.coerce.number().int().positive() });

/** 确认工时 for one participant: the hours the community credits, final once confirmed. */
export const confirmHoursSchema = signupIdSchema.extend({ hours: hoursField("工时") });

/** A member who came without signing up (or signed up elsewhere), found by their phone. */
export const walkInSchema = z.object({ phone: memberPhoneField });

export const cancelActivitySchema = z.object({ reason: optionalText("取消原因", 100) });

/** The member's buttons on /member/service: a post's or an activity's. */
export const memberServiceSchema = z.union([
  postIdSchema.extend({ intent: z.enum(["claim", "release"]) }),
  activityIdSchema.extend({ intent: z.enum(["sign-up", "cancel-sign-up"]) }),
]);

/** The check-in code in /c/:token (24 random bytes, base64url). */
export const CHECK_IN_TOKEN_RE = /^[A-Za-z0-9_-]{32}$/;
