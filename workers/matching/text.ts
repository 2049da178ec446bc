/**
 * Chinese text → weighted features. Segmentation is forward maximum matching over a domain
 * dictionary (the concept lexicon plus every taxonomy synonym); stretches the dictionary does not
 * cover fall back to character bigrams, so unknown words ("编程", "鸽子") still meet their twin.
 * Each dictionary word maps to concepts: its own group, the broader concepts it implies, and the
 * concepts of dictionary words inside it ("空巢老人" is also about 老人). Built once per process.
 */
import { CONCEPTS, NEUTRAL_WORDS, STOP_WORDS } from "./lexicon";
import { CATEGORIES, CATEGORY_LABELS } from "./taxonomy";

export interface Concept {
  name: string;
  /** How much the concept says about what is needed (see lexicon.ts). */
  weight: number;
  /** Category indices the concept points to. */
  cats: number[];
  /** Audience bits (AUDIENCE_*) the concept names. */
  aud: number;
}

export const AUDIENCE_ELDER = 1;
export const AUDIENCE_YOUNG = 2;
const AUDIENCE_BITS: Record<string, number> = { elder: AUDIENCE_ELDER, child: AUDIENCE_YOUNG, infant: AUDIENCE_YOUNG };

/** Elders on one side and children on the other: the pair serves the wrong people. */
export function audienceConflict(a: number, b: number): boolean {
  return a !== 0 && b !== 0 && (a & b) === 0;
}

/**
 * Feature keys: concepts are 0..n-1; bigrams of CJK characters and Latin tokens live above these
 * bases. All keys stay below 2^30, V8's small-integer range, which keeps the Maps fast.
 */
const BIGRAM_BASE = 1 << 16;
const CJK_SPAN = 0x9fff - 0x3400 + 1;
const TOKEN_BASE = BIGRAM_BASE + CJK_SPAN * CJK_SPAN;
/** Bigrams and unknown Latin tokens count less than dictionary concepts: they are guesses. */
const BIGRAM_WEIGHT = 0.25;
/** A description says more than a title but less per word. */
const DESCRIPTION_WEIGHT = 0.6;
const ALSO_WEIGHT = 0.6;
const INNER_WEIGHT = 0.5;

export const CATEGORY_COUNT = CATEGORY_LABELS.length;
export const OTHER_CATEGORY = CATEGORY_LABELS.indexOf("其他");

export const concepts: Concept[] = [];
/** word → list of [concept, match weight]; an empty list marks a stop word. */
const entries = new Map<string, Array<[number, number]>>();

function buildDictionary(): void {
  const conceptOf = new Map<string, number>();
  const addConcept = (name: string, weight: number, cats: number[], aud = 0): number => {
    concepts.push({ name, weight, cats, aud });
    return concepts.length - 1;
  };
  const catIndex = (label: string) => CATEGORY_LABELS.indexOf(label as (typeof CATEGORY_LABELS)[number]);
  for (const def of CONCEPTS) {
    const id = addConcept(def.words[0], def.w ?? 1, (def.cat ?? []).map(catIndex), def.aud ? AUDIENCE_BITS[def.aud] : 0);
    for (const word of def.words) if (!conceptOf.has(word)) conceptOf.set(word, id);
  }
  CATEGORIES.forEach((category, k) => {
    for (const word of [category.label, ...category.synonyms]) {
      const known = conceptOf.get(word);
      if (known === undefined) conceptOf.set(word, addConcept(word, word === category.label ? 0.6 : 0.8, [k]));
      else if (!concepts[known].cats.includes(k)) concepts[known].cats.push(k);
    }
  });
  for (const word of NEUTRAL_WORDS) if (!conceptOf.has(word)) conceptOf.set(word, addConcept(word, 0.3, []));

  const implied = (id: number): number[] =>
    (CONCEPTS[id]?.also ?? []).map((name) => conceptOf.get(name)).filter((c): c is number => c !== undefined);
  for (const [word, id] of conceptOf) {
    const list = new Map<number, number>([[id, 1]]);
    const put = (c: number, w: number) => list.set(c, Math.max(list.get(c) ?? 0, w));
    for (const c of implied(id)) put(c, ALSO_WEIGHT);
    for (let i = 0; i < word.length; i++) {
      for (let j = i + 2; j <= word.length; j++) {
        if (j - i === word.length) continue;
        const inner = conceptOf.get(word.slice(i, j));
        if (inner === undefined || inner === id) continue;
        put(inner, INNER_WEIGHT);
        for (const c of implied(inner)) put(c, INNER_WEIGHT * ALSO_WEIGHT);
      }
    }
    entries.set(word.toLowerCase(), [...list]);
  }
  for (const word of STOP_WORDS) if (!entries.has(word)) entries.set(word, []);
}
buildDictionary();

