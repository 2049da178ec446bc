import { z } from "zod";

/** The inbox's one form: mark everything read. */
export const inboxActionSchema = z.object({
  intent: z.literal("read-all", { errorMap: () => ({ message: "无法识别的操作" }) }),
});

/** Opening one notification (a POST from the inbox or its page): marks it read, goes to its item. */
export const openNotificationSchema = z.object({
  intent: z.literal("open", { errorMap: () => ({ message: "无法识别的操作" }) }),
});
