/**
 * The first step of indexing: every text of an input analysed once (identical texts once in all),
 * document frequencies counted, and how items read as categories. Kept apart from the index build
 * (corpus.ts) so that a worker can analyse its shard of needs while the main thread still counts
 * the frequencies of the whole input, and then index with those (parallel.ts).
 */
import { CATEGORY_LABELS } from "../../domain/taxonomy";
import { analyzeText, type TextFeatures } from "./text";
import { OTHER_CATEGORY } from "./dictionary";
import type { MatchingInput, MatchingResource } from "./types";

/** Features in at most this share of documents keep full weight; commoner ones fade (IDF-like). */
const COMMON_SHARE = 0.05;
const MIN_FEATURE_FACTOR = 0.15;
/** Small inputs are judged as if they were this large, so one shared word is not "common". */
const MIN_CORPUS = 50;

/** Category fit inputs of one item: up to two categories with confidences. */
export interface ItemCategories {
  c1: number;
  w1: number;
  c2: number;
  w2: number;
  inferred: boolean;
}

export interface TextAnalysis {
  /** Usable resources (known unit, capacity > 0), in input order, and their texts' features. */
  resources: MatchingResource[];
  resText: TextFeatures[];
  /** Features of the input's needs, in input order. */
  needText: TextFeatures[];
  /** Documents (resources and needs) containing each feature, and how many documents in all. */
  df: Map<number, number>;
  docCount: number;
}

export function featureFactor(df: number, docCount: number): number {
  if (df <= 0) return 1;
  const share = df / Math.max(docCount, MIN_CORPUS);
  return Math.min(1, Math.max(MIN_FEATURE_FACTOR, Math.log(1 / share) / Math.log(1 / COMMON_SHARE)));
}

export function itemCategories(given: string | undefined, text: TextFeatures): ItemCategories {
  const g = given === undefined ? -1 : CATEGORY_LABELS.indexOf(given as (typeof CATEGORY_LABELS)[number]);
  const k = text.inferredCategory;
  // How sure the text is: its top category's share and how much category evidence there is.
  const sure = k < 0 ? 0 : text.inferredShare * Math.min(1, text.categoryEvidence / 1.2);
  if (g >= 0 && g !== OTHER_CATEGORY) {
    // A given category is trusted, a little less when the text clearly speaks of another one
    // (forms pre-fill the category from a keyword; "带完孩子想出去上班" is not about children).
    const second = k >= 0 && k !== g && text.inferredShare >= 0.5;
    const doubt = second ? 0.15 * sure : 0;
    return { c1: g, w1: 1 - doubt, c2: second ? k : -1, w2: second ? 0.6 * sure : 0, inferred: false };
  }
  if (k >= 0) return { c1: k, w1: 0.5 + 0.45 * sure, c2: -1, w2: 0, inferred: true };
  return { c1: OTHER_CATEGORY, w1: g === OTHER_CATEGORY ? 1 : 0.5, c2: -1, w2: 0, inferred: g !== OTHER_CATEGORY };
}

/**
 * Which documents analyseTexts counts in df and docCount: all of the input's, or only its needs'
 * (a shard's part of the whole input's counts, parallel.ts).
 */
export type Counting = "all" | "needs";

/** Analyses the input's texts and counts the documents `counting` says. */
export function analyseTexts(input: MatchingInput, counting: Counting = "all"): TextAnalysis {
  const units = new Set(input.units.map((u) => u.id));
  const resources = input.resources.filter((r) => units.has(r.unitId) && (r.capacity ?? 1) > 0);
  // By title, then description: no key string is built per text. Each distinct text counts its
  // documents, and adds them to the frequencies once at the end.
  const cache = new Map<string, Map<string, { tf: TextFeatures; uses: number }>>();
  const distinct: Array<{ tf: TextFeatures; uses: number }> = [];
  const analyse = (title: string, description: string | undefined) => {
    let byDescription = cache.get(title);
    if (!byDescription) cache.set(title, (byDescription = new Map()));
    let seen = byDescription.get(description ?? "");
    if (!seen) {
      seen = { tf: analyzeText(title, description), uses: 0 };
      byDescription.set(description ?? "", seen);
      distinct.push(seen);
    }
    seen.uses++;
    return seen.tf;
  };
  const resText = resources.map((r) => analyse(r.title, r.description));
  // Counting needs only: what the resources' texts used so far is not counted.
  if (counting === "needs") for (const d of distinct) d.uses = 0;
  const needText = input.needs.map((n) => analyse(n.title, n.description));
  const df = new Map<number, number>();
  for (const { tf, uses } of distinct) if (uses > 0) for (const k of tf.keys) df.set(k, (df.get(k) ?? 0) + uses);
  const docCount = counting === "all" ? resources.length + input.needs.length : input.needs.length;
  return { resources, resText, needText, df, docCount };
}
