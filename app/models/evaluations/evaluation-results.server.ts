/**
 * What an evaluation's ballots add up to: counts by state, and the results of the cast ones
 * (mean ratings, grades, comments) that the evaluation opinion is drafted from.
 */
import { and, asc, count, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { Writer } from "#db/client";
import { ballots } from "#db/schema";
import { type Grade } from "#domain/vocabulary";
import { GRADE_ORDER } from "~/schemas/evaluation-labels";

export interface BallotCounts {
  issued: number;
  voted: number;
  revoked: number;
  unused: number;
}

export function countBallots(db: Writer, evaluationIds: number[]): Map<number, BallotCounts> {
  const rows = evaluationIds.length
    ? db
        .select({
          evaluationId: ballots.evaluationId,
          issued: count(),
          voted: sql<number>`count(${ballots.votedAt})`.mapWith(Number),
          revoked: sql<number>`count(${ballots.revokedAt})`.mapWith(Number),
        })
        .from(ballots)
        .where(inArray(ballots.evaluationId, evaluationIds))
        .groupBy(ballots.evaluationId)
        .all()
    : [];
  return new Map(
    rows.map((r) => [
      r.evaluationId,
      { issued: r.issued, voted: r.voted, revoked: r.revoked, unused: r.issued - r.voted - r.revoked },
    ]),
  );
}

export function ballotCounts(db: Writer, evaluationId: number): BallotCounts {
  return countBallots(db, [evaluationId]).get(evaluationId) ?? { issued: 0, voted: 0, revoked: 0, unused: 0 };
}

export interface EvaluationResults {
  /** Ballots that could vote: issued minus revoked. */
  ballotsIssued: number;
  ballotsCast: number;
  /** Mean of each 1–5 rating over cast ballots, to one decimal; null when none were cast. */
  averages: { engagement: number | null; effectiveness: number | null; satisfaction: number | null };
  grades: Record<Grade, number>;
  /** Non-empty comments, in the order they were cast. */
  comments: string[];
}

/** The aggregated ballots of an evaluation (the opinion is drafted from these). */
export function evaluationResults(db: Writer, evaluationId: number): EvaluationResults {
  const counts = ballotCounts(db, evaluationId);
  const cast = db
    .select({
      engagement: ballots.engagement,
      effectiveness: ballots.effectiveness,
      satisfaction: ballots.satisfaction,
      grade: ballots.grade,
      comment: ballots.comment,
    })
    .from(ballots)
    .where(and(eq(ballots.evaluationId, evaluationId), isNotNull(ballots.votedAt)))
    .orderBy(asc(ballots.votedAt), asc(ballots.id))
    .all();
  const mean = (pick: (b: (typeof cast)[number]) => number | null) => {
    const values = cast.map(pick).filter((v): v is number => v !== null);
    return values.length ? Math.round((values.reduce((s, v) => s + v, 0) / values.length) * 10) / 10 : null;
  };
  const grades = Object.fromEntries(GRADE_ORDER.map((g) => [g, cast.filter((b) => b.grade === g).length])) as Record<
    Grade,
    number
  >;
  return {
    ballotsIssued: counts.issued - counts.revoked,
    ballotsCast: cast.length,
    averages: {
      engagement: mean((b) => b.engagement),
      effectiveness: mean((b) => b.effectiveness),
      satisfaction: mean((b) => b.satisfaction),
    },
    grades,
    comments: cast.map((b) => b.comment?.trim() ?? "").filter((c) => c.length > 0),
  };
}
