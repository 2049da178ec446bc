import { z } from "zod";

/** The inbox's one form: mark everything read. */
export const inboxActionSchema = z.object({
  intent: z.literal("read-all", { errorMap: () => ({ message: "无法识别的操作" }) }),
});
