/**
 * The plain lexical baseline issue 15 holds the engine against: BM25 over character unigrams and
 * bigrams of title and description, filtered by service radius and date window
 * (scripts/bench-match-baseline.ts, the same one the speed benchmark runs), as a matching output:
 *   - each need's top five, scores scaled so that its best is 1 (BM25 has no absolute scale, so
 *     every need with any hit gets a proposal ≥ 0.5, as in the table);
 *   - a greedy draft assignment: the pairs with the highest BM25 scores first, one resource per
 *     need, within each resource's capacity.
 */
import type { MatchingInput, MatchingOutput } from "#workers/matching/types";
import { miniSearchRanking } from "../../scripts/bench-match-baseline";

const TOP_K = 5;

export function bm25Output(input: MatchingInput): MatchingOutput {
  const { lists } = miniSearchRanking(input, TOP_K);
  const output: MatchingOutput = { proposals: [], assignment: [] };
  const pairs: Array<{ needId: string; resource: number; score: number }> = [];
  for (const { needId, hits } of lists) {
    const best = hits[0]?.score ?? 1;
    for (const hit of hits) {
      output.proposals.push({
        needId,
        resourceId: input.resources[hit.id].id,
        score: Math.round((hit.score / best) * 10_000) / 10_000,
        reasons: ["文字相近"],
      });
      pairs.push({ needId, resource: hit.id, score: hit.score });
    }
  }
  // Ties keep input order, so the draft is deterministic.
  pairs.sort((a, b) => b.score - a.score);
  const left = input.resources.map((r) => r.capacity ?? 1);
  const placed = new Set<string>();
  for (const { needId, resource } of pairs) {
    if (placed.has(needId) || left[resource] <= 0) continue;
    placed.add(needId);
    left[resource]--;
    output.assignment.push({ needId, resourceId: input.resources[resource].id });
  }
  return output;
}
