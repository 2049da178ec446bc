/**
 * The hot path: one need against the index. prepareNeed loads the need's vector into the scratch
 * (and enters its community, see reach.ts); select.ts then picks its best resources. Candidates
 * come only from the index, never from all pairs. Hard constraints: radius (by construction),
 * window (checked), capacity > 0 (settled when indexing).
 */
import { NO_DAY_END, NO_DAY_START, type MatchingIndex } from "./corpus";
import { featureFactor, itemCategories, type ItemCategories } from "./analysis";
import { enterCommunity } from "./reach";
import { foldFit, learnedFit, type LearnedFit } from "./learned";
import type { NeedVector, PreparedNeed, Scratch } from "./state";
import { categoryRelation, MIN_PROPOSAL_SCORE } from "./score";
import { rankInto } from "./select";
import type { TextFeatures } from "./text";
import { CATEGORY_COUNT, isKeyConcept } from "./dictionary";
import { parseDay } from "./validate";
import type { MatchingNeed } from "./types";

function needVector(index: MatchingIndex, s: Scratch, text: TextFeatures): NeedVector {
  const n = text.keys.length;
  if (s.tmpW.length < n) {
    s.tmpW = new Float64Array(2 * n);
    s.tmpMain = new Float64Array(2 * n);
    s.tmpF = new Int32Array(2 * n);
  }
  const { tmpW: w, tmpF: fOf } = s;
  let norm = 0;
  for (let j = 0; j < n; j++) {
    const f = index.featureOf.get(text.keys[j]);
    fOf[j] = f ?? -1;
    w[j] =
      text.weights[j] *
      (f !== undefined ? index.featureWeight[f] : featureFactor(index.df.get(text.keys[j]) ?? 0, index.docCount));
    norm += w[j] * w[j];
  }
  norm = Math.sqrt(norm) || 1;
  // The need's main concepts: key concepts of its title, else of its whole text.
  const main = s.tmpMain.fill(0, 0, n);
  let mainTotal = 0;
  for (let pass = 0; pass < 2 && mainTotal === 0; pass++) {
    for (let j = 0; j < n; j++) {
      if (isKeyConcept(text.keys[j]) && (pass === 1 || text.inTitle[j])) {
        main[j] = w[j];
        mainTotal += w[j];
      }
    }
  }
  const features: number[] = [];
  const weights: number[] = [];
  const keys: number[] = [];
  for (let j = 0; j < n; j++) {
    if (fOf[j] < 0) continue;
    features.push(fOf[j]);
    weights.push(w[j] / norm);
    keys.push(mainTotal > 0 ? main[j] / mainTotal : 0);
  }
  const distinct = features.filter((f) => index.isCommon[f] !== 1);
  const common = features.filter((f) => index.isCommon[f] === 1);
  return {
    features,
    distinct,
    common,
    commonSorted: Int32Array.from(new Set(common)).sort(),
    w: Float32Array.from(weights),
    key: Float32Array.from(keys),
    mainTotal,
    byCategory: new Map(),
  };
}

/** What preparing a need looks up (its community, vector, category fit and window), found ahead. */
export interface NeedPlan {
  community: number;
  vector: NeedVector;
  categories: { cats: ItemCategories; catRow: Float32Array };
  learned: LearnedFit | null;
  start: number;
  end: number;
}

/** The need's lookups, or null if its community is unknown. Whole runs plan needs in input order. */
export function planNeed(index: MatchingIndex, s: Scratch, need: MatchingNeed, text: TextFeatures): NeedPlan | null {
  const community = index.communityIndex.get(need.communityId);
  if (community === undefined) return null;
  // Needs with the same text (templates, copies) share their vector within a run.
  let vector = s.vectors.get(text);
  if (!vector) s.vectors.set(text, (vector = needVector(index, s, text)));
  if (vector.learned === undefined)
    vector.learned = index.learned && learnedFit(index.learned, need.title, need.description);
  let categories = vector.byCategory.get(need.category);
  if (!categories) {
    categories = categoryFit(need.category, text);
    if (vector.learned) categories.catRow = foldFit(categories.catRow, vector.learned);
    vector.byCategory.set(need.category, categories);
  }
  const start = need.startDate ? day(s, need.startDate, NO_DAY_START) : NO_DAY_START;
  const end = need.endDate ? day(s, need.endDate, NO_DAY_END) : NO_DAY_END;
  return { community, vector, categories, learned: vector.learned, start, end };
}

export function prepareNeed(
  index: MatchingIndex,
  s: Scratch,
  need: MatchingNeed,
  text: TextFeatures,
): PreparedNeed | null {
  const plan = planNeed(index, s, need, text);
  return plan && loadNeed(index, s, need, text, plan);
}

/** Enters the need's community and loads its vector into the scratch (until releaseNeed). */
export function loadNeed(
  index: MatchingIndex,
  s: Scratch,
  need: MatchingNeed,
  text: TextFeatures,
  plan: NeedPlan,
): PreparedNeed {
  enterCommunity(index, s, plan.community);
  const { features, distinct, common, commonSorted, w, key, mainTotal } = plan.vector;
  for (let j = 0; j < features.length; j++) {
    s.needW[features[j]] = w[j];
    s.needKey[features[j]] = key[j];
  }
  const { cats, catRow } = plan.categories;
  return {
    need,
    text,
    cats,
    catRow,
    learned: plan.learned,
    features,
    distinct,
    common,
    commonSorted,
    mainTotal,
    start: plan.start,
    end: plan.end,
  };
}

function categoryFit(category: string | undefined, text: TextFeatures) {
  const cats = itemCategories(category, text);
  const catRow = new Float32Array(CATEGORY_COUNT);
  for (let k = 0; k < CATEGORY_COUNT; k++) {
    let best = cats.w1 * categoryRelation[cats.c1 * CATEGORY_COUNT + k];
    if (cats.c2 >= 0) best = Math.max(best, cats.w2 * categoryRelation[cats.c2 * CATEGORY_COUNT + k]);
    catRow[k] = best;
  }
  return { cats, catRow };
}

/** A date as a day number (parsed once per distinct string: needs share a few hundred dates). */
function day(s: Scratch, value: string, none: number): number {
  let d = s.days.get(value);
  if (d === undefined) {
    d = parseDay(value) ?? NaN;
    if (s.days.size < 100_000) s.days.set(value, d);
  }
  return Number.isNaN(d) ? none : d;
}

export function releaseNeed(s: Scratch, p: PreparedNeed): void {
  for (const f of p.features) s.needW[f] = s.needKey[f] = 0;
}

/** Scores the candidates of a prepared need and keeps the best topK with score ≥ floor in s.topRes / s.topScore; returns how many. */
export function rankTop(
  index: MatchingIndex,
  s: Scratch,
  p: PreparedNeed,
  topK: number,
  floor = MIN_PROPOSAL_SCORE,
): number {
  return rankInto(index, s, p, topK, floor);
}
