/**
 * The engine prunes with upper bounds: a candidate whose bound is below the current fifth score is
 * never scored exactly. If a bound ever fell below a candidate's real score, a resource that
 * belongs in a need's top five would be missed, and only when the bar is high. So a need's top
 * five must be exactly the first five of its top forty (a much lower bar, far less pruning), on
 * texts of real length, where most of a resource's words are common ones, some without a column
 * in the common-word rows (pack.ts).
 */
import { describe, expect, it } from "vitest";
import { match, proposeForNeed } from "#workers/matching/engine";
import { buildIndex } from "#workers/matching/corpus";
import { analyseTexts } from "#workers/matching/analysis";
import { MAX_COMMON_COLUMNS } from "#workers/matching/pack";
import { makeCity } from "../../scripts/bench-match-city";
import { REALISTIC_TEXTS } from "../../scripts/bench-match-texts";

describe("pruning by upper bounds", () => {
  const input = makeCity(7, 1500, 7000, REALISTIC_TEXTS);
  const index = buildIndex(input);

  it("uses the common-word rows and words beyond them on realistic texts", () => {
    let common = 0;
    let withColumn = 0;
    index.isCommon.forEach((c, f) => {
      common += c;
      if (index.common.column[f] >= 0) withColumn++;
    });
    expect(withColumn).toBe(MAX_COMMON_COLUMNS);
    expect(common).toBeGreaterThan(2 * MAX_COMMON_COLUMNS);
    let beyond = 0;
    for (const text of index.needText)
      for (const key of text.keys) {
        const f = index.featureOf.get(key);
        if (f !== undefined && index.isCommon[f] === 1 && index.common.column[f] < 0) beyond++;
      }
    expect(beyond).toBeGreaterThan(100);
  });

  it("gives every need the first five of its top forty", () => {
    let compared = 0;
    for (const need of input.needs) {
      const five = proposeForNeed(index, need, 5);
      const forty = proposeForNeed(index, need, 40);
      expect(five).toEqual(forty.slice(0, 5));
      if (forty.length > 5) compared++;
    }
    // Most needs have more than five proposals, so the bar of the top five really prunes.
    expect(compared).toBeGreaterThan(input.needs.length / 2);
  }, 60_000);

  it("counts a shard's needs apart from the resources, so shards add up to the whole input", () => {
    // A need worded exactly like a resource, and two alike: their text is analysed once.
    const needs = [
      ...input.needs.slice(0, 300),
      { ...input.needs[0], id: "same-as-resource", title: input.resources[0].title },
      { ...input.needs[1], id: "copy" },
    ];
    const whole = analyseTexts({ ...input, needs }, "all");
    const resourcesOnly = analyseTexts({ ...input, needs: [] }, "all");
    const shards = [needs.slice(0, 150), needs.slice(150)].map((part) =>
      analyseTexts({ ...input, needs: part }, "needs"),
    );
    const summed = new Map(resourcesOnly.df);
    for (const shard of shards) for (const [k, n] of shard.df) summed.set(k, (summed.get(k) ?? 0) + n);
    expect(new Map([...summed].sort((a, b) => a[0] - b[0]))).toEqual(
      new Map([...whole.df].sort((a, b) => a[0] - b[0])),
    );
    expect(resourcesOnly.docCount + shards[0].docCount + shards[1].docCount).toBe(whole.docCount);
  }, 60_000);

  it("ranks a whole run as each need alone", () => {
    const small = { ...input, needs: input.needs.slice(0, 400) };
    const smallIndex = buildIndex(small);
    const whole = match(small, { topK: 5 }).proposals;
    const alone = small.needs.flatMap((need) => proposeForNeed(smallIndex, need, 5));
    expect(whole).toEqual(alone);
  }, 60_000);
});
