/**
 * How learning from decisions (docs/decisions/045-learning-from-decisions.md) carries to needs the
 * district has not decided yet, on a labelled street: its needs are split into FOLDS by position;
 * for each fold, the other folds' needs are decided as the street would decide them, and the
 * evidence those decisions leave is in the input when the engine ranks the fold's needs. Figures
 * are those of every need as ranked while its own fold was held out, beside the same needs ranked
 * with no evidence at all.
 *
 * A decided need (simulated, the way the app records decisions,
 * app/models/matching/decision-evidence.server.ts):
 *   - with an acceptable resource: a confirmed pair with the first of them (accepted 1 for its
 *     category, as both sides accepting counts);
 *   - whose first proposal without evidence was not acceptable: that proposal refused for a reason
 *     about fit (rejected 1 for its resource's category).
 * Resources without a category in the set count under the category the engine reads from their
 * text (in the app every resource has one, chosen by its unit).
 */
import { CATEGORY_LABELS } from "#domain/taxonomy";
import { itemCategories } from "#workers/matching/analysis";
import { match } from "#workers/matching/engine";
import { ALL_TERMS, evidenceTerms } from "#workers/matching/learned";
import { analyzeText } from "#workers/matching/text";
import type { DecisionEvidence, MatchingNeed, MatchingOutput, Proposal } from "#workers/matching/types";
import { clone, proposalsByNeed } from "./evaluate";
import type { LabelledSet } from "./labelled-set";

export const FOLDS = 5;
const TOP_K = 5;

export interface HeldOutFigures {
  needs: number;
  top1: number;
  top3: number;
  mrr: number;
  /** Needs nothing fits that got a proposal ≥ 0.5, and how many such needs there are. */
  tempted: number;
  unmatchable: number;
}

export interface LearningFigures {
  /** Decisions the evidence of each fold came from, summed over the folds. */
  accepted: number;
  rejected: number;
  before: HeldOutFigures;
  after: HeldOutFigures;
}

/** One decision as the app records it: the need's text, the resource's category, what it adds. */
export interface Decided {
  title: string;
  description?: string;
  category: string;
  accepted?: number;
  rejected?: number;
}

/** Evidence rows as the app keeps them: each decision adds to every term of its need and to the totals. */
export function evidenceOf(decisions: Decided[]): DecisionEvidence[] {
  const rows = new Map<string, DecisionEvidence>();
  for (const d of decisions) {
    for (const term of [...evidenceTerms(d.title, d.description), ALL_TERMS]) {
      const key = `${term}|${d.category}`;
      const row = rows.get(key) ?? { term, category: d.category, accepted: 0, rejected: 0 };
      row.accepted += d.accepted ?? 0;
      row.rejected += d.rejected ?? 0;
      rows.set(key, row);
    }
  }
  return [...rows.values()];
}

function figuresOf(set: LabelledSet, needs: MatchingNeed[], byNeed: Map<string, Proposal[]>): HeldOutFigures {
  const figures: HeldOutFigures = { needs: 0, top1: 0, top3: 0, mrr: 0, tempted: 0, unmatchable: 0 };
  for (const need of needs) {
    const got = byNeed.get(need.id) ?? [];
    const ok = set.expected[need.id];
    if (!ok) {
      figures.unmatchable++;
      if (got.some((p) => p.score >= 0.5)) figures.tempted++;
      continue;
    }
    figures.needs++;
    const at = got.findIndex((p) => ok.includes(p.resourceId));
    if (at === 0) figures.top1++;
    if (at >= 0 && at < 3) figures.top3++;
    if (at >= 0) figures.mrr += 1 / (at + 1);
  }
  return figures;
}

function add(a: HeldOutFigures, b: HeldOutFigures): HeldOutFigures {
  return {
    needs: a.needs + b.needs,
    top1: a.top1 + b.top1,
    top3: a.top3 + b.top3,
    mrr: a.mrr + b.mrr,
    tempted: a.tempted + b.tempted,
    unmatchable: a.unmatchable + b.unmatchable,
  };
}

/** The decisions a street would leave on these needs, given what the engine proposed without evidence. */
function decisionsOn(
  set: LabelledSet,
  needs: MatchingNeed[],
  byNeed: Map<string, Proposal[]>,
  categoryOf: Map<string, string>,
): Decided[] {
  const decisions: Decided[] = [];
  for (const need of needs) {
    const { title, description } = need;
    const ok = set.expected[need.id];
    if (ok) decisions.push({ title, description, category: categoryOf.get(ok[0])!, accepted: 1 });
    const first = byNeed.get(need.id)?.[0];
    if (first && !ok?.includes(first.resourceId))
      decisions.push({ title, description, category: categoryOf.get(first.resourceId)!, rejected: 1 });
  }
  return decisions;
}

export function learningFigures(set: LabelledSet, folds = FOLDS): LearningFigures {
  const plain: MatchingOutput = match(clone(set.input), { topK: TOP_K });
  const plainByNeed = proposalsByNeed(plain);
  const categoryOf = new Map(
    set.input.resources.map((r) => [
      r.id,
      r.category ?? CATEGORY_LABELS[itemCategories(undefined, analyzeText(r.title, r.description)).c1],
    ]),
  );
  const empty: HeldOutFigures = { needs: 0, top1: 0, top3: 0, mrr: 0, tempted: 0, unmatchable: 0 };
  const result: LearningFigures = { accepted: 0, rejected: 0, before: empty, after: empty };
  for (let fold = 0; fold < folds; fold++) {
    const heldOut = set.input.needs.filter((_, i) => i % folds === fold);
    const decided = set.input.needs.filter((_, i) => i % folds !== fold);
    const decisions = decisionsOn(set, decided, plainByNeed, categoryOf);
    result.accepted += decisions.filter((d) => d.accepted).length;
    result.rejected += decisions.filter((d) => d.rejected).length;
    const learned = match({ ...clone(set.input), evidence: evidenceOf(decisions) }, { topK: TOP_K });
    result.before = add(result.before, figuresOf(set, heldOut, plainByNeed));
    result.after = add(result.after, figuresOf(set, heldOut, proposalsByNeed(learned)));
  }
  return result;
}

/** "top-1 a/n = r; top-3 …; MRR …; nothing-fits needs given ≥ 0.5: …" */
export function describeHeldOut(f: HeldOutFigures): string {
  const rate = (k: number, n: number) => `${k}/${n} = ${(n === 0 ? 0 : k / n).toFixed(3)}`;
  return (
    `top-1 ${rate(f.top1, f.needs)}; top-3 ${rate(f.top3, f.needs)}; MRR ${(f.mrr / Math.max(1, f.needs)).toFixed(3)}; ` +
    `nothing-fits needs given ≥ 0.5: ${rate(f.tempted, f.unmatchable)}`
  );
}
