/**
 * The prepared side of matching (MatchingIndex): every resource analysed once into a weighted,
 * normalised concept vector in flat typed arrays, an inverted index from features and categories
 * to resources, the radius and window data, and the history and load lookups. Built once per run
 * (or kept by the worker between new needs); proposals then only touch candidates from the index.
 */
import { learnedTable, type LearnedTable } from "./learned";
import { analyseTexts, featureFactor, itemCategories, type ItemCategories, type TextAnalysis } from "./analysis";
import { historyBonus, loadPenalty } from "./score";
import { type TextFeatures } from "./text";
import { CATEGORY_COUNT, isKeyConcept } from "./dictionary";
import { boundRecords, commonRows, packRecords, type CommonRows } from "./pack";
import { parseDay } from "./validate";
import type { MatchingInput, MatchingResource, PairHistory } from "./types";

export const NO_DAY_START = -1e9;
export const NO_DAY_END = 1e9;

export interface MatchingIndex {
  readonly communityIndex: Map<string, number>;
  readonly commLat: Float64Array;
  readonly commLng: Float64Array;
  /** cos(latitude), for the fast distance approximation. */
  readonly commCos: Float64Array;
  readonly unitCos: Float64Array;
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
  /** Each resource's weights of the common words (4 bits each), and its bound record (see pack.ts). */
  readonly common: CommonRows;
  readonly resBound: Int32Array;
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
  /** Per category: resources with no radius limit (reachable from everywhere). */
  readonly wideByCat: Int32Array[];
  /** Resources with a radius limit, checked per community. */
  readonly finiteRes: Int32Array;
  readonly historyByCommunity: HistoryByCommunity;
  /** Units with a confirmed pairing (结对), by community number (decision 041). */
  readonly pairsByCommunity: Map<number, Int32Array>;
  /** What the district's past decisions say, by need term (learned.ts, decision 045); null without evidence. */
  readonly learned: LearnedTable | null;
  readonly unitActive: Int32Array;
  readonly unitPenalty: Float32Array;
  /** Features of the input's needs (in input order), computed while counting document frequencies. */
  readonly needText: TextFeatures[];
}

