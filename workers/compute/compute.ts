/**
 * The compute step, shared by the BullMQ worker and the in-process fallback: no I/O, no database.
 */
import { match } from "../matching/engine";
import type { MatchingInput, MatchingOutput } from "../matching/types";
import type { ComputeJobData, ComputeResult, ScopeIds } from "../queue";

export function scopeIdsOf(input: MatchingInput): ScopeIds {
  return { needIds: input.needs.map((n) => n.id), resourceIds: input.resources.map((r) => r.id) };
}

/** Runs the engine on one street's input. An input without needs or resources has nothing to propose. */
export function computeMatching(data: ComputeJobData): ComputeResult {
  const { input } = data;
  const output: MatchingOutput =
    input.needs.length === 0 || input.resources.length === 0
      ? { proposals: [], assignment: [] }
      : match(input, data.topK === undefined ? undefined : { topK: data.topK });
  return { runId: data.runId, runKey: data.runKey, streetId: data.streetId, ...scopeIdsOf(input), output };
}

/**
 * Merges the parts of a district run. Every need and resource belongs to exactly one street, so
 * the parts are disjoint and the merged assignment (at most one resource per need, capacities
 * respected) is their union.
 */
export function mergeResults(
  run: { runId: number; runKey: string },
  parts: ComputeResult[],
): ComputeResult & { streetId: 0 } {
  const sorted = [...parts].sort((a, b) => a.streetId - b.streetId);
  return {
    runId: run.runId,
    runKey: run.runKey,
    streetId: 0,
    needIds: sorted.flatMap((p) => p.needIds),
    resourceIds: sorted.flatMap((p) => p.resourceIds),
    output: {
      proposals: sorted.flatMap((p) => p.output.proposals),
      assignment: sorted.flatMap((p) => p.output.assignment),
    },
  };
}
