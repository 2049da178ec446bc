/**
 * Quality of the matching engine on a hand-labelled street (tests/matching/labelled-set.ts):
 * accuracy of the ranking, precision of the assignment, hard constraints, restraint on needs
 * nothing fits, and determinism. Figures are printed so that a failing run shows them.
 * The evaluation helpers are shared with the holdout test (tests/matching/evaluate.ts).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { match } from "../../workers/matching/engine";
import type { MatchingOutput, Proposal } from "../../workers/matching/types";
import {
  assignmentFigures,
  clone,
  constraintViolations,
  orderingProblems,
  proposalsByNeed,
  rankingFigures,
  restraintFigures,
  setConsistencyProblems,
} from "../matching/evaluate";
import { labelledSet } from "../matching/labelled-set";

const TOP_K = 5;

const { input, expected } = labelledSet;

describe("matching quality on the labelled street", () => {
  let output: MatchingOutput;
  let byNeed: Map<string, Proposal[]>;

  beforeAll(() => {
    output = match(clone(input), { topK: TOP_K });
    byNeed = proposalsByNeed(output);
  });

  it("the labelled set is self-consistent", () => {
    expect(setConsistencyProblems(labelledSet)).toEqual([]);
  });

  it("ranks an acceptable resource first (top-1 ≥ 0.90) and among the first three (top-3 ≥ 0.97)", () => {
    const { needs, top1, top3, top1Rate, top3Rate, misses } = rankingFigures(labelledSet, byNeed);
    console.log(
      `[matching-quality] top-1 ${top1}/${needs} = ${top1Rate.toFixed(3)}; top-3 ${top3}/${needs} = ${top3Rate.toFixed(3)}`,
    );
    if (misses.length > 0) console.log(`[matching-quality] top-1 misses:\n  ${misses.join("\n  ")}`);
    expect(top1Rate).toBeGreaterThanOrEqual(0.9);
    expect(top3Rate).toBeGreaterThanOrEqual(0.97);
  });

  it("assigns acceptable resources (assignment precision ≥ 0.90)", () => {
    const { right, total, precision, wrong } = assignmentFigures(labelledSet, output);
    console.log(
      `[matching-quality] assignment precision ${right}/${total} = ${precision.toFixed(3)}; ` +
        `covers ${total} of ${Object.keys(expected).length} needs with an answer`,
    );
    if (wrong.length > 0) console.log(`[matching-quality] wrong assignments: ${wrong.join(", ")}`);
    expect(precision).toBeGreaterThanOrEqual(0.9);
  });

  it("breaks no hard constraint in proposals or assignment", () => {
    const violations = constraintViolations(input, output);
    console.log(
      `[matching-quality] ${output.proposals.length} proposals, ${output.assignment.length} assignments, ${violations.length} constraint violations`,
    );
    if (violations.length > 0) console.log(`[matching-quality] violations:\n  ${violations.join("\n  ")}`);
    expect(violations).toEqual([]);
  });

  it("keeps proposals of a need contiguous, best-first and within topK", () => {
    expect(orderingProblems(output, byNeed, TOP_K)).toEqual([]);
  });

  it("holds back on needs nothing fits (at most 1 in 5 gets a score ≥ ACCEPTABLE_SCORE)", () => {
    const { tempted, rate, details } = restraintFigures(labelledSet, byNeed);
    console.log(
      `[matching-quality] unmatchable needs with an acceptable-looking proposal: ${tempted.length}/${labelledSet.unmatchable.length} = ${rate.toFixed(3)}` +
        (tempted.length > 0 ? ` (${details.join(", ")})` : ""),
    );
    expect(rate).toBeLessThanOrEqual(0.2);
  });

  it("is deterministic", () => {
    const again = match(clone(input), { topK: TOP_K });
    expect(again).toEqual(output);
  });
});