export function buildIndex(input: MatchingInput, analysis: TextAnalysis = analyseTexts(input)): MatchingIndex {
  const communityIndex = new Map(input.communities.map((c, i) => [c.id, i]));
  const unitIndex = new Map(input.units.map((u, i) => [u.id, i]));
  const unitCount = input.units.length;
  const { resources, resText, needText, df, docCount } = analysis;
  const R = resources.length;

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

  // Hard-constraint data, categories, load and history.
  const ids = resources
    .map((r, i) => [r.id, i] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
  const resRank = new Int32Array(R);
  ids.forEach(([, i], rank) => (resRank[i] = rank));
  const resUnit = Int32Array.from(resources, (r) => unitIndex.get(r.unitId)!);
  const resRadius = Float64Array.from(resources, (r) =>
    typeof r.serviceRadiusKm === "number" ? r.serviceRadiusKm : Infinity,
  );
  const day = (s: string | undefined, none: number) => (s ? (parseDay(s) ?? none) : none);
  const resStart = Float64Array.from(resources, (r) => day(r.startDate, NO_DAY_START));
  const resEnd = Float64Array.from(resources, (r) => day(r.endDate, NO_DAY_END));
  const resCapacity = Int32Array.from(resources, (r) => r.capacity ?? 1);
  const resCats = resources.map((r, i) => itemCategories(r.category, resText[i]));

  const wide: number[][] = Array.from({ length: CATEGORY_COUNT }, () => []);
  for (let r = 0; r < R; r++) {
    if (resRadius[r] === Infinity) {
      wide[resCats[r].c1].push(r);
      if (resCats[r].c2 >= 0) wide[resCats[r].c2].push(r);
    }
  }
  const unitLat = Float64Array.from(input.units, (u) => u.lat);
  const unitLng = Float64Array.from(input.units, (u) => u.lng);

  const unitActive = new Int32Array(unitCount);
  for (const l of input.unitLoad ?? []) {
    const u = unitIndex.get(l.unitId);
    if (u !== undefined) unitActive[u] = l.activeProjects;
  }
  const historyByCommunity = groupHistory(input, communityIndex, unitIndex);

  const generateCap = Math.max(256, Math.ceil(R * 0.04));
  const isCommon = Uint8Array.from(featureKey, (_, f) => (postStart[f + 1] - postStart[f] > generateCap ? 1 : 0));
  const { packI, packF } = packRecords(
    resStart,
    resEnd,
    resUnit,
    resCats,
    resText,
    resRank,
    resFeatStart,
    resFeat,
    resFeatW,
    isCommon,
  );
  const featureMaxW = Float32Array.from(featureKey, (_, f) => {
    let max = 0;
    for (let j = postStart[f]; j < postStart[f + 1]; j++) max = Math.max(max, postW[j]);
    return max;
  });
  const needDf = Int32Array.from(featureKey, (k, f) => df.get(k)! - (postStart[f + 1] - postStart[f]));
  const common = commonRows(isCommon, needDf, postStart, resFeatStart, resFeat, resFeatW, featureMaxW);
  const resBound = boundRecords(resCats, resText, resUnit);

  return {
    communityIndex,
    commLat: Float64Array.from(input.communities, (c) => c.lat),
    commLng: Float64Array.from(input.communities, (c) => c.lng),
    commCos: Float64Array.from(input.communities, (c) => Math.cos((c.lat * Math.PI) / 180)),
    unitCos: Float64Array.from(unitLat, (lat) => Math.cos((lat * Math.PI) / 180)),
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
    common,
    resBound,
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
    featureMaxW,
    generateCap,
    wideByCat: wide.map((list) => Int32Array.from(list)),
    finiteRes: Int32Array.from(resources.keys()).filter((r) => resRadius[r] !== Infinity),
    historyByCommunity,
    pairsByCommunity: groupPairs(input, communityIndex, unitIndex),
    unitActive,
    unitPenalty: Float32Array.from(unitActive, loadPenalty),
    needText,
    learned: learnedTable(input.evidence),
  };
}

type HistoryByCommunity = Map<number, Array<{ unit: number; bonus: number; history: PairHistory }>>;

/** Pair history by community; several rows for one pair (e.g. one per year) add up. */
function groupHistory(
  input: MatchingInput,
  communityIndex: Map<string, number>,
  unitIndex: Map<string, number>,
): HistoryByCommunity {
  const byCommunity: HistoryByCommunity = new Map();
  for (const h of input.history ?? []) {
    const c = communityIndex.get(h.communityId);
    const u = unitIndex.get(h.unitId);
    if (c === undefined || u === undefined) continue;
    const list = byCommunity.get(c) ?? [];
    const same = list.find((x) => x.unit === u);
    const merged: PairHistory = same
      ? {
          ...h,
          completedProjects: same.history.completedProjects + h.completedProjects,
          grades: [...(same.history.grades ?? []), ...(h.grades ?? [])],
        }
      : h;
    if (same) list.splice(list.indexOf(same), 1);
    list.push({ unit: u, bonus: historyBonus(merged), history: merged });
    byCommunity.set(c, list);
  }
  return byCommunity;
}

/** Paired units by community; a pair named twice counts once, unknown ids are left out. */
function groupPairs(
  input: MatchingInput,
  communityIndex: Map<string, number>,
  unitIndex: Map<string, number>,
): Map<number, Int32Array> {
  const sets = new Map<number, Set<number>>();
  for (const p of input.pairs ?? []) {
    const c = communityIndex.get(p.communityId);
    const u = unitIndex.get(p.unitId);
    if (c === undefined || u === undefined) continue;
    let set = sets.get(c);
    if (!set) sets.set(c, (set = new Set()));
    set.add(u);
  }
  return new Map([...sets].map(([c, set]) => [c, Int32Array.from(set)]));
}
