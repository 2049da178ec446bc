/**
 * Fusing the lexical layer (lexical.ts) into a need's top-K (select.ts): after the concept layer,
 * the need's n-grams find its lexically closest reachable resources (radius settled on entering
 * the community, window checked), and every such resource's score becomes the fusion of its
 * concept and lexical evidence (fuse: below the acceptance line they add up as independent
 * evidence, an acceptable concept score stays as it is). Lexical evidence alone is weak (at most
 * LEXICAL_MAX) and a fused score stays below ACCEPTABLE_SCORE: the layer orders and fills
 * proposals, never makes a pair acceptable or enters the draft assignment by itself. When the list
 * is already full at or above the acceptance line the layer is not consulted (it could change
 * nothing). Scans are capped per n-gram and per need, in a fixed order, so results stay
 * deterministic and a need gets the same proposals in a whole run as alone (proposeForNeed).
 */
import type { MatchingIndex } from "./corpus";
import { REC_F, REC_I, F_COV, F_DOT, I_KEY, I_MARK, fineBound, scoreCandidate } from "./candidates";
import { ACCEPTABLE_SCORE } from "./types";
import { audienceConflict } from "./dictionary";
import { gramId, lexicalOf, queryOf, type LexicalIndex } from "./lexical";
import { bigramKey, isCjk } from "./lexical-grams";
import { unitCloseness } from "./reach";
import { textId, NONE, type ReasonMemo } from "./reason-memo";
import type { LexicalScratch, PreparedNeed, Scratch } from "./state";

/** The highest lexical score (strong overlap, nearest, right audience): below ACCEPTABLE_SCORE. */
export const LEXICAL_MAX = 0.45;
/** The highest fused score: below ACCEPTABLE_SCORE after rounding to 4 decimals. */
export const FUSED_MAX = 0.4999;
/**
 * Similarity (idf-weighted share of the need's n-grams the resource has) that is no evidence yet,
 * and the scale above it. On the tuned streets an acceptable resource is as likely as not at 0.10–0.15
 * and likely above 0.15, while unacceptable pairs rarely reach 0.15: 0.10 scores about 0.24 (below
 * MIN_PROPOSAL_SCORE once distance counts), 0.15 about 0.34, 0.3 about 0.43.
 */
const SIM_FLOOR = 0.04;
const SIM_SCALE = 0.08;
/** As score.ts: distance keeps 84% at worst; serving the wrong people (old vs young) keeps 60%. */
const DISTANCE_SHARE = 0.16;
const AUDIENCE_FACTOR = 0.6;
/** Postings read per n-gram (heaviest first) and per need, rarest n-grams first. */
const SCAN_CAP = 128;
const SCAN_BUDGET = 1024;
const ROUNDING = 0.00005;
/** Shared stretches named in the reason, and characters trimmed from their ends there (particles, pronouns). */
const NAMED = 3;
const EDGE_CHARS = new Set(
  "的了和与及或是在有不也就都而被把给对向往从为以之其这那个一上下中里要想会能可很还又再等着过吗呢吧啊我你他她它们",
);

function lexicalScratch(index: MatchingIndex, s: Scratch): LexicalScratch {
  let ls = s.lexical;
  if (!ls) {
    const R = index.resources.length;
    const lx = lexicalOf(index);
    ls = {
      lx,
      mark: new Int32Array(R),
      acc: new Float64Array(R),
      touched: new Int32Array(R),
      won: new Int32Array(R),
      gramMark: new Int32Array(lx.df.length),
      gramStamp: 0,
    };
    s.lexical = ls;
  }
  return ls;
}

/** The lexical score of a similarity, before distance and audience. */
export function lexicalEvidence(sim: number): number {
  return LEXICAL_MAX * (1 - Math.exp(-Math.max(0, sim - SIM_FLOOR) / SIM_SCALE));
}

/**
 * Two layers' evidence below the acceptance line, combined: on the scale [0, ACCEPTABLE_SCORE) a
 * concept score c and a lexical score l add up as independent evidence does, 1 − (1 − 2c)(1 − 2l)
 * halved, i.e. c + l − 2cl. Either alone gives itself; together they rank above either; they never
 * reach ACCEPTABLE_SCORE, so lexical evidence orders proposals but never makes a pair acceptable.
 * A concept score already acceptable is kept as it is.
 */
export function fuse(c: number, l: number): number {
  if (c >= ACCEPTABLE_SCORE) return c;
  return Math.min(FUSED_MAX, Math.round((c + l - 2 * c * l) * 10_000) / 10_000);
}

/**
 * The lexical phase of a need's ranking: the list s.topRes / s.topScore holds `size` entries
 * (best first) by concept score, the candidates of the concept layer are marked with `stamp`, and
 * `m` of the need's common words have a column (candidates.ts commonWords). Every reachable
 * resource with lexical evidence gets the fused score of its concept and lexical evidence; the list
 * becomes the best topK by fused score. A resource off the list is looked at only if its fused
 * score could reach the list with its concept score at its upper bound. Returns the new size.
 */
