import { z } from "zod";
import { AUDIT_ENTITY_TYPES } from "./audit-labels";
import { isValidDate } from "./common";

const positiveId = (message: string) =>
  z.coerce
    .number({ invalid_type_error: message })
    .int(message)
    .positive(message)
    .max(Number.MAX_SAFE_INTEGER, message)
    .optional();

const day = (label: string) =>
  z.string().trim().refine(isValidDate, `${label}不是有效日期（格式：2026-12-07）`).optional();

/**
 * The filters of the audit reader (`/audit`), from the query string: person (username), item
 * (type and number), a date range in China days, and the keyset cursor (`before`: older than that
 * row; `after`: newer). Unlike the lists' filters, a bad value is an error shown next to its field
 * (with status 400): an audit search that silently dropped a filter would answer a question that
 * was not asked.
 */
export const auditFilterSchema = z
  .object({
    actor: z.string().trim().max(64, "用户名不能超过 64 个字").optional(),
    type: z.enum(AUDIT_ENTITY_TYPES, { errorMap: () => ({ message: "请从列表中选择事项类型" }) }).optional(),
    item: positiveId("事项编号须为正整数"),
    from: day("开始日期"),
    to: day("结束日期"),
    before: positiveId("翻页参数有误，请从第一页重新查看"),
    after: positiveId("翻页参数有误，请从第一页重新查看"),
  })
  .superRefine((value, ctx) => {
    if (value.item !== undefined && value.type === undefined)
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["item"], message: "按编号查找时请先选择事项类型" });
    if (value.from && value.to && value.to < value.from)
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["to"], message: "结束日期不能早于开始日期" });
    if (value.before !== undefined && value.after !== undefined)
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["before"], message: "翻页参数有误，请从第一页重新查看" });
  });

export type AuditFilters = z.infer<typeof auditFilterSchema>;
export type AuditFilterField = "actor" | "type" | "item" | "from" | "to" | "before";

/** The query string's filters, or the message for each field that is wrong. */
export function parseAuditFilters(
  url: URL,
): { ok: true; filters: AuditFilters } | { ok: false; values: Record<string, string>; errors: Record<string, string> } {
  const raw: Record<string, string> = {};
  for (const [key, value] of url.searchParams.entries()) if (value !== "") raw[key] = value.slice(0, 200);
  const parsed = auditFilterSchema.safeParse(raw);
  if (parsed.success) return { ok: true, filters: parsed.data };
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0] === "after" ? "before" : String(issue.path[0] ?? "before");
    errors[field] ??= issue.message;
  }
  return { ok: false, values: raw, errors };
}
