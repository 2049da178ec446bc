/**
 * Benchmark of the matching engine: npm run bench:match
 *
 * Two kinds of synthetic city from a fixed seed (bench-match-city.ts): communities on a grid,
 * units among them, radius and date windows like real lists, and either
 *   - template texts (bench-match-templates.ts): short per-category sentences, many needs sharing
 *     a text, at 1k × 500, 10k × 2k and 100k × 20k, as before; or
 *   - realistic texts (bench-match-texts.ts, issue 15): needs told in residents' words, 60–200
 *     characters, nearly all distinct, and resources in units' formal words, at 4k × 1k, 10k × 2k and
 *     100k × 20k. The script measures and prints the texts' lengths and distinctness itself.
 * Each measurement runs in its own child process (bench-match-child.ts), so its peak RSS is its own,
 * three times (the median is reported; this machine's timings wander): full match + assignment with
 * reasons on one thread (match(), as the app runs it) and, from PARALLEL_MIN_NEEDS on, on all cores
 * (matchParallel, as the CLI runs it), whose output must be identical. Runs alternate between modes,
 * so a slow spell of the machine hits all alike.
 * Also: proposeForNeed for 1,000 new needs at 10k × 2k; the naive fuse.js baseline (template texts);
 * the MiniSearch BM25 baseline at 4k × 1k realistic (bench-match-baseline.ts; goal: engine ≥ 20×
 * faster); and at 100k × 20k realistic the CLI end to end (`npm run match`, bench-match-cli.ts;
 * goals: ≤ 5 s engine, ≤ 8 s wall including start-up and JSON).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { defaultThreads, PARALLEL_MIN_NEEDS } from "../workers/matching/parallel";
import { cliStartupMs, runCli, type CliRun } from "./bench-match-cli";

type Texts = "template" | "realistic";
type Result = Record<string, number | string>;

const SIZES: Array<{ needs: number; resources: number; texts: Texts }> = [
  { needs: 1_000, resources: 500, texts: "template" },
  { needs: 10_000, resources: 2_000, texts: "template" },
  { needs: 100_000, resources: 20_000, texts: "template" },
  { needs: 4_000, resources: 1_000, texts: "realistic" },
  { needs: 10_000, resources: 2_000, texts: "realistic" },
  { needs: 100_000, resources: 20_000, texts: "realistic" },
];
/** Runs per measurement: the median is reported. */
const RUNS = 3;
const BASELINE_NEEDS = 4_000;
const GOAL = { engineS: 5, wallS: 8, speedup: 20 };

const CHILD = fileURLToPath(new URL("./bench-match-child.ts", import.meta.url));
const label = (needs: number, resources: number) => `${needs.toLocaleString("en")} × ${resources.toLocaleString("en")}`;
const s = (ms: number) => (ms / 1000).toFixed(2);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const verdict = (ok: boolean) => (ok ? "met" : "MISSED");

function runChild(needs: number, resources: number, texts: Texts, mode: string, flag = ""): Result {
  const args = [...process.execArgv, "--max-old-space-size=3000", "--expose-gc", CHILD];
  args.push(String(needs), String(resources), texts, mode, flag);
  const run = spawnSync(process.execPath, args, { encoding: "utf8", maxBuffer: 1 << 22 });
  if (run.status !== 0) throw new Error(`child ${label(needs, resources)} ${texts} ${mode} failed:\n${run.stderr}`);
  return JSON.parse(run.stdout) as Result;
}

/** "median s (fastest–slowest)" of run times in ms. */
function spread(ms: number[]): string {
  const sorted = [...ms].sort((a, b) => a - b);
  return sorted.length === 1
    ? `${s(sorted[0])} s`
    : `${s(median(sorted))} s (${s(sorted[0])}–${s(sorted[sorted.length - 1])})`;
}

interface SizeRuns {
  size: (typeof SIZES)[number];
  serial: Result[];
  parallel: Result[];
  baseline: Result[];
}

function measure(size: (typeof SIZES)[number]): SizeRuns {
  const runs: SizeRuns = { size, serial: [], parallel: [], baseline: [] };
  const { needs, resources, texts } = size;
  for (let run = 0; run < RUNS; run++) {
    const stats = run === 0 && needs === 100_000 ? "stats" : "";
    runs.serial.push(runChild(needs, resources, texts, "serial", stats));
    if (needs >= PARALLEL_MIN_NEEDS && defaultThreads() > 1)
      runs.parallel.push(runChild(needs, resources, texts, "parallel"));
    if (needs === BASELINE_NEEDS && texts === "realistic")
      runs.baseline.push(runChild(needs, resources, texts, "minisearch"));
  }
  return runs;
}

