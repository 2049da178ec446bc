/**
 * Quality of the matching engine on three hand-labelled streets: the labelled street
 * (tests/matching/labelled-set.ts) and two written blind to the engine's vocabulary
 * (holdout-set.ts in 成都, blind-set-3.ts in 沈阳), which guard against tuning the vocabulary to the
 * first one only. Accuracy of the ranking, precision of the assignment, hard constraints,
 * restraint on needs nothing fits, and determinism, with the same thresholds for all. Blind
 * figures (before the vocabulary was extended after each was written) are in each set's header.
 * Figures are printed so that a failing run shows them. Blind street 4 (blind-set-4.ts, 武汉) is
 * report-only: printed on every run, never held to thresholds and never tuned on (issue 15).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { match } from "#workers/matching/engine";
import type { MatchingOutput, Proposal } from "#workers/matching/types";
import { bm25Output } from "../matching/bm25-baseline";
import {
  assignmentFigures,
  clone,
  constraintViolations,
  describeStreet,
  orderingProblems,
  proposalsByNeed,
  rankingFigures,
  restraintFigures,
  setConsistencyProblems,
  streetFigures,
} from "../matching/evaluate";
import { describeHeldOut, FOLDS, learningFigures } from "../matching/learning-eval";
import { blindSet3 } from "../matching/blind-set-3";
import { blindSet4 } from "../matching/blind-set-4";
import { holdoutSet } from "../matching/holdout-set";
import { labelledSet } from "../matching/labelled-set";
import type { LabelledSet } from "../matching/labelled-set";

const TOP_K = 5;

const MIN_TOP1 = 0.9;
const MIN_TOP3 = 0.97;
const MIN_PRECISION = 0.9;
const MAX_TEMPTED = 0.2;

/** Each street, and how big it must stay (the issue asks the labelled one for 60 needs and 40 resources). */
const streets: Array<{ name: string; set: LabelledSet; tag: string; min: { needs: number; resources: number } }> = [
  { name: "the labelled street", set: labelledSet, tag: "[matching-quality]", min: { needs: 60, resources: 40 } },
  { name: "the holdout street (成都)", set: holdoutSet, tag: "[matching-holdout]", min: { needs: 50, resources: 35 } },
  { name: "blind street 3 (沈阳)", set: blindSet3, tag: "[matching-blind-3]", min: { needs: 50, resources: 35 } },
];

