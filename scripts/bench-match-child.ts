/**
 * One measurement of bench-match.ts in a fresh process (so its peak RSS is its own), the result
 * as JSON on stdout:
 *   node --import tsx scripts/bench-match-child.ts NEEDS RESOURCES template|realistic MODE [stats]
 * MODE: serial (match(), as the app runs it), parallel (matchParallel, as the CLI runs it),
 * minisearch (the MiniSearch BM25 baseline), input:PATH (writes the city as CLI input JSON).
 * A serial run at 10,000 needs also times proposeForNeed for 1,000 new needs, and on template texts
 * the naive fuse.js baseline (every pair scored; timed on a sample of needs and extrapolated).
 * With "stats", the texts are measured too (lengths, distinctness), outside the timing.
 */
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import Fuse from "fuse.js";
import { match, proposeForNeed } from "../workers/matching/engine";
import { buildIndex } from "../workers/matching/corpus";
import { haversineKm } from "../workers/matching/geo";
import { matchParallel } from "../workers/matching/parallel";
import type { MatchingInput, MatchingOutput } from "../workers/matching/types";
import { miniSearchBaseline } from "./bench-match-baseline";
import { makeCity, makeNeed, TEMPLATE_TEXTS } from "./bench-match-city";
import { rng } from "./bench-match-rng";
import { describeTexts } from "./bench-match-stats";
import { REALISTIC_TEXTS } from "./bench-match-texts";

const SEED = 20_270_301;
const NAIVE_SAMPLE = 30;
const INCREMENTAL_NEEDS = 1_000;

type Result = Record<string, number | string>;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

/** A digest of an output, to tell whether two runs gave the same. */
function digest(out: MatchingOutput): string {
  const hash = createHash("sha256");
  for (const p of out.proposals)
    hash.update(`${p.needId}\u0000${p.resourceId}\u0000${p.score}\u0000${p.reasons.join("\u0001")}\n`);
  for (const a of out.assignment) hash.update(`${a.needId}\u0000${a.resourceId}\n`);
  return hash.digest("hex").slice(0, 16);
}

/** proposeForNeed on the input's index for fresh needs of the same kind (the first 50 warm up). */
function incremental(input: MatchingInput, texts: typeof TEMPLATE_TEXTS, result: Result): void {
  const index = buildIndex(input);
  const r = rng(99);
  const fresh = Array.from({ length: INCREMENTAL_NEEDS + 50 }, (_, i) =>
    makeNeed(r, `x${i}`, input.communities[r.int(input.communities.length)].id, texts),
  );
  const times: number[] = [];
  fresh.forEach((need, i) => {
    const t = performance.now();
    proposeForNeed(index, need);
    if (i >= 50) times.push(performance.now() - t);
  });
  times.sort((a, b) => a - b);
  result.p50 = percentile(times, 0.5);
  result.p95 = percentile(times, 0.95);
}

/** Naive baseline: fuse.js scores every resource for each need, then the radius and the top 5. */
function naive(input: MatchingInput): number {
  const fuse = new Fuse(input.resources, {
    keys: ["title", "description"],
    includeScore: true,
    threshold: 1,
    ignoreLocation: true,
  });
  const units = new Map(input.units.map((u) => [u.id, u]));
  const communities = new Map(input.communities.map((c) => [c.id, c]));
  const t1 = performance.now();
  for (const need of input.needs.slice(0, NAIVE_SAMPLE)) {
    const c = communities.get(need.communityId)!;
    fuse
      .search(need.title)
      .filter(({ item }) => {
        const u = units.get(item.unitId)!;
        return item.serviceRadiusKm == null || haversineKm(u.lat, u.lng, c.lat, c.lng) <= item.serviceRadiusKm;
      })
      .slice(0, 5);
  }
  return ((performance.now() - t1) / NAIVE_SAMPLE) * input.needs.length;
}

async function main(): Promise<void> {
  const [needs, resources, kind, mode, flag] = process.argv.slice(2);
  const texts = kind === "realistic" ? REALISTIC_TEXTS : TEMPLATE_TEXTS;
  const input = makeCity(SEED, Number(needs), Number(resources), texts);
  if (mode.startsWith("input:")) {
    writeFileSync(mode.slice("input:".length), JSON.stringify(input));
    process.stdout.write("{}");
    return;
  }
  // The generator's garbage is collected before the clock starts: it is not the engine's work.
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const result: Result = {};
  const t0 = performance.now();
  if (mode === "minisearch") {
    const base = miniSearchBaseline(input);
    Object.assign(result, { ms: base.ms, indexMs: base.indexMs, proposals: base.proposals });
  } else {
    const out = mode === "parallel" ? await matchParallel(input) : match(input);
    result.ms = performance.now() - t0;
    Object.assign(result, { proposals: out.proposals.length, assigned: out.assignment.length, digest: digest(out) });
  }
  result.rssInputMb = rssBefore / 2 ** 20;
  result.maxRssMb = process.resourceUsage().maxRSS / 1024;
  if (mode === "serial" && input.needs.length === 10_000) {
    incremental(input, texts, result);
    if (kind === "template") result.naiveMs = naive(input);
  }
  if (flag === "stats") result.texts = describeTexts(input);
  process.stdout.write(JSON.stringify(result));
}

await main();
