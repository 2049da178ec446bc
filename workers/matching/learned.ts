/**
 * What the platform's own decisions teach the ranker (decision 045): for each two-character
 * stretch ("term") of decided needs' texts, how often needs containing it were served by resources
 * of a category (accepted) and how often such a resource was refused for a reason about what it
 * offers or whom it serves (rejected). The app keeps these counts per district, decayed with age
 * (app/models/matching/decision-evidence.server.ts), and passes those of the run's needs' terms in
 * MatchingInput.evidence; this module turns them into, per need and category:
 *   - a learned fit, folded into the need's category fit row (so it finds candidates and bounds
 *     stay true upper bounds), strong enough after a few agreeing decisions to rank the served
 *     kind of resource first even when no lexicon word fits;
 *   - a penalty factor (≤ 1) on the scores of resources of a category refused for similar needs.
 * Terms are agreed on, not single: a category's strength is the mean of its two best terms, so one
 * coincidental bigram (e.g. 小区) shared with a few decided needs moves little, while a phrase the
 * engine did not know (four or five overlapping bigrams) counts in full. And a term counts only by
 * how much more often than usual its needs went one way: the rows of the term ALL_TERMS hold the
 * district's totals, so a word in every second decided need (老人 where most needs are about old
 * people) teaches nothing, whatever category dominates the district.
 */
import { CATEGORY_LABELS } from "../../domain/taxonomy";
import { CATEGORY_COUNT } from "./dictionary";
import { isCjk } from "./lexical-grams";
import type { DecisionEvidence } from "./types";

/** The term of the rows that count all decided needs of the district (the base rates). */
export const ALL_TERMS = "*";
/** Terms taken from one need's text (title first): enough for 200-character descriptions. */
export const MAX_TERMS = 160;
/** Below this a category's learned strength is noise: no candidates, no reason. */
const MIN_STRENGTH = 0.2;
/** The most the learned fit adds: 1 − (1 − CATEGORY_WEIGHT·fit)(1 − LEARNED_WEIGHT·strength), see foldFit. */
const LEARNED_WEIGHT = 0.75;
/** score.ts CATEGORY_WEIGHT: the category fit's share of the semantic score. */
const CATEGORY_WEIGHT = 0.42;
/** The most a refusal history takes off a pair's score (times its strength). */
const PENALTY_WEIGHT = 0.9;
/** The base refusal rate before the district has decided much, and how many decisions that prior weighs. */
const REFUSAL_PRIOR = 0.1;
const PRIOR_DECISIONS = 2;
/** Decisions after which a term's evidence is about two-thirds sure (confidence 1 − e^(−n/CONFIDENCE_SCALE)). */
const CONFIDENCE_SCALE = 1.5;

/** The distinct CJK character bigrams of a need's title and description, in order of appearance. */
export function evidenceTerms(title: string, description?: string | null): string[] {
  const seen = new Set<string>();
  for (const text of [title, description ?? ""]) {
    for (let i = 0; i + 1 < text.length && seen.size < MAX_TERMS; i++) {
      if (isCjk(text.charCodeAt(i)) && isCjk(text.charCodeAt(i + 1))) seen.add(text.slice(i, i + 2));
    }
  }
  return [...seen];
}

interface TermEvidence {
  cats: number[];
  accepted: number[];
  rejected: number[];
  /** All acceptances of the term (any category). */
  acceptedTotal: number;
}

export interface LearnedTable {
  terms: Map<string, TermEvidence>;
  /** Per category, the share of the district's served needs it served; the share of all decisions that were refusals. */
  baseAccepted: Float64Array;
  baseRefused: number;
}

/** The evidence rows by term; rows of an unknown category or with no count are ignored. */
export function learnedTable(evidence: DecisionEvidence[] | undefined): LearnedTable | null {
  if (!evidence || evidence.length === 0) return null;
  const table = new Map<string, TermEvidence>();
  for (const row of evidence) {
    const c = CATEGORY_LABELS.indexOf(row.category as (typeof CATEGORY_LABELS)[number]);
    const accepted = Math.max(0, row.accepted || 0);
    const rejected = Math.max(0, row.rejected || 0);
    if (c < 0 || accepted + rejected <= 0) continue;
    let entry = table.get(row.term);
    if (!entry) table.set(row.term, (entry = { cats: [], accepted: [], rejected: [], acceptedTotal: 0 }));
    const at = entry.cats.indexOf(c);
    if (at >= 0) {
      entry.accepted[at] += accepted;
      entry.rejected[at] += rejected;
    } else {
      entry.cats.push(c);
      entry.accepted.push(accepted);
      entry.rejected.push(rejected);
    }
    entry.acceptedTotal += accepted;
  }
  const all = table.get(ALL_TERMS);
  table.delete(ALL_TERMS);
  if (table.size === 0) return null;
  // Base rates with a small prior (PRIOR_DECISIONS spread evenly, a tenth of them refused), so a
  // district's first few decisions do not make their own terms look ordinary.
  const accepted = all ? all.acceptedTotal : 0;
  const rejected = all ? all.rejected.reduce((sum, n) => sum + n, 0) : 0;
  const even = PRIOR_DECISIONS / CATEGORY_COUNT;
  const baseAccepted = new Float64Array(CATEGORY_COUNT).fill(even / (accepted + PRIOR_DECISIONS));
  all?.cats.forEach((c, j) => (baseAccepted[c] = (all.accepted[j] + even) / (accepted + PRIOR_DECISIONS)));
  const baseRefused = (rejected + REFUSAL_PRIOR * PRIOR_DECISIONS) / (accepted + rejected + PRIOR_DECISIONS);
  return { terms: table, baseAccepted, baseRefused };
}

