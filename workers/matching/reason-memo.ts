/**
 * The reason table of an index and the memos that number reason texts (reasons.ts): each
 * distinct text is made once, and a kept proposal carries only the numbers of its texts.
 */
import { CATEGORY_COUNT, isConceptKey } from "./dictionary";
import type { MatchingIndex } from "./corpus";

export const MAX_KEYWORDS = 4;
/** Most reasons one proposal can have (category, words, similar text, audience, distance, window, history, pairing, load). */
export const MAX_REASONS = 11;
/** Not looked up yet, and "no reason" (memo values). */
export const UNKNOWN = -2;
export const NONE = -1;
const AUDIENCE_TEXT = "服务对象不同（老人与孩子），请核实";
/** The resource's unit has a confirmed pairing (结对) with the need's community (decision 041). */
export const PAIR_TEXT = "结对共建单位";

/** Distinct reason texts, numbered: texts[id]. Append-only, so numbers stay valid. */
export interface ReasonTable {
  texts: string[];
  ids: Map<string, number>;
}

export function textId(table: ReasonTable, text: string): number {
  let id = table.ids.get(text);
  if (id === undefined) {
    id = table.texts.length;
    table.texts.push(text);
    table.ids.set(text, id);
  }
  return id;
}

/** A trie over feature numbers: the path is a keyword list, the node its text's number. */
export interface KeywordNode {
  id: number;
  next: Map<number, KeywordNode> | undefined;
}

export interface ReasonMemo {
  table: ReasonTable;
  keywords: KeywordNode;
  keywordCount: number;
  /** The best shared words of the current pair (feature numbers and ranking values), best first. */
  topF: Int32Array;
  topV: Float64Array;
  /** Whether each feature is a dictionary concept (not a bigram). */
  concept: Uint8Array;
  /** Text number per (need category, resource category, inferred), UNKNOWN until made. */
  categoryId: Int32Array;
  audienceId: number;
  pairId: number;
  /** Numbers of date strings (resources' found once, needs' as they come). */
  dateIds: Map<string, number>;
  resStartId: Int32Array;
  resEndId: Int32Array;
  /** Window text number by (start date number, end date number). */
  windowIds: Map<number, number>;
  /** Distance text number by radius named (-1: none) and tenth of a km shown (see distanceTextId). */
  distanceIds: Map<number, Map<number, number>>;
  ids: Int32Array;
}

const memos = new WeakMap<MatchingIndex, ReasonMemo>();

/** The index's reason table (its numbers are what rankNeeds keeps). */
export function reasonTable(index: MatchingIndex): ReasonTable {
  return memoOf(index).table;
}

export function memoOf(index: MatchingIndex): ReasonMemo {
  let m = memos.get(index);
  if (!m) {
    const table: ReasonTable = { texts: [], ids: new Map() };
    const dateIds = new Map<string, number>();
    const dateId = (value: string | undefined) =>
      value ? (dateIds.get(value) ?? dateIds.set(value, dateIds.size).size - 1) : NONE;
    m = {
      table,
      keywords: { id: UNKNOWN, next: undefined },
      keywordCount: 0,
      topF: new Int32Array(MAX_KEYWORDS),
      topV: new Float64Array(MAX_KEYWORDS),
      concept: Uint8Array.from(index.featureKey, (k) => (isConceptKey(k) ? 1 : 0)),
      categoryId: new Int32Array(CATEGORY_COUNT * CATEGORY_COUNT * 2).fill(UNKNOWN),
      audienceId: textId(table, AUDIENCE_TEXT),
      pairId: textId(table, PAIR_TEXT),
      dateIds,
      resStartId: Int32Array.from(index.resources, (r) => dateId(r.startDate)),
      resEndId: Int32Array.from(index.resources, (r) => dateId(r.endDate)),
      windowIds: new Map(),
      distanceIds: new Map(),
      ids: new Int32Array(MAX_REASONS),
    };
    memos.set(index, m);
  }
  return m;
}

export function dateId(m: ReasonMemo, value: string): number {
  let id = m.dateIds.get(value);
  if (id === undefined) m.dateIds.set(value, (id = m.dateIds.size));
  return id;
}

/**
 * The texts of ids[from .. to) as a new array of its exact length. Half a million lists outlive
 * a city's run: array literals (unlike slice or push) let V8 learn that they survive and
 * allocate them where they will stay.
 */
export function textsOf(texts: string[], ids: Int32Array, from: number, to: number): string[] {
  const i = from;
  switch (to - from) {
    case 1:
      return [texts[ids[i]]];
    case 2:
      return [texts[ids[i]], texts[ids[i + 1]]];
    case 3:
      return [texts[ids[i]], texts[ids[i + 1]], texts[ids[i + 2]]];
    case 4:
      return [texts[ids[i]], texts[ids[i + 1]], texts[ids[i + 2]], texts[ids[i + 3]]];
    case 5:
      return [texts[ids[i]], texts[ids[i + 1]], texts[ids[i + 2]], texts[ids[i + 3]], texts[ids[i + 4]]];
    case 6:
      return [
        texts[ids[i]],
        texts[ids[i + 1]],
        texts[ids[i + 2]],
        texts[ids[i + 3]],
        texts[ids[i + 4]],
        texts[ids[i + 5]],
      ];
    default:
      return Array.from(ids.subarray(from, to), (id) => texts[id]);
  }
}
