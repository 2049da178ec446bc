/**
 * The lexical layer of matching: plain retrieval by surface text, so that a need whose words the
 * concept lexicon does not know still finds the resources that say the same thing. Character
 * unigrams and bigrams of the resources' title and description (CJK only; a bigram never spans
 * punctuation or the title/description boundary) in an inverted index with BM25 weights
 * (k1 = 1.2, b = 0.75), built once per index and only from the resources, so that a whole run, a
 * shard of it (parallel.ts) and one new need (proposeForNeed) all see the same weights. Postings
 * list shorter resources first; n-grams in very many resources are left out of queries. A need's
 * query is its own n-grams, rarest first (lexical-rank.ts scores them).
 */
import type { MatchingIndex } from "./corpus";
import { grow } from "./grow";
import { BIGRAM_KEY, GramBuffer, IntMap } from "./lexical-grams";
import type { TextFeatures } from "./text";

const K1 = 1.2;
const B = 0.75;
/** N-grams in more resources than this share (and than MIN_HIGH_DF) are too common to query. */
const HIGH_DF_SHARE = 0.05;
const MIN_HIGH_DF = 64;

export interface LexicalIndex {
  /** BM25 idf of an n-gram in no resource: what a need's word no resource says weighs. */
  unknownIdf: number;
  /** Unigram id by char code (-1: in no resource); bigram ids by key. */
  uniId: Int32Array;
  biId: IntMap;
  /** Per n-gram id: resources containing it, BM25 idf, whether queries skip it. */
  df: Int32Array;
  idf: Float64Array;
  skip: Uint8Array;
  /** Postings by n-gram: resources (shortest first) and their BM25 weights. */
  postStart: Int32Array;
  postRes: Int32Array;
  postImpact: Float32Array;
  /** Each n-gram's place in the order rarest first (df, then id), and the n-gram at each place. */
  rarity: Int32Array;
  byRarity: Int32Array;
  /** Query building's working state: n-grams seen (by stamp), keys seen that no resource has. */
  seen: Int32Array;
  stamp: number;
  unknownKeys: Set<number>;
  buffer: GramBuffer;
}

function gramsOf(buffer: GramBuffer, resource: MatchingIndex["resources"][number]): void {
  buffer.n = 0;
  buffer.add(resource.title);
  buffer.add(resource.description);
}

export function gramId(lx: LexicalIndex, key: number): number {
  return key < BIGRAM_KEY ? lx.uniId[key] : lx.biId.get(key);
}

const built = new WeakMap<MatchingIndex, LexicalIndex>();

/** The index's lexical layer, built on first use. */
export function lexicalOf(index: MatchingIndex): LexicalIndex {
  let lx = built.get(index);
  if (!lx) built.set(index, (lx = buildLexical(index.resources)));
  return lx;
}

