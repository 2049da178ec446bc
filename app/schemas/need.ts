import { z } from "zod";
import { NEED_SOURCES, URGENCIES } from "#domain/vocabulary";
import { categoryField, nonNegativeInt, optionalDate, optionalText, refineWindow, requiredText } from "./common";

export const URGENCY_LABELS = { normal: "一般", high: "较急", urgent: "紧急" } as const;
export const NEED_SOURCE_LABELS = { resident: "居民反映", grid_worker: "网格员走访", meeting: "会议收集" } as const;
export const NEED_STATUS_LABELS = {
  draft: "草稿",
  open: "征集中",
  matched: "已匹配",
  fulfilled: "已完成",
  withdrawn: "已撤回",
  expired: "已过期",
} as const;

export const PHONE_RE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;

export const needFormSchema = z
  .object({
    title: requiredText("标题", 4, 60),
    description: optionalText("描述", 2000),
    category: categoryField,
    beneficiaryGroup: optionalText("受益群体", 40),
    beneficiaryCount: nonNegativeInt("受益人数", 100000).optional().default(0),
    urgency: z.enum(URGENCIES, { errorMap: () => ({ message: "请选择紧急程度" }) }).default("normal"),
    startDate: optionalDate("开始日期"),
    endDate: optionalDate("结束日期"),
    place: optionalText("地点", 100),
    /** One of the community's grids (checked on the server against the need's community). */
    gridId: z.coerce.number({ invalid_type_error: "请选择网格" }).int().positive("请选择网格").optional(),
    /** A building of that grid (or of any grid of the community, which then gives the grid). */
    buildingId: z.coerce.number({ invalid_type_error: "请选择楼栋" }).int().positive("请选择楼栋").optional(),
    contactName: optionalText("联系人", 20),
    contactPhone: z
      .string()
      .trim()
      .transform((v) => v.replace(/[\s]/g, ""))
      .refine((v) => PHONE_RE.test(v), "请填写有效的手机号或座机号（如 13812345678）")
      .optional(),
    source: z.enum(NEED_SOURCES, { errorMap: () => ({ message: "请选择需求来源" }) }).default("grid_worker"),
    intent: z.enum(["publish", "draft"]).default("publish"),
  })
  .superRefine(refineWindow);

export type NeedFormValues = z.infer<typeof needFormSchema>;
