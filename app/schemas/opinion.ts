import { z } from "zod";
import { GRADES } from "#domain/vocabulary";
import { GRADE_LABELS } from "./evaluation-labels";
import { optionalText, requiredText } from "./common";

const grade = z.enum(GRADES, { errorMap: () => ({ message: "请选择评定等级" }) });

/**
 * The community's edit of the draft, saved or issued (出具). A grade other than the platform's
 * suggestion needs a reason; the server checks it again against the stored suggestion.
 */
export const opinionEditSchema = z
  .object({
    body: requiredText("评议意见正文", 50, 10000),
    grade,
    gradeReason: optionalText("调整理由", 300),
    suggestedGrade: grade,
  })
  .superRefine((v, ctx) => {
    if (v.grade !== v.suggestedGrade && [...v.gradeReason].length < 4) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["gradeReason"],
        message: `评定等级与平台建议的“${GRADE_LABELS[v.suggestedGrade]}”不同，请写明调整理由（至少 4 个字）`,
      });
    }
  });

export type OpinionEdit = z.infer<typeof opinionEditSchema>;

/** The street sends an issued opinion back to the community, saying what to change. */
export const opinionReturnSchema = z.object({
  note: requiredText("退回意见", 4, 300),
});