function buildLexical(resources: MatchingIndex["resources"]): LexicalIndex {
  const R = resources.length;
  const uniId = new Int32Array(0x10000).fill(-1);
  const biId = new IntMap();
  const keys: number[] = [];
  const buffer = new GramBuffer();
  const docLen = new Float64Array(R);
  let mark = new Int32Array(1024);
  let df = new Int32Array(1024);
  // Two passes over the texts rather than a copy of every document's n-grams: the first numbers
  // the n-grams and counts documents, the second writes the postings where they belong.
  for (let r = 0; r < R; r++) {
    gramsOf(buffer, resources[r]);
    docLen[r] = buffer.n;
    for (let i = 0; i < buffer.n; i++) {
      const key = buffer.keys[i];
      let g = key < BIGRAM_KEY ? uniId[key] : biId.get(key);
      if (g < 0) {
        g = keys.length;
        keys.push(key);
        if (key < BIGRAM_KEY) uniId[key] = g;
        else biId.set(key, g);
        if (g >= mark.length) {
          mark = grow(mark, 2 * mark.length);
          df = grow(df, 2 * df.length);
        }
      }
      if (mark[g] !== r + 1) {
        mark[g] = r + 1;
        df[g]++;
      }
    }
  }
  const G = keys.length;
  df = df.slice(0, G);
  let total = 0;
  for (let r = 0; r < R; r++) total += docLen[r];
  const avgLen = total / Math.max(1, R) || 1;
  const idf = Float64Array.from(df, (n) => Math.log(1 + (R - n + 0.5) / (n + 0.5)));
  const highDf = Math.max(MIN_HIGH_DF, Math.ceil(HIGH_DF_SHARE * R));
  const skip = Uint8Array.from(df, (n) => (n > highDf ? 1 : 0));
  const postStart = new Int32Array(G + 1);
  for (let g = 0; g < G; g++) postStart[g + 1] = postStart[g] + df[g];
  const fill = postStart.slice(0, G);
  const postRes = new Int32Array(postStart[G]);
  const postImpact = new Float32Array(postStart[G]);
  // Shorter resources first (then input order): with a word once, BM25 weighs them more, so a
  // capped scan reads the heaviest part of a long list, without sorting every list.
  const byLength = Int32Array.from(docLen.keys()).sort((a, b) => docLen[a] - docLen[b] || a - b);
  const tf = mark.fill(0);
  const unique = new GramBuffer();
  for (const r of byLength) {
    gramsOf(buffer, resources[r]);
    unique.n = 0;
    for (let i = 0; i < buffer.n; i++) {
      const key = buffer.keys[i];
      const g = key < BIGRAM_KEY ? uniId[key] : biId.get(key);
      if (tf[g]++ === 0) unique.push(g);
    }
    const norm = K1 * (1 - B + (B * docLen[r]) / avgLen);
    for (let i = 0; i < unique.n; i++) {
      const g = unique.keys[i];
      const at = fill[g]++;
      postRes[at] = r;
      postImpact[at] = (idf[g] * (tf[g] * (K1 + 1))) / (tf[g] + norm);
      tf[g] = 0;
    }
  }
  const byRarity = Int32Array.from(keys.keys()).sort((a, b) => df[a] - df[b] || a - b);
  const rarity = new Int32Array(G);
  for (let k = 0; k < G; k++) rarity[byRarity[k]] = k;
  return {
    unknownIdf: Math.log(1 + (R + 0.5) / 0.5),
    uniId,
    biId,
    df,
    idf,
    skip,
    postStart,
    postRes,
    postImpact,
    rarity,
    byRarity,
    seen: new Int32Array(G),
    stamp: 0,
    unknownKeys: new Set(),
    buffer: new GramBuffer(),
  };
}

/**
 * A need's text as a query: its n-grams that some resource has, rarest first, and the idf sum of
 * all it says (n-grams no resource has count in full: a resource sharing one word of a long need
 * covers little of it).
 */
export interface LexicalQuery {
  /** Queried n-grams (not too common), rarest first (then by id). */
  grams: Int32Array;
  /** Sum of the idf of the queried n-grams and of those no resource has: what saying all of them once would score. */
  norm: number;
  /** Every n-gram of the need that some resource has (for reasons). */
  all: Int32Array;
}

const queries = new WeakMap<LexicalIndex, WeakMap<TextFeatures, LexicalQuery>>();

/** The query of a need's text (remembered per analysed text: needs with one text share it). */
export function queryOf(lx: LexicalIndex, text: TextFeatures, title: string, description?: string): LexicalQuery {
  let byText = queries.get(lx);
  if (!byText) queries.set(lx, (byText = new WeakMap()));
  let q = byText.get(text);
  if (!q) byText.set(text, (q = makeQuery(lx, title, description)));
  return q;
}

export function makeQuery(lx: LexicalIndex, title: string, description?: string): LexicalQuery {
  const stamp = ++lx.stamp;
  const { seen, skip, idf, rarity, byRarity } = lx;
  const all: number[] = [];
  const queried: number[] = [];
  const unknownKeys = lx.unknownKeys;
  unknownKeys.clear();
  const buffer = lx.buffer;
  buffer.n = 0;
  buffer.add(title);
  buffer.add(description);
  for (let i = 0; i < buffer.n; i++) {
    const key = buffer.keys[i];
    const g = gramId(lx, key);
    if (g < 0) unknownKeys.add(key);
    else if (seen[g] !== stamp) {
      seen[g] = stamp;
      all.push(g);
      if (skip[g] === 0) queried.push(rarity[g]);
    }
  }
  const grams = Int32Array.from(queried).sort();
  let norm = unknownKeys.size * lx.unknownIdf;
  for (let k = 0; k < grams.length; k++) {
    grams[k] = byRarity[grams[k]];
    norm += idf[grams[k]];
  }
  return { grams, norm, all: Int32Array.from(all) };
}
