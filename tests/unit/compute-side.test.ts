/**
 * The compute side of matching (the engine, the compute processor and the worker entry) runs on
 * machines without the database (docs/design.md, "Growing past one machine"): it may import
 * BullMQ and ioredis, but never the database, the app, or Node's file and network APIs. These
 * tests follow every static and dynamic import from the compute entry points through the source,
 * so a new import anywhere along the way is caught, however deep.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const ALIASES: Record<string, string> = { "~/": "app/", "#db/": "db/", "#workers/": "workers/" };
/** What a process started as `npm run worker` loads, and what its compute threads load. */
const COMPUTE_ENTRIES = [
  "workers/compute/worker.ts",
  "workers/compute/compute-thread-entry.ts",
  "workers/matching/match-worker.ts",
];
/** The queue's client, and zod for the environment (env.ts). */
const COMPUTE_PACKAGES = new Set(["bullmq", "ioredis", "zod"]);
/** Node built-ins the engine may use: threads and the CPU count, no I/O. */
const ENGINE_BUILTINS = new Set(["node:worker_threads", "node:os"]);
const PROCESS_BUILTINS = new Set([...ENGINE_BUILTINS, "node:timers/promises"]);

/** Static imports and re-exports, side-effect imports, dynamic imports, and thread entry files (`new URL("./x.ts", import.meta.url)`). */
const SPECIFIER =
  /^\s*(?:import|export)\b[^;]*?\bfrom\s*["']([^"']+)["']|^\s*import\s*["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)|new URL\(\s*["']([^"']+)["']\s*,\s*import\.meta\.url/gm;

function resolve(spec: string, importer: string): string | null {
  let base: string | null = null;
  if (spec.startsWith(".")) base = path.resolve(path.dirname(importer), spec);
  for (const [alias, dir] of Object.entries(ALIASES))
    if (spec.startsWith(alias)) base = path.join(ROOT, dir, spec.slice(alias.length));
  if (base === null) return null;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts")]) {
    if (existsSync(candidate) && candidate.match(/\.tsx?$/)) return candidate;
  }
  throw new Error(`${path.relative(ROOT, importer)} 引用了找不到的模块 ${spec}`);
}

/** Every source file reachable from the entries, with the packages and built-ins each imports. */
function importGraph(entries: string[]) {
  const files = new Map<string, { external: string[]; importedBy: string }>();
  const queue = entries.map((e) => ({ file: path.join(ROOT, e), importedBy: "(entry)" }));
  while (queue.length > 0) {
    const { file, importedBy } = queue.shift()!;
    if (files.has(file)) continue;
    const external: string[] = [];
    files.set(file, { external, importedBy });
    const source = readFileSync(file, "utf8");
    for (const match of source.matchAll(SPECIFIER)) {
      const spec = match.slice(1).find((s) => s !== undefined)!;
      const local = resolve(spec, file);
      if (local) queue.push({ file: local, importedBy: file });
      else external.push(spec);
    }
  }
  return files;
}

const rel = (file: string) => path.relative(ROOT, file);
const packageOf = (spec: string) => (spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]);

describe("the compute side of matching", () => {
  const graph = importGraph(COMPUTE_ENTRIES);

  it("reaches the engine from its entry points", () => {
    expect([...graph.keys()].map(rel)).toEqual(
      expect.arrayContaining(["workers/matching/engine.ts", "workers/compute/compute.ts", "workers/queue.ts"]),
    );
  });

  it("imports nothing from the database or the app", () => {
    const offending = [...graph]
      .filter(([file]) => /^(app|db)\//.test(rel(file)))
      .map(([file, { importedBy }]) => `${rel(file)}（由 ${rel(importedBy)} 引入）`);
    expect(offending).toEqual([]);
  });

  it("uses no package but the queue's, and no Node I/O", () => {
    const offending: string[] = [];
    for (const [file, { external }] of graph) {
      const inEngine = rel(file).startsWith("workers/matching/");
      for (const spec of external) {
        const allowed = spec.startsWith("node:")
          ? (inEngine ? ENGINE_BUILTINS : PROCESS_BUILTINS).has(spec)
          : !inEngine && COMPUTE_PACKAGES.has(packageOf(spec));
        if (!allowed) offending.push(`${rel(file)} → ${spec}`);
      }
    }
    expect(offending).toEqual([]);
  });
});