/** How far a share rises above its usual level, as a share of the room above it. */
const lift = (share: number, base: number) => (share <= base ? 0 : (share - base) / (1 - base));

/** What the decisions say about one need, per category. */
export interface LearnedFit {
  /** Learned strength in [0, 1) per category (0 where nothing was learned). */
  strength: Float32Array;
  /** Decided needs behind it (the best term's decayed count, rounded), for the reason. */
  served: Int16Array;
  /** Score factor in (0, 1] per category: 1 unless such resources were refused for similar needs. */
  penalty: Float32Array;
  refused: Int16Array;
  /** Categories with strength ≥ MIN_STRENGTH: their resources within reach become candidates. */
  categories: number[];
}

const confidence = (n: number) => 1 - Math.exp(-n / CONFIDENCE_SCALE);

/** The learned fit of a need's text, or null when no decision speaks to it. */
export function learnedFit(table: LearnedTable, title: string, description?: string): LearnedFit | null {
  // Per category, the two best term values of acceptance and of refusal, and the counts behind the best.
  const best = new Float64Array(CATEGORY_COUNT * 4);
  const servedMax = new Float64Array(CATEGORY_COUNT);
  const refusedMax = new Float64Array(CATEGORY_COUNT);
  let any = false;
  for (const term of evidenceTerms(title, description)) {
    const e = table.terms.get(term);
    if (!e) continue;
    any = true;
    for (let j = 0; j < e.cats.length; j++) {
      const c = e.cats[j];
      const acc = e.accepted[j];
      const rej = e.rejected[j];
      // Acceptance: the share of the term's served needs that this category served, made sure by count.
      keepTwo(best, 4 * c, lift(acc / (e.acceptedTotal + 1), table.baseAccepted[c]) * confidence(acc));
      // Refusal: the share of this category's decisions for the term that were refusals.
      keepTwo(best, 4 * c + 2, lift(rej / (acc + rej + 1), table.baseRefused) * confidence(rej));
      if (acc > servedMax[c]) servedMax[c] = acc;
      if (rej > refusedMax[c]) refusedMax[c] = rej;
    }
  }
  if (!any) return null;
  const fit: LearnedFit = {
    strength: new Float32Array(CATEGORY_COUNT),
    served: new Int16Array(CATEGORY_COUNT),
    penalty: new Float32Array(CATEGORY_COUNT).fill(1),
    refused: new Int16Array(CATEGORY_COUNT),
    categories: [],
  };
  for (let c = 0; c < CATEGORY_COUNT; c++) {
    const strength = (best[4 * c] + best[4 * c + 1]) / 2;
    const refusal = (best[4 * c + 2] + best[4 * c + 3]) / 2;
    if (strength >= MIN_STRENGTH) {
      fit.strength[c] = strength;
      fit.served[c] = Math.max(1, Math.min(9999, Math.round(servedMax[c])));
      fit.categories.push(c);
    }
    if (refusal >= MIN_STRENGTH) {
      fit.penalty[c] = 1 - PENALTY_WEIGHT * refusal;
      fit.refused[c] = Math.max(1, Math.min(9999, Math.round(refusedMax[c])));
    }
  }
  return fit.categories.length > 0 || fit.refused.some((n) => n > 0) ? fit : null;
}

/** Keeps the two largest values at at, at + 1 (largest first). */
function keepTwo(values: Float64Array, at: number, v: number): void {
  if (v > values[at]) {
    values[at + 1] = values[at];
    values[at] = v;
  } else if (v > values[at + 1]) values[at + 1] = v;
}

/**
 * The category fit row with the learned strength folded in: for each learned category, the larger
 * of the text's own fit and the fit whose category term of the semantic score, 1 −
 * CATEGORY_WEIGHT·f', equals 1 − LEARNED_WEIGHT·strength. A lesson stands in for a category the
 * text does not name (it may exceed 1: a kind of resource that served this wording many times is
 * better evidence than a shared label, so a strong lesson alone scores about 0.5–0.6); it adds
 * nothing to a category the text names as well, since both say the same thing. Adding them (as
 * this did first) lifted every near miss of a recognised kind: with four fifths of a street
 * decided, the other fifth's needs that nothing fits got ≥ 0.5 five times as often on the
 * labelled street (tests/matching/learning-eval.ts).
 */
export function foldFit(catRow: Float32Array, fit: LearnedFit): Float32Array {
  const row = Float32Array.from(catRow);
  for (const c of fit.categories) row[c] = Math.max(row[c], (LEARNED_WEIGHT * fit.strength[c]) / CATEGORY_WEIGHT);
  return row;
}

export function servedReason(n: number): string {
  return `本区以往 ${n} 个类似需求由此类资源承接`;
}

export function refusedReason(n: number): string {
  return `本区以往类似需求 ${n} 次拒绝此类资源（对象或内容不符）`;
}
