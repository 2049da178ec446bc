import { z } from "zod";
import { COBUILDING_FORMS } from "#domain/vocabulary";
import { chinaToday } from "~/utils/china-time";
import { idParam, isValidDate, requiredText } from "./common";

export const PHOTO_MAX_BYTES = 5 * 1024 * 1024;
export const PHOTO_MAX_COUNT = 9;
export const SIDE_LABELS = { community: "社区", unit: "单位" } as const;
export const PHOTO_ACCEPT = "image/jpeg,image/png,image/webp";

export const tooLargeMessage = (name: string) => `照片“${name}”超过 5 MB，请压缩后再上传`;

const count = (label: string, max: number) =>
  z
    .number({ required_error: `请填写${label}（没有请填 0）`, invalid_type_error: `${label}须为数字` })
    .int(`${label}须为整数`)
    .min(0, `${label}不能为负数`)
    .max(max, `${label}不能超过 ${max}`);

// Size and count are checked here so the browser says so before uploading; the bytes themselves
// (is it really a JPEG/PNG/WebP?) can only be checked on the server (photos.server.ts).
const photo = z.instanceof(File, { message: "请选择照片文件" }).superRefine((file, ctx) => {
  if (file.size > PHOTO_MAX_BYTES) ctx.addIssue({ code: z.ZodIssueCode.custom, message: tooLargeMessage(file.name) });
});

const recordFields = {
  date: z
    .string({ required_error: "请填写活动日期" })
    .trim()
    .refine(isValidDate, "活动日期不是有效日期（格式：2027-03-01）")
    .refine((v) => v <= chinaToday(), "活动日期不能晚于今天：请在活动结束后记录"),
  form: z.enum(COBUILDING_FORMS, { errorMap: () => ({ message: "请选择共建形式" }) }),
  place: requiredText("活动地点", 2, 100),
  partyMembers: count("参与党员人数", 100000),
  residentsServed: count("服务群众人数", 1000000),
  hours: z
    .number({ required_error: "请填写活动时长", invalid_type_error: "时长须为数字" })
    .gt(0, "时长须大于 0")
    .max(1000, "时长不能超过 1000 小时"),
  summary: requiredText("活动内容", 10, 1000),
  photos: z.array(photo).max(PHOTO_MAX_COUNT, `最多上传 ${PHOTO_MAX_COUNT} 张照片`).default([]),
};

/**
 * A new activity record. unitId: which unit it is with (a community picks one when there are
 * several). memberIds: the unit's reported in-service members who took part (decision 041); when
 * any are named, the record's party-member count is their number.
 */
export const recordFormSchema = z.object({
  ...recordFields,
  unitId: idParam.optional(),
  memberIds: z.array(idParam).max(500, "最多勾选 500 名党员").default([]),
});

/** Correcting a disputed record: the same fields, plus photos to take away. */
export const recordCorrectionSchema = z.object({
  ...recordFields,
  intent: z.literal("correct"),
  removePhotoIds: z.array(idParam).default([]),
});

export const recordReviewSchema = z
  .object({
    intent: z.enum(["confirm", "dispute"], { errorMap: () => ({ message: "请选择确认或有异议" }) }),
    reason: z.string().trim().max(500, "异议理由不能超过 500 个字").optional(),
  })
  .superRefine((value, ctx) => {
    if (value.intent === "dispute" && (!value.reason || value.reason.length < 4)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["reason"],
        message: "提出异议时请写明理由（至少 4 个字），方便对方更正",
      });
    }
  });

export type RecordValues = Omit<z.infer<typeof recordFormSchema>, "photos" | "unitId" | "memberIds">;
export type RecordReview = z.infer<typeof recordReviewSchema>;
