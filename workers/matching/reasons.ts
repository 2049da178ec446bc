/**
 * The Chinese reasons of a kept proposal: category, shared words, similar text (lexical-rank.ts), audience, distance, window,
 * history, pairing (结对), load. Only the top-K proposals of each need get them. A city's half a million
 * proposals share a few tens of thousands of distinct texts, so each text is made once, numbered
 * in the index's reason table, and a proposal carries only numbers until it is output (engine.ts
 * builds the string lists then, and a worker thread sends numbers, not strings).
 */
import { exactKm } from "./reach";
import type { PreparedNeed, Scratch } from "./state";
import { I_CATS, REC_I } from "./candidates";
import { categoryReason, categoryRelation, distanceReason, historyReason, loadReason, windowReason } from "./score";
import { audienceConflict, CATEGORY_COUNT, featureName } from "./dictionary";
import { dateId, MAX_KEYWORDS, memoOf, NONE, textId, textsOf, UNKNOWN, type ReasonMemo } from "./reason-memo";
import { SERVICE_CIRCLE_KM } from "./geo";
import { lexicalReasonId } from "./lexical-rank";
import { refusedReason, servedReason, type LearnedFit } from "./learned";
import type { MatchingIndex } from "./corpus";

/** Distinct keyword lists remembered per index; beyond it texts are still right, just rebuilt. */
const KEYWORD_CACHE_LIMIT = 200_000;
const SERVICE_CIRCLE_METRES = SERVICE_CIRCLE_KM * 1000;

/** "共同关键词：…": shared words, best first; dictionary concepts before bigrams (bigrams only as a last resort). */
function sharedWordsReason(index: MatchingIndex, s: Scratch, m: ReasonMemo, r: number): number {
  const { topF, topV } = m;
  const { needW } = s;
  let size = 0;
  let shared = 0;
  let concepts = 0;
  for (let j = index.resFeatStart[r]; j < index.resFeatStart[r + 1]; j++) {
    const f = index.resFeat[j];
    if (needW[f] === 0) continue;
    shared++;
    const concept = m.concept[f] === 1;
    if (concept) concepts++;
    // Concepts rank above bigrams whatever their weight; equal values keep their feature order.
    const v = needW[f] * index.resFeatW[j] + (concept ? 10 : 0);
    let at = size;
    while (at > 0 && topV[at - 1] < v) at--;
    if (at >= MAX_KEYWORDS) continue;
    for (let k = Math.min(size, MAX_KEYWORDS - 1); k > at; k--) {
      topF[k] = topF[k - 1];
      topV[k] = topV[k - 1];
    }
    topF[at] = f;
    topV[at] = v;
    if (size < MAX_KEYWORDS) size++;
  }
  if (shared === 0) return NONE;
  const n = concepts > 0 ? Math.min(concepts, MAX_KEYWORDS) : Math.min(shared, 2);
  let node = m.keywords;
  for (let k = 0; k < n; k++) {
    let next = node.next?.get(topF[k]);
    if (!next) {
      next = { id: UNKNOWN, next: undefined };
      if (m.keywordCount < KEYWORD_CACHE_LIMIT) {
        (node.next ??= new Map()).set(topF[k], next);
        m.keywordCount++;
      }
    }
    node = next;
  }
  if (node.id === UNKNOWN) {
    const names: string[] = [];
    for (let k = 0; k < n; k++) names.push(featureName(index.featureKey[topF[k]]));
    node.id = textId(m.table, `共同关键词：${names.join("、")}`);
  }
  return node.id;
}

/** The distance reason, once per community and resource (the community's needs share it). */
function distanceId(index: MatchingIndex, s: Scratch, m: ReasonMemo, r: number): number {
  if (s.resDistMark[r] === s.communityStamp) return s.resDistId[r];
  const u = index.resUnit[r];
  const radius = index.resRadius[r];
  const km = exactKm(index, s, u);
  let id: number;
  if (km > SERVICE_CIRCLE_KM && radius !== Infinity) id = distanceTextId(m, km, radius);
  else {
    // Without the radius in it, the text is the same for all the unit's resources.
    if (s.distMark[u] !== s.communityStamp) {
      s.distMark[u] = s.communityStamp;
      s.distId[u] = distanceTextId(m, km, radius);
    }
    id = s.distId[u];
  }
  s.resDistMark[r] = s.communityStamp;
  s.resDistId[r] = id;
  return id;
}

/**
 * The number of distanceReason(km, radius) in the table, remembered by the tenth of a km it
 * shows and by the radius it names. Where a metre may hold toFixed's rounding edge (x.x5 km) or
 * the service circle's edge, the text is made afresh.
 */
function distanceTextId(m: ReasonMemo, km: number, radius: number): number {
  const metres = Math.floor(km * 1000);
  const edge = metres % 100;
  if (edge === 49 || edge === 50 || metres === SERVICE_CIRCLE_METRES || metres >= 1 << 28)
    return textId(m.table, distanceReason(km, radius));
  const within = km <= SERVICE_CIRCLE_KM;
  const key = 2 * Math.floor((metres + 50) / 100) + (within ? 1 : 0);
  // Inside the circle, and with no radius, the text does not name the radius.
  const named = within || radius === Infinity ? -1 : radius;
  let byKey = m.distanceIds.get(named);
  if (!byKey) m.distanceIds.set(named, (byKey = new Map()));
  let id = byKey.get(key);
  if (id === undefined) byKey.set(key, (id = textId(m.table, distanceReason(km, radius))));
  return id;
}

