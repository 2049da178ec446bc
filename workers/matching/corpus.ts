/**
 * The prepared side of matching (MatchingIndex): every resource analysed once into a weighted,
 * normalised concept vector in flat typed arrays, an inverted index from features and categories
 * to resources, a spatial grid of units, and the history and load lookups. Built once per run (or
 * kept by the worker between new needs); proposals then only touch candidates from the index.
 */
import { PointGrid } from "./geo";
import { historyBonus, loadPenalty } from "./score";
import { analyzeText, CATEGORY_COUNT, isKeyConcept, OTHER_CATEGORY, type TextFeatures } from "./text";
import { CATEGORY_LABELS } from "./taxonomy";
import { parseDay } from "./validate";
import type { MatchingInput, MatchingNeed, MatchingResource, PairHistory } from "./types";

/** Features in at most this share of documents keep full weight; commoner ones fade (IDF-like). */
const COMMON_SHARE = 0.05;
const MIN_FEATURE_FACTOR = 0.15;
/** Small inputs are judged as if they were this large, so one shared word is not "common". */
const MIN_CORPUS = 50;
/**
 * Resources with a radius are found through grids of units, one per band of radii, so a query
 * for a community looks only as far as each band reaches. Wider radii are checked one by one.
 */
const RADIUS_BANDS_KM = [1, 2, 3, 5, 8, 12, 25];
const GRID_MAX_RADIUS_KM = RADIUS_BANDS_KM[RADIUS_BANDS_KM.length - 1];

export interface ReachBand {
  /** The largest radius in the band: how far its grid is queried. */
  maxKm: number;
  grid: PointGrid;
  /** Per unit: its resources in this band (CSR). */
  unitStart: Int32Array;
  res: Int32Array;
}
export const NO_DAY_START = -1e9;
export const NO_DAY_END = 1e9;

/**
 * Layout of the packed per-resource record the hot loop reads (one Int32Array and one
 * Float32Array over the same buffer): the fields a candidate needs sit in two cache lines
 * instead of a dozen arrays, with the resource's weights for the corpus's common features.
 */
export const PACK = {
  START: 0,
  END: 1,
  UNIT: 2,
  C1: 3,
  W1: 4,
  C2: 5,
  W2: 6,
  AUDIENCE: 7,
  RANK: 8,
  /** Number of common features inline, or -1 if they did not fit (then: binary search). */
  COMMON_COUNT: 9,
  COMMON: 10,
  MAX_COMMON: 7,
  STRIDE: 24,
} as const;

/** Category fit inputs of one item: up to two categories with confidences. */
export interface ItemCategories {
  c1: number;
  w1: number;
  c2: number;
  w2: number;
  inferred: boolean;
}

