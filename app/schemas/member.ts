import { z } from "zod";
import type { MemberStatus } from "#domain/vocabulary";
import { PHONE_RE } from "./need";
import { optionalText, requiredText } from "./common";

/** A member's phone is how the community reaches them: required, one rule with the need form's. */
export const memberPhoneField = z
  .string({ required_error: "请填写手机号" })
  .trim()
  .transform((v) => v.replace(/\s/g, ""))
  .refine((v) => PHONE_RE.test(v), "请填写有效的手机号（如 13812345678）");

const selected = (label: string) =>
  z.coerce
    .number({ required_error: `请选择${label}`, invalid_type_error: `请选择${label}` })
    .int(`请选择${label}`)
    .positive(`请选择${label}`);

/** 党员报到登记: what a unit's liaison enters for one of its in-service party members. */
export const memberRegisterSchema = z.object({
  name: requiredText("姓名", 2, 20),
  phone: memberPhoneField,
  communityId: selected("居住社区"),
  externalCode: optionalText("编号", 30),
});
export type MemberRegisterValues = z.infer<typeof memberRegisterSchema>;

export const memberIdSchema = z.object({ memberId: z.coerce.number().int().positive() });

/** The residential community's answer to a member's report; a grid may be given when confirming. */
export const memberDecisionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("confirm"),
    memberId: z.coerce.number().int().positive(),
    gridId: z.coerce.number().int().positive().optional(),
  }),
  z.object({
    intent: z.literal("decline"),
    memberId: z.coerce.number().int().positive(),
    reason: requiredText("退回原因", 2, 100),
  }),
]);

/** A member who signs in by link may also set a password for signing in on another device. */
export const memberPasswordSchema = z
  .object({
    newPassword: z.string({ required_error: "请设置密码" }).min(8, "密码至少 8 位").max(72, "密码最多 72 位"),
    confirmPassword: z.string({ required_error: "请再输入一次密码" }),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ["confirmPassword"], message: "两次输入的密码不一致" });

/** The personal link's token as it appears in /m/:token (24 random bytes, base64url). */
export const MEMBER_TOKEN_RE = /^[A-Za-z0-9_-]{32}$/;

export const MEMBER_STATUS_LABELS: Record<MemberStatus, string> = {
  registered: "待本人确认",
  member_confirmed: "待社区确认",
  reported: "已报到",
  declined: "社区退回",
  left: "已调离",
};

/** The community's comment on a member's year (社区评语). */
export const yearCommentSchema = z.object({
  year: z.coerce.number().int().min(2020).max(2100),
  comment: requiredText("评语", 2, 200),
});
