import type { EvaluationStatus, Grade, OpinionStatus } from "#domain/vocabulary";

export const GRADE_LABELS: Record<Grade, string> = { good: "好", fairly_good: "较好", average: "一般", poor: "差" };

/** Best first: the order of the grade distribution and of a choice on the ballot. */
export const GRADE_ORDER: Grade[] = ["good", "fairly_good", "average", "poor"];

/** The three ratings on a ballot, 1–5 each. */
export const RATING_CRITERIA = {
  engagement: "参与积极性",
  effectiveness: "服务实效",
  satisfaction: "群众满意度",
} as const;
export type RatingCriterion = keyof typeof RATING_CRITERIA;

export const EVALUATION_STATUS_LABELS: Record<EvaluationStatus, string> = { open: "投票中", closed: "已结束" };

export const OPINION_STATUS_LABELS: Record<OpinionStatus, string> = {
  draft: "草稿",
  issued: "社区已出具",
  endorsed: "街道已审核",
};
