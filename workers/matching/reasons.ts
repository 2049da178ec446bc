/**
 * The Chinese reasons of a kept proposal: category, shared words, audience, distance, window,
 * history, load. Only the top-K proposals of each need get them, and most texts repeat across
 * proposals (a community's distance to a unit, a set of shared words), so texts are memoised and
 * each proposal allocates little more than its own list.
 */
import { exactKm, type PreparedNeed, type Scratch } from "./rank";
import { I_CATS, REC_I } from "./candidates";
import { categoryReason, categoryRelation, distanceReason, historyReason, loadReason, windowReason } from "./score";
import { audienceConflict, CATEGORY_COUNT, featureName, isConceptKey } from "./text";
import { SERVICE_CIRCLE_KM } from "./geo";
import type { MatchingIndex } from "./corpus";

const MAX_KEYWORDS = 4;
/** Distinct keyword lists remembered per index; beyond it texts are still right, just rebuilt. */
const KEYWORD_CACHE_LIMIT = 200_000;

/** A trie over feature numbers: the path is a keyword list, the node its text. */
interface KeywordNode {
  text: string | undefined;
  next: Map<number, KeywordNode> | undefined;
}

interface ReasonMemo {
  keywords: KeywordNode;
  keywordCount: number;
  /** The best shared words of the current pair (feature numbers and ranking values), best first. */
  topF: Int32Array;
  topV: Float64Array;
  list: string[];
  /** Whether each feature is a dictionary concept (not a bigram). */
  concept: Uint8Array;
}

const memos = new WeakMap<MatchingIndex, ReasonMemo>();

function memoOf(index: MatchingIndex): ReasonMemo {
  let m = memos.get(index);
  if (!m) {
    m = {
      keywords: { text: undefined, next: undefined },
      keywordCount: 0,
      topF: new Int32Array(MAX_KEYWORDS),
      topV: new Float64Array(MAX_KEYWORDS),
      list: new Array<string>(8).fill(""),
      concept: Uint8Array.from(index.featureKey, (k) => (isConceptKey(k) ? 1 : 0)),
    };
    memos.set(index, m);
  }
  return m;
}

/** "共同关键词：…": shared words, best first; dictionary concepts before bigrams (bigrams only as a last resort). */
function sharedWordsReason(index: MatchingIndex, s: Scratch, m: ReasonMemo, r: number): string | null {
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
  if (shared === 0) return null;
  const n = concepts > 0 ? Math.min(concepts, MAX_KEYWORDS) : Math.min(shared, 2);
  let node = m.keywords;
  for (let k = 0; k < n; k++) {
    let next = node.next?.get(topF[k]);
    if (!next) {
      next = { text: undefined, next: undefined };
      if (m.keywordCount < KEYWORD_CACHE_LIMIT) {
        (node.next ??= new Map()).set(topF[k], next);
        m.keywordCount++;
      }
    }
    node = next;
  }
  if (node.text === undefined) {
    const names: string[] = [];
    for (let k = 0; k < n; k++) names.push(featureName(index.featureKey[topF[k]]));
    node.text = `共同关键词：${names.join("、")}`;
  }
  return node.text;
}

/** The distance reason, once per community and resource (the community's needs share it). */
function distanceText(index: MatchingIndex, s: Scratch, r: number): string {
  if (s.resDistMark[r] === s.communityStamp) return s.resDistText[r];
  const u = index.resUnit[r];
  const radius = index.resRadius[r];
  const km = exactKm(index, s, u);
  let text: string;
  if (km > SERVICE_CIRCLE_KM && radius !== Infinity) text = distanceReason(km, radius);
  else {
    // Without the radius in it, the text is the same for all the unit's resources.
    if (s.distMark[u] !== s.communityStamp) {
      s.distMark[u] = s.communityStamp;
      s.distText[u] = distanceReason(km, radius);
    }
    text = s.distText[u];
  }
  s.resDistMark[r] = s.communityStamp;
  s.resDistText[r] = text;
  return text;
}

/** The category reason from the best-fitting pair of the need's and the resource's categories. */
function categoryText(p: PreparedNeed, index: MatchingIndex, s: Scratch, r: number): string | null {
  const n = p.cats;
  const cats = s.recI[r * REC_I + I_CATS];
  if (n.c2 < 0 && ((cats >>> 8) & 0xff) === 0) {
    // One category each (the usual case): the pair fits exactly when the categories relate.
    const b = cats & 0xff;
    const fits = categoryRelation[n.c1 * CATEGORY_COUNT + b] > 0 && n.w1 > 0 && index.resW1[r] > 0;
    return fits ? categoryReason(n.c1, b, n.inferred || ((cats >>> 18) & 1) === 1) : null;
  }
  const m = index.resCats[r];
  let bestFit = 0;
  let needCat = -1;
  let resCat = -1;
  for (let i = 0; i < 4; i++) {
    const a = i < 2 ? n.c1 : n.c2;
    const b = i % 2 === 0 ? m.c1 : m.c2;
    const fit = a < 0 || b < 0 ? 0 : (i < 2 ? n.w1 : n.w2) * (i % 2 === 0 ? m.w1 : m.w2) * categoryRelation[a * CATEGORY_COUNT + b];
    if (fit > bestFit) {
      bestFit = fit;
      needCat = a;
      resCat = b;
    }
  }
  return bestFit > 0 ? categoryReason(needCat, resCat, n.inferred || m.inferred) : null;
}

/** Chinese reasons for one proposal of the prepared need (its vector loaded in the scratch). */
export function reasonsFor(index: MatchingIndex, s: Scratch, p: PreparedNeed, r: number): string[] {
  const m = memoOf(index);
  // Collected in a fixed scratch list (clearing an array would give up its storage every time).
  const list = m.list;
  let n = 0;
  const category = categoryText(p, index, s, r);
  if (category) list[n++] = category;
  const shared = sharedWordsReason(index, s, m, r);
  if (shared) list[n++] = shared;
  if (audienceConflict(p.text.audience, index.resAudience[r])) list[n++] = "服务对象不同（老人与孩子），请核实";
  const u = index.resUnit[r];
  list[n++] = distanceText(index, s, r);
  const resource = index.resources[r];
  if (p.need.startDate || p.need.endDate || resource.startDate || resource.endDate) {
    const window = windowReason(p.need.startDate, p.need.endDate, resource.startDate, resource.endDate);
    if (window) list[n++] = window;
  }
  if (s.unitHistory.has(u)) {
    if (!s.historyText.has(u)) s.historyText.set(u, historyReason(s.unitHistory.get(u)));
    const history = s.historyText.get(u);
    if (history) list[n++] = history;
  }
  if (index.unitActive[u] > 0) {
    if (s.loadText[u] === undefined) s.loadText[u] = loadReason(index.unitActive[u]);
    const load = s.loadText[u];
    if (load) list[n++] = load;
  }
  return exactCopy(list, n);
}

/**
 * The list as a new array of its exact length. Half a million lists outlive a city's run: array
 * literals (unlike slice) let V8 learn that they survive and allocate them where they will stay.
 */
export function exactCopy(l: string[], n = l.length): string[] {
  switch (n) {
    case 1:
      return [l[0]];
    case 2:
      return [l[0], l[1]];
    case 3:
      return [l[0], l[1], l[2]];
    case 4:
      return [l[0], l[1], l[2], l[3]];
    case 5:
      return [l[0], l[1], l[2], l[3], l[4]];
    case 6:
      return [l[0], l[1], l[2], l[3], l[4], l[5]];
    default:
      return l.slice(0, n);
  }
}
