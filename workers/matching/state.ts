/**
 * The shapes of the engine's working state: a need made ready for scoring, its vector, and the
 * per-index scratch buffers. Types only, in a module that imports no engine code, so the modules
 * that fill and read this state (scratch, reach, candidates, select, rank, reasons) do not import
 * one another in a circle.
 */
import type { ItemCategories } from "./analysis";
import type { LearnedFit } from "./learned";
import type { LexicalIndex } from "./lexical";
import type { TextFeatures } from "./text";
import type { MatchingNeed, PairHistory } from "./types";

/** A need made ready for scoring: its vector is loaded into the scratch until releaseNeed. */
export interface PreparedNeed {
  need: MatchingNeed;
  text: TextFeatures;
  cats: ItemCategories;
  /** catRow[k]: best category fit of the need with a resource of category k (before its confidence). */
  catRow: Float32Array;
  /** What past decisions of the district say about this need's wording (learned.ts), or null. */
  learned: LearnedFit | null;
  features: number[];
  /** The features split: distinctive ones generate candidates, common ones only add to scores. */
  distinct: number[];
  common: number[];
  /** The common features in ascending order, each once (exact scores look them up in a resource's sorted features). */
  commonSorted: Int32Array;
  mainTotal: number;
  start: number;
  end: number;
}

/** What a need's text is as a vector over the index's features: the same for every need with that text. */
export interface NeedVector {
  /** Indexed features in text order (the order scores add up in), their weights and main-concept shares. */
  features: number[];
  distinct: number[];
  common: number[];
  commonSorted: Int32Array;
  w: Float32Array;
  key: Float32Array;
  mainTotal: number;
  /** Category fit inputs and catRow (see PreparedNeed) by the category the need gives. */
  byCategory: Map<string | undefined, { cats: ItemCategories; catRow: Float32Array }>;
  /** learnedFit of the text (undefined: not looked up yet). */
  learned?: LearnedFit | null;
}

export interface Scratch {
  /** The current need's normalised weight per feature (0 elsewhere). */
  needW: Float32Array;
  /** Share of the need's main concepts (title, key concepts) each feature stands for. */
  needKey: Float32Array;
  candStamp: number;
  cand: Int32Array;
  /** Candidate records (see REC_F in candidates.ts): three views of one buffer. */
  recF: Float64Array;
  recI: Int32Array;
  recB: Uint8Array;
  community: number;
  communityStamp: number;
  /** Approximate km from the community to each unit; exact (haversine) km when computed. */
  unitKm: Float64Array;
  exactMark: Int32Array;
  exactKm: Float64Array;
  closeMark: Int32Array;
  unitClose: Float64Array;
  unitBonus: Float32Array;
  unitHistory: Map<number, PairHistory>;
  /** 1 for units paired with the current community (结对, decision 041), and which they are. */
  unitPaired: Uint8Array;
  pairedUnits: Int32Array;
  /** PAIR_BONUS when the current community has any pairing, else 0 (for upper bounds). */
  pairBest: number;
  /**
   * Reason text numbers (reasons.ts) shared by the proposals of a community (distance, history)
   * or of a unit (load); -1 for none, -2 not looked up yet.
   */
  distMark: Int32Array;
  distId: Int32Array;
  resDistMark: Int32Array;
  resDistId: Int32Array;
  historyId: Map<number, number>;
  loadId: Int32Array;
  /** Resources with a finite radius reaching the community, per category. */
  localByCat: Int32Array[];
  localCount: Int32Array;
  /** communityStamp where a finite-radius resource reaches the current community. */
  reachMark: Int32Array;
  /** Finite-radius resources per unit, widest radius first: unitRes[unitResStart[u] ..]. */
  unitResStart: Int32Array;
  unitRes: Int32Array;
  /** Community-local posting lists: the reachable resources of a feature and their weights (reach.ts). */
  localMark: Int32Array;
  localOff: Int32Array;
  localLen: Int32Array;
  arenaRes: Int32Array;
  arenaW: Float32Array;
  arenaUsed: number;
  /** Per-need buffers (feature order): corpus weight, main-concept weight, feature number. */
  tmpW: Float64Array;
  tmpMain: Float64Array;
  tmpF: Int32Array;
  /** Need vectors by text, for needs that share a text; day numbers of date strings. */
  vectors: WeakMap<TextFeatures, NeedVector>;
  days: Map<string, number>;
  /** The need's best-first list being built (resource numbers and scores). */
  topRes: Int32Array;
  topScore: Float64Array;
  /** Candidates scored ahead of the others, and the stamp of those already scored. */
  seedRes: Int32Array;
  seedBound: Float64Array;
  doneMark: Int32Array;
  /**
   * Upper bound of each candidate (by position); the need's common words that have a column in the
   * common-word rows (column, weight per step, main-concept share, key concept), and what its other
   * common words add to every bound (dot, coverage, key concept) (candidates.ts).
   */
  bound: Float64Array;
  commonCol: Int32Array;
  commonStepW: Float64Array;
  commonCov: Float64Array;
  commonKey: Int32Array;
  commonRest: Float64Array;
  /** An upper bound of each unit's geoFactor (score.ts) for the current community. */
  geoBound: Float64Array;
  /** The lexical layer's state (lexical-rank.ts), made when a need first consults it. */
  lexical: LexicalScratch | undefined;
}

/** The lexical layer's per-index buffers: BM25 sums of the current need's candidates, and more. */
export interface LexicalScratch {
  lx: LexicalIndex;
  /** candStamp of the need whose sum acc[r] holds, and the resources it touched. */
  mark: Int32Array;
  acc: Float64Array;
  touched: Int32Array;
  /** candStamp of the need whose kept score for this resource is its lexical one. */
  won: Int32Array;
  /** N-grams of the need being explained (by gramStamp). */
  gramMark: Int32Array;
  gramStamp: number;
}
