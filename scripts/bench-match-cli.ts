/**
 * The batch CLI end to end, as a user runs it: `npm run match -- --input … --output …` as a child
 * process, timed by the wall clock from spawn to exit, so npm's and tsx's start-up, reading and
 * parsing the input JSON, validation, matching on all cores and writing the output JSON are all in.
 * Also: the start-up alone (`npm run match -- --help`, which exits after printing the usage), and
 * the CLI's own figure (it reports the time from after validation to the output written).
 * Peak RSS comes from GNU time where it is installed (the largest process of the tree).
 */
import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const GNU_TIME = "/usr/bin/time";

export interface CliRun {
  wallMs: number;
  /** "用时 … 毫秒" from the CLI's stderr: matching + writing the output. */
  cliMs: number;
  maxRssMb: number | null;
  outputMb: number;
}

function npm(args: string[]): { wallMs: number; stderr: string; status: number | null } {
  const withTime = existsSync(GNU_TIME);
  const [cmd, argv] = withTime ? [GNU_TIME, ["-f", "maxrss-kb %M", "npm", ...args]] : ["npm", args];
  const t0 = performance.now();
  const run = spawnSync(cmd, argv, { cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 24 });
  return { wallMs: performance.now() - t0, stderr: run.stderr ?? "", status: run.status };
}

/** Wall time of `npm run match -- --help`: npm, tsx and the CLI's modules starting, nothing else. */
export function cliStartupMs(): number {
  return npm(["run", "--silent", "match", "--", "--help"]).wallMs;
}

export function runCli(input: string, output: string): CliRun {
  const run = npm(["run", "--silent", "match", "--", "--input", input, "--output", output]);
  if (run.status !== 0) throw new Error(`npm run match failed (${run.status}):\n${run.stderr}`);
  const cli = /用时 (\d+) 毫秒/.exec(run.stderr);
  const rss = /maxrss-kb (\d+)/.exec(run.stderr);
  return {
    wallMs: run.wallMs,
    cliMs: cli ? Number(cli[1]) : NaN,
    maxRssMb: rss ? Number(rss[1]) / 1024 : null,
    outputMb: statSync(output).size / 2 ** 20,
  };
}