// A character trie over the dictionary for forward maximum matching.
const trieChildren: Array<Map<number, number>> = [new Map()];
const trieEntry: Array<Array<[number, number]> | null> = [null];
for (const [word, list] of entries) {
  let node = 0;
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    let next = trieChildren[node].get(code);
    if (next === undefined) {
      next = trieChildren.length;
      trieChildren.push(new Map());
      trieEntry.push(null);
      trieChildren[node].set(code, next);
    }
    node = next;
  }
  trieEntry[node] = list;
}
// Most lookups start at the root (every character of every text is tried): a direct table there.
const rootChild = new Int32Array(0x10000);
for (const [code, next] of trieChildren[0]) rootChild[code] = next;

/** The trie node below node for the character code, or 0 if none (the root is never a child). */
function child(node: number, code: number): number {
  return node === 0 ? rootChild[code] : (trieChildren[node].get(code) ?? 0);
}

const tokenIds = new Map<string, number>();
const tokenNames: string[] = [];

export function isConceptKey(key: number): boolean {
  return key < BIGRAM_BASE;
}

/** A concept weighty enough to name a service or object, not only the people served. */
export const KEY_CONCEPT_WEIGHT = 0.6;
export function isKeyConcept(key: number): boolean {
  return key < BIGRAM_BASE && concepts[key].weight >= KEY_CONCEPT_WEIGHT;
}

/** What a feature key reads as, for reasons. */
export function featureName(key: number): string {
  if (key < BIGRAM_BASE) return concepts[key].name;
  if (key < TOKEN_BASE) {
    const v = key - BIGRAM_BASE;
    return String.fromCharCode(0x3400 + Math.floor(v / CJK_SPAN), 0x3400 + (v % CJK_SPAN));
  }
  return tokenNames[key - TOKEN_BASE];
}

export interface TextFeatures {
  keys: number[];
  /** Raw weights (field × concept weight × match weight), before corpus weighting. */
  weights: number[];
  /** Whether each feature occurs in the title (what the item is mainly about). */
  inTitle: boolean[];
  /** Best category inferred from the text (-1 when no word points to one) and its share. */
  inferredCategory: number;
  inferredShare: number;
  /** Sum of category evidence: how strongly the text speaks about any category at all. */
  categoryEvidence: number;
  /** Who the text names as served (AUDIENCE_* bits). */
  audience: number;
}

const isCjk = (c: number) => c >= 0x3400 && c <= 0x9fff;
const isLatin = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

// analyzeText's working state, reused by every call (it runs for every text of a city): an
// open-addressing table from feature key to its slot, and the slots' weights in typed arrays.
let tableKey = new Int32Array(1024);
let tableSlot = new Int32Array(1024);
let tableStamp = new Int32Array(1024);
let stamp = 0;
let slotKey = new Int32Array(256);
let slotMax = new Float64Array(256);
let slotSum = new Float64Array(256);
let slotTitle = new Uint8Array(256);
let slots = 0;
let scanningTitle = true;
let audienceBits = 0;
const catScore = new Float64Array(CATEGORY_COUNT);

function resetState(): void {
  stamp++;
  slots = 0;
  scanningTitle = true;
  audienceBits = 0;
  catScore.fill(0);
}

function hashOf(key: number, mask: number): number {
  return Math.imul(key, 0x9e3779b1) >>> 16 & mask;
}

/** Room for one more slot; the table stays at most half full. */
function makeRoom(): void {
  if (slots === slotKey.length) {
    const size = 2 * slots;
    slotKey = grown(slotKey, new Int32Array(size));
    slotMax = grown(slotMax, new Float64Array(size));
    slotSum = grown(slotSum, new Float64Array(size));
    slotTitle = grown(slotTitle, new Uint8Array(size));
  }
  if (2 * (slots + 1) > tableKey.length) {
    const size = 2 * tableKey.length;
    tableKey = new Int32Array(size);
    tableSlot = new Int32Array(size);
    tableStamp = new Int32Array(size);
    stamp = 1;
    for (let s = 0; s < slots; s++) place(slotKey[s], s);
  }
}

function grown<T extends Int32Array | Float64Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

function place(key: number, s: number): void {
  const mask = tableKey.length - 1;
  let h = hashOf(key, mask);
  while (tableStamp[h] === stamp) h = (h + 1) & mask;
  tableStamp[h] = stamp;
  tableKey[h] = key;
  tableSlot[h] = s;
}