export function rankLexical(
  index: MatchingIndex,
  s: Scratch,
  p: PreparedNeed,
  m: number,
  topK: number,
  size: number,
  floor: number,
  insert: (size: number, r: number, value: number) => number,
): number {
  let worst = size === topK ? s.topScore[topK - 1] : floor;
  if (topK === 0 || FUSED_MAX + ROUNDING < worst) return size;
  const ls = lexicalScratch(index, s);
  const { lx, mark, acc, touched } = ls;
  const q = queryOf(lx, p.text, p.need.title, p.need.description);
  if (q.grams.length === 0 || q.norm <= 0) return size;
  const stamp = s.candStamp;
  const { postStart, postRes, postImpact } = lx;
  const { resRadius } = index;
  const { reachMark, communityStamp } = s;
  let n = 0;
  let budget = SCAN_BUDGET;
  for (let k = 0; k < q.grams.length && budget > 0; k++) {
    const g = q.grams[k];
    const a = postStart[g];
    const b = Math.min(postStart[g + 1], a + SCAN_CAP, a + budget);
    budget -= b - a;
    for (let j = a; j < b; j++) {
      const r = postRes[j];
      if (reachMark[r] !== communityStamp && resRadius[r] !== Infinity) continue;
      if (mark[r] !== stamp) {
        mark[r] = stamp;
        acc[r] = 0;
        touched[n++] = r;
      }
      acc[r] += postImpact[j];
    }
  }
  const { recF, recI, topRes, topScore } = s;
  const { resStart, resEnd, resUnit, resAudience } = index;
  const audience = p.text.audience;
  // Below SIM_FLOOR there is no lexical evidence at all (no exp for the many such resources).
  const accMin = q.norm * SIM_FLOOR;
  for (let i = 0; i < n; i++) {
    const r = touched[i];
    if (acc[r] <= accMin || resStart[r] > p.end || resEnd[r] < p.start) continue;
    const close = unitCloseness(s, resUnit[r]);
    let raw = lexicalEvidence(Math.min(1, acc[r] / q.norm)) * (1 - DISTANCE_SHARE + DISTANCE_SHARE * close);
    if (audienceConflict(audience, resAudience[r])) raw *= AUDIENCE_FACTOR;
    if (p.learned) raw *= p.learned.penalty[index.resC1[r]];
    const l = Math.round(raw * 10_000) / 10_000;
    if (l <= 0) continue;
    let at = -1;
    for (let k = 0; k < size; k++) if (topRes[k] === r) at = k;
    let c: number;
    if (at >= 0) {
      c = topScore[at];
      if (fuse(c, l) <= c) continue;
      for (let k = at; k < size - 1; k++) {
        topRes[k] = topRes[k + 1];
        topScore[k] = topScore[k + 1];
      }
      size--;
    } else {
      if (recI[r * REC_I + I_MARK] !== stamp) {
        // Not a concept candidate: its record starts empty (it shares no distinctive word).
        recI[r * REC_I + I_MARK] = stamp;
        recI[r * REC_I + I_KEY] = 0;
        recF[r * REC_F + F_DOT] = recF[r * REC_F + F_COV] = 0;
      }
      // fuse grows with c: the concept score's upper bound bounds the fused score.
      if (fuse(Math.min(fineBound(s, p, m, r), FUSED_MAX), l) + ROUNDING < worst) continue;
      c = scoreCandidate(index, s, p, r, p.common);
      if (c < 0 || fuse(c, l) < worst) continue;
    }
    const value = fuse(c, l);
    if (value > c) ls.won[r] = stamp;
    size = insert(size, r, value);
    if (size === topK && topScore[topK - 1] > worst) worst = topScore[topK - 1];
  }
  return size;
}

/**
 * "文字相近：…" for a kept pair whose score is its lexical one (rankLexical of the current need):
 * the longest stretches of the resource's text made of the need's bigrams, up to NAMED of them.
 */
export function lexicalReasonId(index: MatchingIndex, s: Scratch, p: PreparedNeed, r: number, m: ReasonMemo): number {
  const ls = s.lexical;
  if (!ls || ls.won[r] !== s.candStamp) return NONE;
  const { lx, gramMark } = ls;
  const q = queryOf(lx, p.text, p.need.title, p.need.description);
  const stamp = ++ls.gramStamp;
  for (const g of q.all) gramMark[g] = stamp;
  const found: Array<{ text: string; weight: number; at: number }> = [];
  const resource = index.resources[r];
  for (const text of [resource.title, resource.description ?? ""]) stretches(lx, ls, text, stamp, found);
  if (found.length === 0) return NONE;
  found.sort((a, b) => b.weight - a.weight || a.at - b.at);
  const names: string[] = [];
  for (const f of found) {
    if (names.length === NAMED) break;
    if (!names.some((n) => n.includes(f.text))) names.push(f.text);
  }
  return textId(m.table, `文字相近：${names.join("、")}`);
}

/** Stretches of text whose every bigram the need has (marked), weighted by their bigrams' idf. */
function stretches(
  lx: LexicalIndex,
  ls: LexicalScratch,
  text: string,
  stamp: number,
  found: Array<{ text: string; weight: number; at: number }>,
): void {
  let start = -1;
  let weight = 0;
  const flush = (end: number) => {
    let a = start;
    let b = end;
    while (a >= 0 && a < b && EDGE_CHARS.has(text[a])) a++;
    while (a >= 0 && b > a && EDGE_CHARS.has(text[b - 1])) b--;
    const shown = text.slice(a, b);
    if (start >= 0 && b - a >= 2 && !found.some((f) => f.text === shown))
      found.push({ text: shown, weight, at: found.length });
    start = -1;
    weight = 0;
  };
  for (let i = 0; i + 1 <= text.length; i++) {
    const a = text.charCodeAt(i);
    const b = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
    const g = isCjk(a) && isCjk(b) ? gramId(lx, bigramKey(a, b)) : -1;
    if (g >= 0 && ls.gramMark[g] === stamp) {
      if (start < 0) start = i;
      weight += lx.idf[g];
    } else flush(i + 1);
  }
  flush(text.length);
}