export interface MatchingIndex {
  readonly communityIndex: Map<string, number>;
  readonly commLat: Float64Array;
  readonly commLng: Float64Array;
  readonly unitLat: Float64Array;
  readonly unitLng: Float64Array;
  /** Usable resources (known unit, capacity > 0), in input order. */
  readonly resources: MatchingResource[];
  readonly resRank: Int32Array;
  readonly resUnit: Int32Array;
  readonly resRadius: Float64Array;
  readonly resStart: Float64Array;
  readonly resEnd: Float64Array;
  readonly packI: Int32Array;
  readonly packF: Float32Array;
  /** Features in more resources than generateCap: they add to scores but find no candidates. */
  readonly isCommon: Uint8Array;
  readonly resCapacity: Int32Array;
  readonly resCats: ItemCategories[];
  /** The same as flat arrays for the hot loop: categories (c2 = -1 if none) and confidences. */
  readonly resC1: Int8Array;
  readonly resW1: Float32Array;
  readonly resC2: Int8Array;
  readonly resW2: Float32Array;
  /** Who each resource names as served (AUDIENCE_* bits from text.ts). */
  readonly resAudience: Uint8Array;
  /** Feature key → dense feature number, for features some resource has. */
  readonly featureOf: Map<number, number>;
  readonly featureKey: number[];
  /** featureFactor of each indexed feature (its corpus weight). */
  readonly featureWeight: Float64Array;
  readonly keyConcept: Uint8Array;
  /** Document frequency of every feature seen (resources and needs). */
  readonly df: Map<number, number>;
  readonly docCount: number;
  readonly resFeatStart: Int32Array;
  readonly resFeat: Int32Array;
  readonly resFeatW: Float32Array;
  readonly postStart: Int32Array;
  readonly postRes: Int32Array;
  /** The resource's normalised weight for the feature, aligned with postRes. */
  readonly postW: Float32Array;
  /** The largest normalised weight of each feature in any resource (for upper bounds). */
  readonly featureMaxW: Float32Array;
  /** Posting lists longer than this do not generate candidates (the word is too common). */
  readonly generateCap: number;
  /** Per category: resources with no grid-searchable radius. */
  readonly wideByCat: Int32Array[];
  readonly bands: ReachBand[];
  readonly historyByCommunity: Map<number, Array<{ unit: number; bonus: number; history: PairHistory }>>;
  readonly unitActive: Int32Array;
  readonly unitPenalty: Float32Array;
  /** Features of the input's needs (in input order), computed while counting document frequencies. */
  readonly needText: TextFeatures[];
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

const textKey = (title: string, description?: string) => `${title}\u0000${description ?? ""}`;

export function buildIndex(input: MatchingInput): MatchingIndex {
  const communityIndex = new Map(input.communities.map((c, i) => [c.id, i]));
  const unitIndex = new Map(input.units.map((u, i) => [u.id, i]));
  const unitCount = input.units.length;
  const resources = input.resources.filter((r) => unitIndex.has(r.unitId) && (r.capacity ?? 1) > 0);
  const R = resources.length;

  // Analyse every text once (identical texts once in all) and count document frequencies.
  const df = new Map<number, number>();
  const cache = new Map<string, TextFeatures>();
  const analyse = (title: string, description?: string) => {
    const key = textKey(title, description);
    let tf = cache.get(key);
    if (!tf) {
      tf = analyzeText(title, description);
      cache.set(key, tf);
    }
    for (const k of tf.keys) df.set(k, (df.get(k) ?? 0) + 1);
    return tf;
  };
  const resText = resources.map((r) => analyse(r.title, r.description));
  const needText = input.needs.map((n: MatchingNeed) => analyse(n.title, n.description));
  const docCount = R + input.needs.length;

  const featureOf = new Map<number, number>();
  const featureKey: number[] = [];
  const resFeatStart = new Int32Array(R + 1);
  for (let r = 0; r < R; r++) {
    resFeatStart[r + 1] = resFeatStart[r] + resText[r].keys.length;
    for (const k of resText[r].keys) {
      if (!featureOf.has(k)) {
        featureOf.set(k, featureKey.length);
        featureKey.push(k);
      }
    }
  }
  const F = featureKey.length;
  const resFeat = new Int32Array(resFeatStart[R]);
  const resFeatW = new Float32Array(resFeatStart[R]);
  const postCount = new Int32Array(F + 1);
  for (let r = 0; r < R; r++) {
    const { keys, weights } = resText[r];
    let norm = 0;
    const start = resFeatStart[r];
    for (let j = 0; j < keys.length; j++) {
      const w = weights[j] * featureFactor(df.get(keys[j])!, docCount);
      resFeat[start + j] = featureOf.get(keys[j])!;
      resFeatW[start + j] = w;
      norm += w * w;
      postCount[resFeat[start + j] + 1]++;
    }
    norm = Math.sqrt(norm) || 1;
    // Normalised, and sorted by feature number so one feature can be found by binary search.
    const order = keys.map((_, j) => j).sort((a, b) => resFeat[start + a] - resFeat[start + b]);
    const f = order.map((j) => resFeat[start + j]);
    const w = order.map((j) => resFeatW[start + j] / norm);
    for (let j = 0; j < keys.length; j++) {
      resFeat[start + j] = f[j];
      resFeatW[start + j] = w[j];
    }
  }
  const postStart = new Int32Array(F + 1);
  for (let f = 0; f < F; f++) postStart[f + 1] = postStart[f] + postCount[f + 1];
  const fill = postStart.slice(0, F);
  const postRes = new Int32Array(postStart[F]);
  const postW = new Float32Array(postStart[F]);
  for (let r = 0; r < R; r++) {
    for (let j = resFeatStart[r]; j < resFeatStart[r + 1]; j++) {
      const at = fill[resFeat[j]]++;
      postRes[at] = r;
      postW[at] = resFeatW[j];
    }
  }
  const keyConcept = new Uint8Array(F);
  featureKey.forEach((k, f) => (keyConcept[f] = isKeyConcept(k) ? 1 : 0));

  // Hard-constraint data and the spatial layout.
  const ids = resources.map((r, i) => [r.id, i] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
  const resRank = new Int32Array(R);
  ids.forEach(([, i], rank) => (resRank[i] = rank));
  const resUnit = Int32Array.from(resources, (r) => unitIndex.get(r.unitId)!);
  const resRadius = Float64Array.from(resources, (r) => (typeof r.serviceRadiusKm === "number" ? r.serviceRadiusKm : Infinity));
  const day = (s: string | undefined, none: number) => (s ? parseDay(s) ?? none : none);
  const resStart = Float64Array.from(resources, (r) => day(r.startDate, NO_DAY_START));
  const resEnd = Float64Array.from(resources, (r) => day(r.endDate, NO_DAY_END));
  const resCapacity = Int32Array.from(resources, (r) => r.capacity ?? 1);
  const resCats = resources.map((r, i) => itemCategories(r.category, resText[i]));

  const wide: number[][] = Array.from({ length: CATEGORY_COUNT }, () => []);
  for (let r = 0; r < R; r++) {
    if (resRadius[r] > GRID_MAX_RADIUS_KM) {
      wide[resCats[r].c1].push(r);
      if (resCats[r].c2 >= 0) wide[resCats[r].c2].push(r);
    }
  }
  const unitLat = Float64Array.from(input.units, (u) => u.lat);
  const unitLng = Float64Array.from(input.units, (u) => u.lng);
  const bands = buildBands(resRadius, resUnit, unitLat, unitLng);

  const unitActive = new Int32Array(unitCount);
  for (const l of input.unitLoad ?? []) {
    const u = unitIndex.get(l.unitId);
    if (u !== undefined) unitActive[u] = l.activeProjects;
  }
  const historyByCommunity = new Map<number, Array<{ unit: number; bonus: number; history: PairHistory }>>();
  for (const h of input.history ?? []) {
    const c = communityIndex.get(h.communityId);
    const u = unitIndex.get(h.unitId);
    if (c === undefined || u === undefined) continue;
    const list = historyByCommunity.get(c) ?? [];
    const same = list.find((x) => x.unit === u);
    // Several rows for one pair (e.g. per year) add up.
    const merged: PairHistory = same
      ? { ...h, completedProjects: same.history.completedProjects + h.completedProjects, grades: [...(same.history.grades ?? []), ...(h.grades ?? [])] }
      : h;
    if (same) list.splice(list.indexOf(same), 1);
    list.push({ unit: u, bonus: historyBonus(merged), history: merged });
    historyByCommunity.set(c, list);
  }

  const generateCap = Math.max(256, Math.ceil(R * 0.04));
  const isCommon = Uint8Array.from(featureKey, (_, f) => (postStart[f + 1] - postStart[f] > generateCap ? 1 : 0));
  const buffer = new ArrayBuffer(R * PACK.STRIDE * 4);
  const packI = new Int32Array(buffer);
  const packF = new Float32Array(buffer);
  for (let r = 0; r < R; r++) {
    const b = r * PACK.STRIDE;
    packI[b + PACK.START] = resStart[r];
    packI[b + PACK.END] = resEnd[r];
    packI[b + PACK.UNIT] = resUnit[r];
    packI[b + PACK.C1] = resCats[r].c1;
    packF[b + PACK.W1] = resCats[r].w1;
    packI[b + PACK.C2] = resCats[r].c2;
    packF[b + PACK.W2] = resCats[r].w2;
    packI[b + PACK.AUDIENCE] = resText[r].audience;
    packI[b + PACK.RANK] = resRank[r];
    let n = 0;
    for (let j = resFeatStart[r]; j < resFeatStart[r + 1]; j++) {
      if (!isCommon[resFeat[j]]) continue;
      if (n < PACK.MAX_COMMON) {
        packI[b + PACK.COMMON + 2 * n] = resFeat[j];
        packF[b + PACK.COMMON + 2 * n + 1] = resFeatW[j];
      }
      n++;
    }
    packI[b + PACK.COMMON_COUNT] = n <= PACK.MAX_COMMON ? n : -1;
  }

  return {
    communityIndex,
    commLat: Float64Array.from(input.communities, (c) => c.lat),
    commLng: Float64Array.from(input.communities, (c) => c.lng),
    unitLat,
    unitLng,
    resources,
    resRank,
    resUnit,
    resRadius,
    resStart,
    resEnd,
    packI,
    packF,
    isCommon,
    resCapacity,
    resCats,
    resC1: Int8Array.from(resCats, (c) => c.c1),
    resW1: Float32Array.from(resCats, (c) => c.w1),
    resC2: Int8Array.from(resCats, (c) => c.c2),
    resW2: Float32Array.from(resCats, (c) => c.w2),
    resAudience: Uint8Array.from(resText, (t) => t.audience),
    featureOf,
    featureKey,
    featureWeight: Float64Array.from(featureKey, (k) => featureFactor(df.get(k)!, docCount)),
    keyConcept,
    df,
    docCount,
    resFeatStart,
    resFeat,
    resFeatW,
    postStart,
    postRes,
    postW,
    featureMaxW: Float32Array.from(featureKey, (_, f) => {
      let max = 0;
      for (let j = postStart[f]; j < postStart[f + 1]; j++) max = Math.max(max, postW[j]);
      return max;
    }),
    generateCap,
    wideByCat: wide.map((list) => Int32Array.from(list)),
    bands,
    historyByCommunity,
    unitActive,
    unitPenalty: Float32Array.from(unitActive, loadPenalty),
    needText,
  };
}

function buildBands(resRadius: Float64Array, resUnit: Int32Array, unitLat: Float64Array, unitLng: Float64Array): ReachBand[] {
  const bandOf = (radius: number) => RADIUS_BANDS_KM.findIndex((limit) => radius <= limit);
  const members: number[][] = RADIUS_BANDS_KM.map(() => []);
  resRadius.forEach((radius, r) => {
    if (radius <= GRID_MAX_RADIUS_KM) members[bandOf(radius)].push(r);
  });
  const unitCount = unitLat.length;
  return members
    .filter((list) => list.length > 0)
    .map((list) => {
      const unitStart = new Int32Array(unitCount + 1);
      for (const r of list) unitStart[resUnit[r] + 1]++;
      for (let u = 0; u < unitCount; u++) unitStart[u + 1] += unitStart[u];
      const fill = unitStart.slice(0, unitCount);
      const res = new Int32Array(list.length);
      for (const r of list) res[fill[resUnit[r]]++] = r;
      const units = [...new Set(list.map((r) => resUnit[r]))].sort((a, b) => a - b);
      const maxKm = Math.max(...list.map((r) => resRadius[r]));
      return { maxKm, grid: new PointGrid(unitLat, unitLng, Math.max(0.5, maxKm / 2), units), unitStart, res };
    });
}