/** The category reason from the best-fitting pair of the need's and the resource's categories. */
function categoryId(p: PreparedNeed, index: MatchingIndex, s: Scratch, m: ReasonMemo, r: number): number {
  const n = p.cats;
  const cats = s.recI[r * REC_I + I_CATS];
  let needCat = -1;
  let resCat = -1;
  let inferred = n.inferred;
  if (n.c2 < 0 && ((cats >>> 8) & 0xff) === 0) {
    // One category each (the usual case): the pair fits exactly when the categories relate.
    const b = cats & 0xff;
    if (!(categoryRelation[n.c1 * CATEGORY_COUNT + b] > 0 && n.w1 > 0 && index.resW1[r] > 0)) return NONE;
    needCat = n.c1;
    resCat = b;
    inferred ||= ((cats >>> 18) & 1) === 1;
  } else {
    const c = index.resCats[r];
    let bestFit = 0;
    for (let i = 0; i < 4; i++) {
      const a = i < 2 ? n.c1 : n.c2;
      const b = i % 2 === 0 ? c.c1 : c.c2;
      const fit =
        a < 0 || b < 0
          ? 0
          : (i < 2 ? n.w1 : n.w2) * (i % 2 === 0 ? c.w1 : c.w2) * categoryRelation[a * CATEGORY_COUNT + b];
      if (fit > bestFit) {
        bestFit = fit;
        needCat = a;
        resCat = b;
      }
    }
    if (bestFit <= 0) return NONE;
    inferred ||= c.inferred;
  }
  const key = (needCat * CATEGORY_COUNT + resCat) * 2 + (inferred ? 1 : 0);
  if (m.categoryId[key] === UNKNOWN) {
    const text = categoryReason(needCat, resCat, inferred);
    m.categoryId[key] = text === null ? NONE : textId(m.table, text);
  }
  return m.categoryId[key];
}

/** "本区以往 N 个类似需求由此类资源承接" and the refusal reason, when decisions speak to the pair (learned.ts). */
function learnedReasonIds(learned: LearnedFit, category: number, m: ReasonMemo, out: Int32Array, at: number): number {
  let n = at;
  if (learned.strength[category] > 0) out[n++] = textId(m.table, servedReason(learned.served[category]));
  if (learned.refused[category] > 0) out[n++] = textId(m.table, refusedReason(learned.refused[category]));
  return n - at;
}

/** The window reason: the later start and the earlier end of the two, when either side gives a date. */
function windowId(p: PreparedNeed, index: MatchingIndex, m: ReasonMemo, r: number): number {
  const need = p.need;
  const resource = index.resources[r];
  if (!need.startDate && !need.endDate && !resource.startDate && !resource.endDate) return NONE;
  // Dates are "YYYY-MM-DD", so string order is date order (as windowReason compares them).
  const { startDate: ns, endDate: ne } = need;
  const { startDate: rs, endDate: re } = resource;
  const start = !ns ? m.resStartId[r] : !rs || ns > rs ? dateId(m, ns) : m.resStartId[r];
  const end = !ne ? m.resEndId[r] : !re || ne < re ? dateId(m, ne) : m.resEndId[r];
  // A small-integer key while there are fewer than 32,767 distinct dates (always, in practice).
  const key = start < 0x7fff && end < 0x7fff ? (start + 1) * 0x8000 + (end + 1) : -1;
  let id = m.windowIds.get(key);
  if (id === undefined) {
    const text = windowReason(ns, ne, rs, re);
    id = text === null ? NONE : textId(m.table, text);
    if (key >= 0) m.windowIds.set(key, id);
  }
  return id;
}

/**
 * The reasons of one proposal of the prepared need (its vector loaded in the scratch) as text
 * numbers in the index's reason table: written to out from `at`; returns how many.
 */
export function reasonIdsInto(
  index: MatchingIndex,
  s: Scratch,
  p: PreparedNeed,
  r: number,
  out: Int32Array,
  at: number,
): number {
  const m = memoOf(index);
  let n = at;
  const category = categoryId(p, index, s, m, r);
  if (category >= 0) out[n++] = category;
  const shared = sharedWordsReason(index, s, m, r);
  if (shared >= 0) out[n++] = shared;
  const lexical = lexicalReasonId(index, s, p, r, m);
  if (lexical >= 0) out[n++] = lexical;
  if (p.learned) n += learnedReasonIds(p.learned, index.resC1[r], m, out, n);
  if (audienceConflict(p.text.audience, index.resAudience[r])) out[n++] = m.audienceId;
  const u = index.resUnit[r];
  out[n++] = distanceId(index, s, m, r);
  const window = windowId(p, index, m, r);
  if (window >= 0) out[n++] = window;
  if (s.unitHistory.has(u)) {
    let history = s.historyId.get(u);
    if (history === undefined) {
      const text = historyReason(s.unitHistory.get(u));
      s.historyId.set(u, (history = text === null ? NONE : textId(m.table, text)));
    }
    if (history >= 0) out[n++] = history;
  }
  if (s.unitPaired[u] === 1) out[n++] = m.pairId;
  if (index.unitActive[u] > 0) {
    if (s.loadId[u] === UNKNOWN) {
      const text = loadReason(index.unitActive[u]);
      s.loadId[u] = text === null ? NONE : textId(m.table, text);
    }
    if (s.loadId[u] >= 0) out[n++] = s.loadId[u];
  }
  return n - at;
}

/** Chinese reasons for one proposal of the prepared need, as strings. */
export function reasonsFor(index: MatchingIndex, s: Scratch, p: PreparedNeed, r: number): string[] {
  const m = memoOf(index);
  const n = reasonIdsInto(index, s, p, r, m.ids, 0);
  return textsOf(m.table.texts, m.ids, 0, n);
}
