/**
 * The MiniSearch BM25 baseline the matching engine is compared with (issue 15: at 4,000 × 1,000
 * realistic texts the engine must be at least 20 times faster).
 *
 * How it is configured — a plain, reasonably efficient use of MiniSearch 7:
 *   - one document per resource, one indexed field: title + " " + description (no stored fields;
 *     the document id is the resource's position, so a hit maps back without a lookup);
 *   - tokenizer: every CJK character (unigram) and every pair of adjacent CJK characters (bigram),
 *     plus ASCII words and numbers, lower-cased; processTerm is the identity;
 *   - scoring: MiniSearch's own BM25+ with its defaults (k 1.2, b 0.7, d 0.5);
 *   - query: the need's title + description through the same tokenizer, duplicates removed (query
 *     term frequency does not enter BM25 here, and each duplicate would be a second posting-list
 *     walk), combined with OR; no prefix and no fuzzy search (both would multiply the work);
 *   - constraints as a search filter: the resource's service radius around the need's community
 *     (haversine from the unit, as the engine measures it) and date-window overlap; then the top 5.
 * Timed: building the index plus all the searches, as the engine's time covers its whole run.
 * Resources without capacity are left out, as the engine leaves them out.
 */
import MiniSearch from "minisearch";
import { haversineKm } from "../workers/matching/geo";
import type { MatchingInput } from "../workers/matching/types";

const TOP = 5;

/** CJK unigrams and bigrams, ASCII words and numbers (lower-cased). */
export function cjkTerms(text: string): string[] {
  const out: string[] = [];
  let prev = "";
  let word = "";
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const ch = text[i];
    if (c >= 0x3400 && c <= 0x9fff) {
      if (word) out.push(word);
      word = "";
      out.push(ch);
      if (prev) out.push(prev + ch);
      prev = ch;
    } else if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) {
      prev = "";
      word += ch.toLowerCase();
    } else {
      if (word) out.push(word);
      word = "";
      prev = "";
    }
  }
  if (word) out.push(word);
  return out;
}

interface Doc {
  id: number;
  text: string;
}

export interface BaselineResult {
  ms: number;
  indexMs: number;
  proposals: number;
}

/** A need's hits: resource positions in input.resources and BM25 scores, best first. */
export interface BaselineHits {
  needId: string;
  hits: Array<{ id: number; score: number }>;
}

/**
 * The baseline's top TOP resources of every need (needs of unknown communities get none), and
 * when its index was built. The quality comparison (tests/matching/bm25-baseline.ts) reads the
 * hits; the speed benchmark only counts them.
 */
export function miniSearchRanking(input: MatchingInput, top = TOP): { lists: BaselineHits[]; indexedAt: number } {
  const units = new Map(input.units.map((u) => [u.id, u]));
  const communities = new Map(input.communities.map((c) => [c.id, c]));
  const res = input.resources;
  const lat = Float64Array.from(res, (r) => units.get(r.unitId)?.lat ?? NaN);
  const lng = Float64Array.from(res, (r) => units.get(r.unitId)?.lng ?? NaN);
  const index = new MiniSearch<Doc>({
    idField: "id",
    fields: ["text"],
    storeFields: [],
    tokenize: cjkTerms,
    processTerm: (term) => term,
    searchOptions: {
      tokenize: (text) => [...new Set(cjkTerms(text))],
      processTerm: (term) => term,
      combineWith: "OR",
      prefix: false,
      fuzzy: false,
    },
  });
  index.addAll(res.map((r, id) => ({ id, text: `${r.title} ${r.description ?? ""}` })));
  const indexedAt = performance.now();
  const lists: BaselineHits[] = [];
  for (const need of input.needs) {
    const c = communities.get(need.communityId);
    if (!c) continue;
    const { startDate: ns, endDate: ne } = need;
    const hits = index.search(`${need.title} ${need.description ?? ""}`, {
      filter: ({ id }: { id: number }) => {
        const r = res[id];
        if ((r.capacity ?? 1) <= 0) return false;
        if (ns && r.endDate && r.endDate < ns) return false;
        if (ne && r.startDate && r.startDate > ne) return false;
        const radius = r.serviceRadiusKm;
        return radius == null || haversineKm(lat[id], lng[id], c.lat, c.lng) <= radius;
      },
    });
    lists.push({ needId: need.id, hits: hits.slice(0, top).map((h) => ({ id: h.id as number, score: h.score })) });
  }
  return { lists, indexedAt };
}

export function miniSearchBaseline(input: MatchingInput): BaselineResult {
  const t0 = performance.now();
  const { lists, indexedAt } = miniSearchRanking(input);
  const proposals = lists.reduce((sum, l) => sum + l.hits.length, 0);
  return { ms: performance.now() - t0, indexMs: indexedAt - t0, proposals };
}