/** The CLI on the 100k × 20k realistic city: input JSON written by a child, then RUNS timed runs. */
function measureCli(needs: number, resources: number): { runs: CliRun[]; startupMs: number[]; inputMb: number } {
  const dir = mkdtempSync(join(tmpdir(), "bench-match-"));
  try {
    const input = join(dir, "input.json");
    runChild(needs, resources, "realistic", `input:${input}`);
    const runs: CliRun[] = [];
    const startupMs: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      startupMs.push(cliStartupMs());
      runs.push(runCli(input, join(dir, "output.json")));
    }
    return { runs, startupMs, inputMb: statSync(input).size / 2 ** 20 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function parent(): void {
  const threads = defaultThreads();
  const started = performance.now();
  const rows = [
    [
      "texts",
      "size (needs × resources)",
      "match + assign, 1 thread",
      `${threads} threads`,
      "peak RSS (1 / n threads)",
      "input RSS",
      "proposals",
      "assigned",
    ],
  ];
  const all = SIZES.map(measure);
  const same: string[] = [];
  for (const { size, serial, parallel } of all) {
    const res = serial[0] as Record<string, number>;
    const name = label(size.needs, size.resources);
    const digests = new Set([...serial, ...parallel].map((r) => r.digest));
    if (parallel.length) same.push(`${size.texts} ${name}: ${digests.size === 1 ? "identical" : "DIFFERENT"}`);
    const peak = (runs: Result[]) => Math.round(Math.max(...runs.map((r) => Number(r.maxRssMb))));
    rows.push([
      size.texts,
      name,
      spread(serial.map((r) => Number(r.ms))),
      parallel.length ? spread(parallel.map((r) => Number(r.ms))) : "—",
      `${peak(serial)} MB${parallel.length ? ` / ${peak(parallel)} MB` : ""}`,
      `${Math.round(res.rssInputMb)} MB`,
      String(res.proposals),
      String(res.assigned),
    ]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const row of rows) console.log(row.map((cell, i) => cell.padEnd(widths[i])).join("  "));
  console.log("");
  console.log(`times: median (fastest–slowest) of ${RUNS} runs, each in a fresh process`);
  if (same.length) console.log(`output on ${threads} threads vs 1 thread, all runs: ${same.join("; ")}`);
  for (const { size, serial } of all) {
    const name = `${size.texts} ${label(size.needs, size.resources)}`;
    const first = serial[0] as Record<string, number>;
    if (serial[0].texts) console.log(`texts, ${name}: ${serial[0].texts}`);
    if (first.p50 !== undefined)
      console.log(
        `proposeForNeed, ${name} index, 1,000 new needs: p50 ${first.p50.toFixed(2)} ms, p95 ${first.p95.toFixed(2)} ms`,
      );
    if (first.naiveMs !== undefined)
      console.log(
        `naive fuse.js baseline, ${name} (every pair scored; 30 needs timed, extrapolated): ` +
          `${(first.naiveMs / 1000).toFixed(1)} s vs engine ${s(median(serial.map((r) => Number(r.ms))))} s (1 thread) → ` +
          `${(first.naiveMs / median(serial.map((r) => Number(r.ms)))).toFixed(0)}× faster`,
      );
  }
  const base = all.find((x) => x.baseline.length)!;
  const engineMs = median(base.serial.map((r) => Number(r.ms)));
  const baseMs = median(base.baseline.map((r) => Number(r.ms)));
  const speedup = baseMs / engineMs;
  console.log(
    `MiniSearch BM25 baseline, realistic ${label(base.size.needs, base.size.resources)} (index + ${base.size.needs.toLocaleString("en")} searches, 1 thread, ` +
      `fresh process, median of ${RUNS}): ${spread(base.baseline.map((r) => Number(r.ms)))} ` +
      `(index ${s(median(base.baseline.map((r) => Number(r.indexMs))))} s, ${base.baseline[0].proposals} hits kept) ` +
      `vs engine ${s(engineMs)} s (1 thread, match + assignment + reasons) → ${speedup.toFixed(1)}× faster`,
  );
  const big = all.find((x) => x.size.texts === "realistic" && x.size.needs === 100_000)!;
  const cli = measureCli(big.size.needs, big.size.resources);
  const wall = cli.runs.map((r) => r.wallMs);
  const rss = cli.runs.map((r) => r.maxRssMb).filter((x): x is number => x !== null);
  console.log(
    `npm run match, realistic ${label(big.size.needs, big.size.resources)}: input JSON ${cli.inputMb.toFixed(0)} MB, ` +
      `output JSON ${cli.runs[0].outputMb.toFixed(0)} MB; wall ${spread(wall)}; CLI's own figure (match + write) ` +
      `${spread(cli.runs.map((r) => r.cliMs))}; start-up alone (npm run match -- --help) ${spread(cli.startupMs)}` +
      (rss.length ? `; peak RSS ${Math.round(Math.max(...rss))} MB` : ""),
  );
  const engine2 = big.parallel.length ? big.parallel : big.serial;
  const engineS = median(engine2.map((r) => Number(r.ms))) / 1000;
  const wallS = median(wall) / 1000;
  console.log(
    `goal, realistic ${label(big.size.needs, big.size.resources)}: engine ${engineS.toFixed(2)} s on ${big.parallel.length ? threads : 1} ` +
      `thread(s) (≤ ${GOAL.engineS} s: ${verdict(engineS <= GOAL.engineS)}); npm run match wall ${wallS.toFixed(2)} s ` +
      `(≤ ${GOAL.wallS} s: ${verdict(wallS <= GOAL.wallS)})`,
  );
  console.log(
    `goal, realistic ${label(base.size.needs, base.size.resources)}: ${speedup.toFixed(1)}× faster than MiniSearch ` +
      `(≥ ${GOAL.speedup}×: ${verdict(speedup >= GOAL.speedup)})`,
  );
  console.log(
    "peak RSS = the child's maximum resident set (process.resourceUsage), including the generated input; input RSS = after generating it.",
  );
  console.log(`whole benchmark: ${((performance.now() - started) / 60_000).toFixed(1)} min`);
}

parent();