function addFeature(key: number, w: number): void {
  const mask = tableKey.length - 1;
  let h = hashOf(key, mask);
  let s = -1;
  while (tableStamp[h] === stamp) {
    if (tableKey[h] === key) {
      s = tableSlot[h];
      break;
    }
    h = (h + 1) & mask;
  }
  if (s < 0) {
    makeRoom();
    s = slots++;
    slotKey[s] = key;
    slotMax[s] = 0;
    slotSum[s] = 0;
    slotTitle[s] = 0;
    place(key, s);
  }
  if (scanningTitle) slotTitle[s] = 1;
  if (w > slotMax[s]) slotMax[s] = w;
  slotSum[s] += w;
}

function addEntry(list: Array<[number, number]>, field: number): void {
  for (const [c, m] of list) {
    const concept = concepts[c];
    addFeature(c, field * m * concept.weight);
    if (m >= ALSO_WEIGHT) audienceBits |= concept.aud;
    for (const k of concept.cats) catScore[k] += (field * m * concept.weight) / concept.cats.length;
  }
}

function addBigrams(text: string, from: number, end: number, field: number): void {
  for (let i = from; from >= 0 && i + 1 < end; i++) {
    addFeature(BIGRAM_BASE + (text.charCodeAt(i) - 0x3400) * CJK_SPAN + (text.charCodeAt(i + 1) - 0x3400), field * BIGRAM_WEIGHT);
  }
}

function scan(text: string, field: number): void {
  const n = text.length;
  // Start of the stretch of CJK characters no dictionary word covers (-1: none).
  let gap = -1;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isCjk(c)) {
      let node = 0;
      let best: Array<[number, number]> | null = null;
      let bestLen = 0;
      for (let j = i; j < n; j++) {
        const next = child(node, text.charCodeAt(j));
        if (next === 0) break;
        node = next;
        const entry = trieEntry[node];
        if (entry !== null) {
          best = entry;
          bestLen = j - i + 1;
        }
      }
      if (best === null) {
        if (gap < 0) gap = i;
        i++;
        continue;
      }
      addBigrams(text, gap, i, field);
      gap = -1;
      addEntry(best, field);
      i += bestLen;
    } else if (isLatin(c)) {
      addBigrams(text, gap, i, field);
      gap = -1;
      let j = i;
      while (j < n && isLatin(text.charCodeAt(j))) j++;
      const token = text.slice(i, j).toLowerCase();
      const entry = entries.get(token);
      if (entry) addEntry(entry, field);
      else if (token.length >= 2 && /[a-z]/.test(token)) {
        let id = tokenIds.get(token);
        if (id === undefined) {
          id = tokenNames.length;
          tokenIds.set(token, id);
          tokenNames.push(token);
        }
        addFeature(TOKEN_BASE + id, field * BIGRAM_WEIGHT);
      }
      i = j;
    } else {
      addBigrams(text, gap, i, field);
      gap = -1;
      i++;
    }
  }
  addBigrams(text, gap, n, field);
}

/** Segments title and description into features; deterministic, order of first appearance. */
export function analyzeText(title: string, description = ""): TextFeatures {
  resetState();
  scan(title, 1);
  scanningTitle = false;
  if (description) scan(description, DESCRIPTION_WEIGHT);

  const keys: number[] = [];
  const weights: number[] = [];
  const inTitle: boolean[] = [];
  for (let s = 0; s < slots; s++) {
    keys.push(slotKey[s]);
    // Repeats add a little (a sublinear term frequency), never as much as the first mention.
    weights.push(Math.min(slotMax[s] * 1.5, slotMax[s] + 0.2 * (slotSum[s] - slotMax[s])));
    inTitle.push(slotTitle[s] === 1);
  }
  let best = -1;
  let total = 0;
  for (let k = 0; k < CATEGORY_COUNT; k++) {
    total += catScore[k];
    if (catScore[k] > 0 && (best < 0 || catScore[k] > catScore[best])) best = k;
  }
  return {
    keys,
    weights,
    inTitle,
    inferredCategory: best,
    inferredShare: best < 0 ? 0 : catScore[best] / total,
    categoryEvidence: total,
    audience: audienceBits,
  };
}

/** Word segmentation alone (dictionary words and leftover stretches), for tests and debugging. */
export function segment(text: string): string[] {
  const out: string[] = [];
  let i = 0;
  let gap = "";
  while (i < text.length) {
    let node = 0;
    let bestLen = 0;
    for (let j = i; j < text.length; j++) {
      const next = child(node, text.charCodeAt(j));
      if (next === 0) break;
      node = next;
      if (trieEntry[node] !== null) bestLen = j - i + 1;
    }
    if (bestLen === 0 || !isCjk(text.charCodeAt(i))) {
      gap += text[i];
      i++;
      continue;
    }
    if (gap) out.push(gap);
    gap = "";
    out.push(text.slice(i, i + bestLen));
    i += bestLen;
  }
  if (gap) out.push(gap);
  return out;
}
