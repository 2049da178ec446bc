/**
 * Quality of the matching engine on the HOLDOUT street (tests/matching/holdout-set.ts), a set
 * written blind to the engine's vocabulary, with the same metrics and thresholds as
 * matching-quality.test.ts. It guards against tuning the vocabulary to the labelled set only.
 * Blind figures (before the vocabulary was extended) are in the set's header. Figures are printed.
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
import { holdoutSet } from "../matching/holdout-set";

const TOP_K = 5;
const TAG = "[matching-holdout]";

/** The same thresholds as the labelled street. */
const MIN_TOP1 = 0.9;
const MIN_TOP3 = 0.97;
const MIN_PRECISION = 0.9;
const MAX_TEMPTED = 0.2;

const { input, expected } = holdoutSet;

describe("matching quality on the holdout street", () => {
  let output: MatchingOutput;
  let byNeed: Map<string, Proposal[]>;

  beforeAll(() => {
    output = match(clone(input), { topK: TOP_K });
    byNeed = proposalsByNeed(output);
  });

  it("the holdout set is self-consistent and big enough", () => {
    expect(setConsistencyProblems(holdoutSet)).toEqual([]);
    expect(input.needs.length).toBeGreaterThanOrEqual(50);
    expect(input.resources.length).toBeGreaterThanOrEqual(35);
    expect(holdoutSet.unmatchable.length).toBeGreaterThanOrEqual(10);
  });

  it(`ranks an acceptable resource first (top-1 ≥ ${MIN_TOP1}) and among the first three (top-3 ≥ ${MIN_TOP3})`, () => {
    const { needs, top1, top3, top1Rate, top3Rate, misses } = rankingFigures(holdoutSet, byNeed);
    console.log(`${TAG} top-1 ${top1}/${needs} = ${top1Rate.toFixed(3)}; top-3 ${top3}/${needs} = ${top3Rate.toFixed(3)}`);
    if (misses.length > 0) console.log(`${TAG} top-1 misses:\n  ${misses.join("\n  ")}`);
    expect(top1Rate).toBeGreaterThanOrEqual(MIN_TOP1);
    expect(top3Rate).toBeGreaterThanOrEqual(MIN_TOP3);
  });

  it(`assigns acceptable resources (assignment precision ≥ ${MIN_PRECISION})`, () => {
    const { right, total, precision, wrong } = assignmentFigures(holdoutSet, output);
    console.log(
      `${TAG} assignment precision ${right}/${total} = ${precision.toFixed(3)}; ` +
        `covers ${total} of ${Object.keys(expected).length} needs with an answer`,
    );
    if (wrong.length > 0) console.log(`${TAG} wrong assignments: ${wrong.join(", ")}`);
    expect(precision).toBeGreaterThanOrEqual(MIN_PRECISION);
  });

  it("breaks no hard constraint in proposals or assignment", () => {
    const violations = constraintViolations(input, output);
    console.log(
      `${TAG} ${output.proposals.length} proposals, ${output.assignment.length} assignments, ${violations.length} constraint violations`,
    );
    if (violations.length > 0) console.log(`${TAG} violations:\n  ${violations.join("\n  ")}`);
    expect(violations).toEqual([]);
  });

  it("keeps proposals of a need contiguous, best-first and within topK", () => {
    expect(orderingProblems(output, byNeed, TOP_K)).toEqual([]);
  });

  it(`holds back on needs nothing fits (at most ${MAX_TEMPTED} of them get a score ≥ ACCEPTABLE_SCORE)`, () => {
    const { tempted, rate, details } = restraintFigures(holdoutSet, byNeed);
    console.log(
      `${TAG} unmatchable needs with an acceptable-looking proposal: ${tempted.length}/${holdoutSet.unmatchable.length} = ${rate.toFixed(3)}` +
        (tempted.length > 0 ? ` (${details.join(", ")})` : ""),
    );
    expect(rate).toBeLessThanOrEqual(MAX_TEMPTED);
  });

  it("is deterministic", () => {
    const again = match(clone(input), { topK: TOP_K });
    expect(again).toEqual(output);
  });
});