describe.each(streets)("matching quality on $name", ({ set, tag: TAG, min }) => {
  const { input, expected } = set;
  let output: MatchingOutput;
  let byNeed: Map<string, Proposal[]>;

  beforeAll(() => {
    output = match(clone(input), { topK: TOP_K });
    byNeed = proposalsByNeed(output);
  });

  it("the set is self-consistent and big enough", () => {
    expect(setConsistencyProblems(set)).toEqual([]);
    expect(input.needs.length).toBeGreaterThanOrEqual(min.needs);
    expect(input.resources.length).toBeGreaterThanOrEqual(min.resources);
    expect(set.unmatchable.length).toBeGreaterThanOrEqual(10);
  });

  it(`ranks an acceptable resource first (top-1 ≥ ${MIN_TOP1}) and among the first three (top-3 ≥ ${MIN_TOP3})`, () => {
    const { needs, top1, top3, top1Rate, top3Rate, misses } = rankingFigures(set, byNeed);
    console.log(
      `${TAG} top-1 ${top1}/${needs} = ${top1Rate.toFixed(3)}; top-3 ${top3}/${needs} = ${top3Rate.toFixed(3)}`,
    );
    if (misses.length > 0) console.log(`${TAG} top-1 misses:\n  ${misses.join("\n  ")}`);
    expect(top1Rate).toBeGreaterThanOrEqual(MIN_TOP1);
    expect(top3Rate).toBeGreaterThanOrEqual(MIN_TOP3);
  });

  it(`assigns acceptable resources (assignment precision ≥ ${MIN_PRECISION})`, () => {
    const { right, total, precision, wrong } = assignmentFigures(set, output);
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
    const { tempted, rate, details } = restraintFigures(set, byNeed);
    console.log(
      `${TAG} unmatchable needs with an acceptable-looking proposal: ${tempted.length}/${set.unmatchable.length} = ${rate.toFixed(3)}` +
        (tempted.length > 0 ? ` (${details.join(", ")})` : ""),
    );
    expect(rate).toBeLessThanOrEqual(MAX_TEMPTED);
  });

  it("is not below the plain BM25 baseline on any figure of the issue's table", () => {
    const engine = streetFigures(set, output);
    const baseline = streetFigures(set, bm25Output(clone(input)));
    console.log(`${TAG} BM25 baseline: ${describeStreet(set, baseline)}`);
    expect(engine.rank.top1Rate).toBeGreaterThanOrEqual(baseline.rank.top1Rate);
    expect(engine.rank.top3Rate).toBeGreaterThanOrEqual(baseline.rank.top3Rate);
    expect(engine.mrr).toBeGreaterThanOrEqual(baseline.mrr);
    expect(engine.assigned.precision).toBeGreaterThanOrEqual(baseline.assigned.precision);
    expect(engine.coverage).toBeGreaterThanOrEqual(baseline.coverage);
    expect(engine.restraint.rate).toBeLessThanOrEqual(baseline.restraint.rate);
    expect(baseline.violations).toEqual([]);
  });

  it(`keeps these bars on needs the street has not decided, after learning from the ${FOLDS - 1} / ${FOLDS} it has`, () => {
    const { before, after, accepted, rejected } = learningFigures(set);
    console.log(
      `${TAG} learning, ${accepted} acceptances and ${rejected} refusals over ${FOLDS} folds, held-out needs before: ${describeHeldOut(before)}`,
    );
    console.log(`${TAG} learning, held-out needs after: ${describeHeldOut(after)}`);
    expect(after.top1 / after.needs).toBeGreaterThanOrEqual(MIN_TOP1);
    expect(after.top3 / after.needs).toBeGreaterThanOrEqual(MIN_TOP3);
    expect(after.tempted / after.unmatchable).toBeLessThanOrEqual(MAX_TEMPTED);
  });

  it("is deterministic", () => {
    const again = match(clone(input), { topK: TOP_K });
    expect(again).toEqual(output);
  });
});

// Report-only: thresholds here would invite tuning the engine to this street, which must stay unseen.
describe("matching quality on blind street 4 (武汉), report only", () => {
  it("prints ranking, assignment, restraint and constraint figures, and the BM25 baseline's", () => {
    const TAG = "[matching-blind-4]";
    const set = blindSet4;
    expect(setConsistencyProblems(set)).toEqual([]);
    const engine = streetFigures(set, match(clone(set.input), { topK: TOP_K }));
    const baseline = streetFigures(set, bm25Output(clone(set.input)));
    console.log(`${TAG} ${describeStreet(set, engine)}`);
    console.log(`${TAG} BM25 baseline: ${describeStreet(set, baseline)}`);
    if (engine.rank.misses.length > 0) console.log(`${TAG} top-1 misses:\n  ${engine.rank.misses.join("\n  ")}`);
    if (engine.assigned.wrong.length > 0) console.log(`${TAG} wrong assignments: ${engine.assigned.wrong.join(", ")}`);
    if (engine.restraint.tempted.length > 0) console.log(`${TAG} tempted: ${engine.restraint.details.join(", ")}`);
    if (engine.violations.length > 0) console.log(`${TAG} violations:\n  ${engine.violations.join("\n  ")}`);
    expect(baseline.violations).toEqual([]);
  });

  it("prints what learning from the street's own decisions does for the needs it has not decided", () => {
    const TAG = "[matching-blind-4]";
    const { before, after, accepted, rejected } = learningFigures(blindSet4);
    console.log(
      `${TAG} learning, ${accepted} acceptances and ${rejected} refusals over ${FOLDS} folds, held-out needs before: ${describeHeldOut(before)}`,
    );
    console.log(`${TAG} learning, held-out needs after: ${describeHeldOut(after)}`);
    expect(after.needs).toBe(Object.keys(blindSet4.expected).length);
  });
});
