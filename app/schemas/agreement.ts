import { z } from "zod";
import { addYears, chinaToday } from "~/utils/china-time";
import { isValidDate, requiredText } from "./common";

export const AGREEMENT_SIDES = ["community", "unit"] as const;
export type AgreementSide = (typeof AGREEMENT_SIDES)[number];
export const SIDE_LABELS: Record<AgreementSide, string> = { community: "甲方（社区）", unit: "乙方（驻区单位）" };

const clause = (label: string) => requiredText(label, 2, 2000);

const requiredDate = (label: string) =>
  z
    .string({ required_error: `请填写${label}` })
    .trim()
    .refine(isValidDate, `${label}不是有效日期（格式：2027-03-01）`);

/** What the parties may change while the agreement is a draft: its clauses and its term. */
export const agreementEditSchema = z
  .object({
    orgBuilding: clause("组织共建条款"),
    jointActivity: clause("活动共联条款"),
    resourceSharing: clause("资源共享条款"),
    communityObligations: clause("甲方义务"),
    unitObligations: clause("乙方义务"),
    termStart: requiredDate("协议开始日期"),
    termEnd: requiredDate("协议结束日期"),
    // The version of the text the editor started from, so a concurrent change is not overwritten.
    contentHash: z.string({ required_error: "页面已过期，请刷新后重试" }),
  })
  .superRefine((v, ctx) => {
    if (!isValidDate(v.termStart) || !isValidDate(v.termEnd)) return;
    if (v.termEnd < v.termStart)
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["termEnd"], message: "结束日期不能早于开始日期" });
    else if (v.termEnd < chinaToday())
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["termEnd"], message: "结束日期不能早于今天" });
    else if (v.termEnd > addYears(v.termStart, 5))
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["termEnd"], message: "协议期限不能超过 5 年" });
  });

export type AgreementEdit = z.infer<typeof agreementEditSchema>;

/** One side's signature: the signer types their full name and confirms they have read it. */
export const signSchema = z.object({
  side: z.enum(AGREEMENT_SIDES, { errorMap: () => ({ message: "请选择签署方" }) }),
  signerName: requiredText("签署人姓名", 2, 20).refine((v) => !/\d/.test(v), "签署人姓名不能包含数字"),
  agree: z.literal("on", { errorMap: () => ({ message: "请勾选“我已阅读并同意”" }) }),
  contentHash: z.string({ required_error: "页面已过期，请刷新后重试" }),
});

export type SignInput = z.infer<typeof signSchema>;

export const terminateSchema = z.object({
  reason: requiredText("终止原因", 4, 200),
});
