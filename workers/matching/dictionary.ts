/**
 * The domain dictionary behind text analysis (text.ts): the concept lexicon plus every taxonomy
 * synonym, each word mapped to concepts (its own group, the broader concepts it implies, and the
 * concepts of dictionary words inside it: "空巢老人" is also about 老人), a character trie for
 * forward maximum matching, and the numbering of feature keys. Built once per process.
 *
 * Beside the hand lexicon, general words from jieba's dictionary (vocabulary-data.ts, decision 044)
 * that hold a one-character lexicon word, read as whole words so that the lexicon words inside are
 * only half evidence ("连锁" is not about locks, "药店" still a little about medicine) and their
 * characters still yield bigrams.
 */
import { CONCEPTS, NEUTRAL_WORDS, STOP_WORDS } from "./lexicon";
import { GENERAL_WORDS } from "./vocabulary-data";
import { CATEGORIES, CATEGORY_LABELS } from "../../domain/taxonomy";

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
export const BIGRAM_BASE = 1 << 16;
export const CJK_SPAN = 0x9fff - 0x3400 + 1;
export const TOKEN_BASE = BIGRAM_BASE + CJK_SPAN * CJK_SPAN;
/** Bigrams and unknown Latin tokens count less than dictionary concepts: they are guesses. */
export const BIGRAM_WEIGHT = 0.25;
/** A description says more than a title but less per word. */
export const DESCRIPTION_WEIGHT = 0.6;
export const ALSO_WEIGHT = 0.6;
const INNER_WEIGHT = 0.5;

export const CATEGORY_COUNT = CATEGORY_LABELS.length;
export const OTHER_CATEGORY = CATEGORY_LABELS.indexOf("其他");

export const concepts: Concept[] = [];
/** word → list of [concept, match weight]; an empty list marks a stop word. */
export const entries = new Map<string, Array<[number, number]>>();

function buildDictionary(): void {
  const conceptOf = new Map<string, number>();
  const addConcept = (name: string, weight: number, cats: number[], aud = 0): number => {
    concepts.push({ name, weight, cats, aud });
    return concepts.length - 1;
  };
  const catIndex = (label: string) => CATEGORY_LABELS.indexOf(label as (typeof CATEGORY_LABELS)[number]);
  for (const def of CONCEPTS) {
    const id = addConcept(
      def.words[0],
      def.w ?? 1,
      (def.cat ?? []).map(catIndex),
      def.aud ? AUDIENCE_BITS[def.aud] : 0,
    );
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
  for (const [word, list] of entries) handWords.set(word, list.length);

  // General words never take over a hand-listed word.
  for (const word of GENERAL_WORDS ? GENERAL_WORDS.split(" ") : []) {
    if (entries.has(word)) continue;
    const list = new Map<number, number>();
    for (let i = 0; i < word.length; i++) {
      for (let j = i + 1; j <= word.length; j++) {
        if (j - i === word.length || !handWords.has(word.slice(i, j))) continue;
        for (const [c, m] of entries.get(word.slice(i, j)) ?? []) {
          list.set(c, Math.max(list.get(c) ?? 0, m * INNER_WEIGHT));
        }
      }
    }
    entries.set(word, [...list]);
    generalWords.add(word);
  }
}

/** Hand-listed words (lexicon, taxonomy synonyms, neutral and stop words) and how many concepts each carries. */
export const handWords = new Map<string, number>();
/** Words from the general dictionary: read whole, their characters left to bigrams (see text.ts). */
export const generalWords = new Set<string>();
buildDictionary();

// A character trie over the dictionary for forward maximum matching.
const trieChildren: Array<Map<number, number>> = [new Map()];
export const trieEntry: Array<Array<[number, number]> | null> = [null];
/** Whether a trie node ends a general word (generalWords) rather than a lexicon word. */
export const trieGeneral: boolean[] = [false];
for (const [word, list] of entries) {
  let node = 0;
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    let next = trieChildren[node].get(code);
    if (next === undefined) {
      next = trieChildren.length;
      trieChildren.push(new Map());
      trieEntry.push(null);
      trieGeneral.push(false);
      trieChildren[node].set(code, next);
    }
    node = next;
  }
  trieEntry[node] = list;
  trieGeneral[node] = generalWords.has(word);
}
// Most lookups start at the root (every character of every text is tried): a direct table there.
const rootChild = new Int32Array(0x10000);
for (const [code, next] of trieChildren[0]) rootChild[code] = next;

/** The trie node below node for the character code, or 0 if none (the root is never a child). */
export function child(node: number, code: number): number {
  return node === 0 ? rootChild[code] : (trieChildren[node].get(code) ?? 0);
}

export const tokenIds = new Map<string, number>();
export const tokenNames: string[] = [];

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
