import { z } from "zod";
import { idParam } from "./common";

export const PROPOSAL_STATUS_LABELS = {
  proposed: "待确认",
  confirmed: "已确认",
  rejected: "已拒绝",
  superseded: "已失效",
} as const;

export const DECISION_LABELS = { pending: "待定", accepted: "已接受", rejected: "已拒绝" } as const;

export const PROPOSAL_ORIGIN_LABELS = {
  matching: "系统匹配",
  unit_claim: "单位认领",
  community_request: "社区申请",
} as const;

export const decisionSchema = z
  .object({
    // withdraw: take back one's own acceptance while the other side has not decided (撤回接受).
    intent: z.enum(["accept", "reject", "withdraw"], { errorMap: () => ({ message: "请选择接受或拒绝" }) }),
    reason: z.string().trim().max(200, "理由不能超过 200 个字").optional(),
  })
  .superRefine((value, ctx) => {
    if (value.intent === "reject" && (!value.reason || value.reason.length < 2)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["reason"], message: "拒绝时请写明理由（至少 2 个字）" });
    }
  });

export const claimSchema = z.object({
  resourceId: idParam.optional().refine((v) => v !== undefined, "请选择用于认领的资源"),
});

export const requestSchema = z.object({
  needId: idParam.optional().refine((v) => v !== undefined, "请选择要对接的需求"),
});

export type Decision = z.infer<typeof decisionSchema>;
