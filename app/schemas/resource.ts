import { z } from "zod";
import { RESOURCE_KINDS } from "#domain/vocabulary";
import { categoryField, nonNegativeInt, optionalDate, optionalText, refineWindow, requiredText } from "./common";

export const RESOURCE_KIND_LABELS = {
  volunteers: "志愿者",
  venue: "场地",
  funds: "资金",
  expertise: "专业服务",
  goods: "物资",
  equipment: "设备",
  jobs_training: "岗位/培训",
} as const;

export const RESOURCE_STATUS_LABELS = {
  open: "可对接",
  exhausted: "已用完",
  withdrawn: "已撤回",
  expired: "已过期",
} as const;

export const resourceFormSchema = z
  .object({
    title: requiredText("标题", 4, 60),
    description: optionalText("描述", 2000),
    category: categoryField,
    kind: z.enum(RESOURCE_KINDS, { errorMap: () => ({ message: "请选择资源类型" }) }),
    capacity: nonNegativeInt("可服务需求数", 1000),
    startDate: optionalDate("开始日期"),
    endDate: optionalDate("结束日期"),
    serviceRadiusKm: z.coerce
      .number({ invalid_type_error: "服务半径须为数字" })
      .min(0, "服务半径不能小于 0 公里")
      .max(50, "服务半径不能超过 50 公里")
      .optional(),
  })
  .superRefine(refineWindow);

export type ResourceFormValues = z.infer<typeof resourceFormSchema>;
