import { z } from "zod";
import { idParam, optionalText, requiredText } from "./common";

const DATETIME_RE = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})$/;

/** "2027-03-15T14:30" as a browser's datetime-local input sends it; a meeting's local time. */
export function isValidLocalDateTime(value: string) {
  const m = DATETIME_RE.exec(value);
  if (!m) return false;
  const d = new Date(`${m[1]}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== m[1]) return false;
  const year = Number(value.slice(0, 4));
  return Number(m[2]) < 24 && Number(m[3]) < 60 && year >= 2000 && year <= 2100;
}

/** Browsers may send seconds ("14:30:00"); the meeting keeps minutes only. */
const localDateTime = z
  .string({ required_error: "请选择会议时间" })
  .trim()
  .transform((v) => v.replace(" ", "T").slice(0, 16))
  .refine(isValidLocalDateTime, "会议时间无效（格式：2027-03-15 14:30）");

export const scheduleMeetingSchema = z.object({
  title: requiredText("会议名称", 4, 60),
  scheduledAt: localDateTime,
  place: requiredText("会议地点", 2, 100),
  unitIds: z
    .array(idParam, { required_error: "请至少邀请一家驻区单位" })
    .min(1, "请至少邀请一家驻区单位")
    .max(200, "邀请单位过多"),
});
export type ScheduleMeetingValues = z.infer<typeof scheduleMeetingSchema>;

export const MEETING_DECISION_CHOICES = ["approved", "rejected", "deferred"] as const;

export const decideItemSchema = z
  .object({
    itemId: idParam,
    decision: z.enum(MEETING_DECISION_CHOICES, { errorMap: () => ({ message: "请选择通过、不通过或暂缓" }) }),
    note: optionalText("说明", 500),
  })
  .superRefine((value, ctx) => {
    if (value.decision !== "approved" && value.note.length < 2) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["note"],
        message:
          value.decision === "rejected" ? "不通过时请写明理由（至少 2 个字）" : "暂缓时请写明原因（至少 2 个字）",
      });
    }
  });
export type DecideItemValues = z.infer<typeof decideItemSchema>;

export const meetingRecordSchema = z.object({
  attendees: optionalText("出席人员", 2000),
  minutes: optionalText("会议纪要", 20000),
});
export type MeetingRecordValues = z.infer<typeof meetingRecordSchema>;

/** The meeting page's forms, told apart by the button that sent them. */
export const MEETING_INTENTS = ["decide", "record", "held", "refresh", "publish", "cancel"] as const;
export const meetingIntentSchema = z.object({
  intent: z.enum(MEETING_INTENTS, { errorMap: () => ({ message: "无法识别的操作" }) }),
});
