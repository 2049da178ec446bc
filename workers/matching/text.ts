/**
 * Chinese text → weighted features. Segmentation is forward maximum matching over a domain
 * dictionary (the concept lexicon plus every taxonomy synonym); stretches the dictionary does not
 * cover fall back to character bigrams, so unknown words ("编程", "鸽子") still meet their twin.
 * General words (jieba's dictionary, decision 044) are matched whole so that no lexicon word is cut
 * out of them at full weight, but their text stays part of the uncovered stretch (bigrams) and
 * they add only the half-weight concepts of the lexicon words inside them.
 * The dictionary and the numbering of features live in dictionary.ts.
 */
import {
  ALSO_WEIGHT,
  BIGRAM_BASE,
  BIGRAM_WEIGHT,
  CATEGORY_COUNT,
  child,
  CJK_SPAN,
  concepts,
  DESCRIPTION_WEIGHT,
  entries,
  TOKEN_BASE,
  tokenIds,
  tokenNames,
  trieEntry,
  trieGeneral,
} from "./dictionary";
import { grow } from "./grow";

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
  return (Math.imul(key, 0x9e3779b1) >>> 16) & mask;
}

/** Room for one more slot; the table stays at most half full. */
function makeRoom(): void {
  if (slots === slotKey.length) {
    const size = 2 * slots;
    slotKey = grow(slotKey, size);
    slotMax = grow(slotMax, size);
    slotSum = grow(slotSum, size);
    slotTitle = grow(slotTitle, size);
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
    addFeature(
      BIGRAM_BASE + (text.charCodeAt(i) - 0x3400) * CJK_SPAN + (text.charCodeAt(i + 1) - 0x3400),
      field * BIGRAM_WEIGHT,
    );
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
      let bestGeneral = false;
      for (let j = i; j < n; j++) {
        const next = child(node, text.charCodeAt(j));
        if (next === 0) break;
        node = next;
        const entry = trieEntry[node];
        if (entry !== null) {
          best = entry;
          bestLen = j - i + 1;
          bestGeneral = trieGeneral[node];
        }
      }
      if (best === null) {
        if (gap < 0) gap = i;
        i++;
        continue;
      }
      if (bestGeneral) {
        // A general word: its characters join the uncovered stretch, its inner concepts count half.
        if (gap < 0) gap = i;
        addEntry(best, field);
        i += bestLen;
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
