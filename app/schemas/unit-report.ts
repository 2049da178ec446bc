/**
 * 单位报到 / 结对 (issue 14, decision 041): the unit's report form, the street's pairing form, the
 * community's decision, the list filters, and the Chinese labels of the statuses and origins.
 */
import { z } from "zod";
import { UNIT_REPORT_STATUSES, type UnitReportOrigin, type UnitReportStatus } from "#domain/vocabulary";
import { idParam, optionalText } from "./common";

export const UNIT_REPORT_STATUS_LABELS: Record<UnitReportStatus, string> = {
  pending: "待社区确认",
  confirmed: "已结对",
  declined: "社区未接受",
  ended: "已解除",
};

export const UNIT_REPORT_ORIGIN_LABELS: Record<UnitReportOrigin, string> = {
  unit: "单位报到",
  street: "街道结对",
};

/** A unit reports to the communities of its street, at most this many at once (a street has a few dozen). */
export const REPORT_COMMUNITIES_MAX = 50;

/** The unit's 报到: one or more communities of its street, and what it offers (报到说明). */
export const reportFormSchema = z.object({
  communityIds: z
    .array(idParam, { required_error: "请至少选择一个社区" })
    .min(1, "请至少选择一个社区")
    .max(REPORT_COMMUNITIES_MAX, `一次最多向 ${REPORT_COMMUNITIES_MAX} 个社区报到`),
  note: optionalText("报到说明", 500),
});
export type ReportFormValues = z.infer<typeof reportFormSchema>;

/** The street's 结对: a unit and a community of the street, and why. */
export const pairFormSchema = z.object({
  unitId: idParam.optional().refine((v) => v !== undefined, "请选择驻区单位"),
  communityId: idParam.optional().refine((v) => v !== undefined, "请选择社区"),
  note: optionalText("结对说明", 500),
});
export type PairFormValues = { unitId: number; communityId: number; note: string };

export const REPORT_DECISIONS = ["confirm", "decline", "end"] as const;
export type ReportDecisionIntent = (typeof REPORT_DECISIONS)[number];

/**
 * A decision on one report: the community confirms or declines a pending one (declining takes a
 * reason, so the unit learns why), either side ends a confirmed pair.
 */
export const reportDecisionSchema = z
  .object({
    reportId: idParam,
    intent: z.enum(REPORT_DECISIONS, { errorMap: () => ({ message: "请选择确认、不接受或解除" }) }),
    reason: z.string().trim().max(200, "理由不能超过 200 个字").optional(),
  })
  .superRefine((value, ctx) => {
    if (value.intent === "decline" && (!value.reason || value.reason.length < 2)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["reason"], message: "不接受时请写明理由（至少 2 个字）" });
    }
  });
export type ReportDecision = z.infer<typeof reportDecisionSchema>;

const page = z.coerce.number().int().positive().optional().catch(undefined);

/** The query of /reports: pages of each list, the street's status filter, the district's street. */
export const reportListQuerySchema = z.object({
  page: page,
  pendingPage: page,
  status: z.enum(UNIT_REPORT_STATUSES).optional().catch(undefined),
  streetId: idParam.optional().catch(undefined),
});
export type ReportListQuery = z.infer<typeof reportListQuerySchema>;
