import { z } from "zod";
import { CATEGORY_LABELS } from "#domain/taxonomy";

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

export function isValidDate(value: string) {
  if (!DATE_RE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** Conform turns empty inputs into undefined, so "required" needs its own message. */
export const requiredText = (label: string, min: number, max: number) =>
  z
    .string({ required_error: `请填写${label}` })
    .trim()
    .min(min, `${label}至少 ${min} 个字`)
    .max(max, `${label}不能超过 ${max} 个字`);

export const optionalText = (label: string, max: number) =>
  z.string().trim().max(max, `${label}不能超过 ${max} 个字`).optional().default("");

export const optionalDate = (label: string) =>
  z.string().trim().refine(isValidDate, `${label}不是有效日期（格式：2027-03-01）`).optional();

export const nonNegativeInt = (label: string, max: number) =>
  z.coerce
    .number({ invalid_type_error: `${label}须为数字`, required_error: `请填写${label}` })
    .int(`${label}须为整数`)
    .min(0, `${label}不能为负数`)
    .max(max, `${label}不能超过 ${max}`);

export const categoryField = z
  .string()
  .refine((v) => (CATEGORY_LABELS as readonly string[]).includes(v), "请选择列表中的分类")
  .optional();

/** Adds "end not before start" to a form with startDate/endDate. */
export function refineWindow<T extends { startDate?: string; endDate?: string }>(value: T, ctx: z.RefinementCtx) {
  if (value.startDate && value.endDate && value.endDate < value.startDate) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["endDate"], message: "结束日期不能早于开始日期" });
  }
}

export const idParam = z.coerce.number().int().positive();

export function parseId(value: string | undefined): number | null {
  const parsed = idParam.safeParse(value);
  return parsed.success ? parsed.data : null;
}
