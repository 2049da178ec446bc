/**
 * Which source modules ended up in the browser bundle, and which of them must never be there.
 *
 * Minified chunks do not say where their code came from (Vite even turns a Node built-in into an
 * inlined `{}`), so the client build records its module graph: `recordClientModules` (a Vite
 * plugin in vite.config.ts) writes, for every client chunk, the modules that still have code in
 * it to <build>/client-modules.json — beside client/, so the server never serves it.
 * scripts/bundle-report.ts reads that file.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import type { Plugin } from "vite";

export const CLIENT_MODULES_FILE = "client-modules.json";

/** Chunk file (as under client/) → modules with code in it, relative to the project root. */
export type ClientModules = Record<string, string[]>;

export function recordClientModules(buildDirectory: string): Plugin {
  let root = process.cwd();
  let ssr = false;
  let modules: ClientModules = {};
  return {
    name: "record-client-modules",
    apply: "build",
    configResolved(config) {
      root = config.root;
      ssr = Boolean(config.build.ssr);
    },
    generateBundle(_options, bundle) {
      if (ssr) return;
      modules = {};
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== "chunk") continue;
        modules[chunk.fileName] = Object.entries(chunk.modules)
          .filter(([, m]) => m.renderedLength > 0)
          .map(([id]) => id.replace(/^\0/, ""))
          .map((id) => (path.isAbsolute(id) ? path.relative(root, id) : id));
      }
    },
    writeBundle() {
      if (ssr) return;
      writeFileSync(path.resolve(root, buildDirectory, CLIENT_MODULES_FILE), JSON.stringify(modules, null, 1));
    },
  };
}

const SERVER_PACKAGES = ["drizzle-orm", "better-sqlite3", "bullmq", "ioredis", "exceljs"];
// domain/ (the vocabulary, the category taxonomy and the suggestion that reads it) is pure and
// meant for every side, the browser included; db/ and workers/ are not.

/** Why this module (an id as recorded above) does not belong in the browser, or null. */
export function serverOnlyReason(id: string): string | null {
  const file = id.split(path.sep).join("/").split("?")[0]!;
  if (file.startsWith("__vite-browser-external"))
    return `Node 内置模块（${file.slice(file.indexOf(":") + 1) || "未知"}）`;
  const pkg = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file)?.[1];
  if (pkg) return SERVER_PACKAGES.includes(pkg) ? pkg : null;
  if (/\.server\.[jt]sx?$/.test(file)) return "*.server 模块";
  // The environment (database path, secrets' presence, Redis address) stays on the server.
  if (file === "env.ts") return "环境变量模块（env.ts）";
  if (file.startsWith("db/")) return "数据库模块";
  if (file.startsWith("app/seed/")) return "演示与合成数据模块";
  if (file.startsWith("workers/")) return "匹配引擎/队列模块";
  return null;
}
