/**
 * `npm run bench:bundle [-- --build DIR]`: what each page costs the browser on its first load.
 *
 * Reads the Remix client manifest of a build (BUILD_DIR, default build/) and prints, per route,
 * the JavaScript a first visit downloads — the entry, the route chain's modules and every chunk
 * they import statically — raw and gzipped (each file on its own, as the server compresses it).
 * Exits 1 when a page is over its budget or when any client chunk carries server-only code
 * (drizzle, better-sqlite3, BullMQ, ioredis, a Node built-in, db/, the matching engine, *.server
 * modules), judged from the module list the client build records (scripts/client-modules.ts).
 * Budgets: 150 KB gzip per page, 300 KB on the review dashboard, which draws charts.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { env } from "../env";
import { CLIENT_MODULES_FILE, serverOnlyReason, type ClientModules } from "./client-modules";

export const KB = 1024;
export const DEFAULT_BUDGET = 150 * KB;
/** Route ids with a larger budget: the review dashboard draws charts. */
export const ROUTE_BUDGETS: Record<string, number> = { "routes/review._index": 300 * KB };

interface ManifestRoute {
  id: string;
  parentId?: string;
  path?: string;
  index?: boolean;
  module: string;
  imports?: string[];
}
interface ClientManifest {
  entry: { module: string; imports: string[] };
  routes: Record<string, ManifestRoute>;
}

export interface RouteBundle {
  id: string;
  url: string;
  files: string[];
  raw: number;
  gzip: number;
  budget: number;
}

export interface BundleReport {
  routes: RouteBundle[];
  overBudget: RouteBundle[];
  /** Client chunks with code from modules that belong on the server. */
  leaks: { file: string; module: string; reason: string }[];
  /** How many source modules the client build recorded (a report on an empty list proves nothing). */
  modulesChecked: number;
}

export function readClientManifest(buildDir: string): ClientManifest {
  const assets = path.join(buildDir, "client/assets");
  const file = readdirSync(assets).find((f) => /^manifest-[\w-]+\.js$/.test(f));
  if (!file) throw new Error(`${assets} 中没有 Remix 客户端清单（manifest-*.js）：请先构建`);
  const text = readFileSync(path.join(assets, file), "utf8");
  // Remix writes `window.__remixManifest=<JSON>;`.
  return JSON.parse(text.slice(text.indexOf("=") + 1, text.lastIndexOf(";"))) as ClientManifest;
}

export function readClientModules(buildDir: string): ClientModules {
  const file = path.join(buildDir, CLIENT_MODULES_FILE);
  if (!existsSync(file)) throw new Error(`缺少 ${file}：请用本项目的 vite.config.ts 重新构建（它记录客户端模块清单）`);
  return JSON.parse(readFileSync(file, "utf8")) as ClientModules;
}

function routeUrl(routes: Record<string, ManifestRoute>, route: ManifestRoute): string {
  const parts: string[] = [];
  for (let r: ManifestRoute | undefined = route; r; r = r.parentId ? routes[r.parentId] : undefined)
    if (r.path) parts.unshift(r.path);
  return "/" + parts.join("/");
}

export function bundleReport(buildDir: string): BundleReport {
  const manifest = readClientManifest(buildDir);
  const clientDir = path.join(buildDir, "client");
  const sizes = new Map<string, { raw: number; gzip: number }>();
  const sizeOf = (url: string) => {
    let s = sizes.get(url);
    if (!s) {
      const bytes = readFileSync(path.join(clientDir, url));
      s = { raw: bytes.length, gzip: gzipSync(bytes).length };
      sizes.set(url, s);
    }
    return s;
  };
  const pages = Object.values(manifest.routes).filter((r) => r.id !== "root" && isPage(path.join(clientDir, r.module)));
  const routes = pages.map((route): RouteBundle => {
    const files = new Set([manifest.entry.module, ...manifest.entry.imports]);
    const chain: ManifestRoute[] = [];
    for (let r: ManifestRoute | undefined = route; r; r = r.parentId ? manifest.routes[r.parentId] : undefined)
      chain.unshift(r);
    for (const r of chain) for (const f of [...(r.imports ?? []), r.module]) files.add(f);
    const list = [...files];
    return {
      id: route.id,
      url: routeUrl(manifest.routes, route),
      files: list,
      raw: list.reduce((n, f) => n + sizeOf(f).raw, 0),
      gzip: list.reduce((n, f) => n + sizeOf(f).gzip, 0),
      budget: ROUTE_BUDGETS[route.id] ?? DEFAULT_BUDGET,
    };
  });
  routes.sort((a, b) => a.url.localeCompare(b.url));
  const leaks: BundleReport["leaks"] = [];
  const clientModules = readClientModules(buildDir);
  let modulesChecked = 0;
  for (const [file, modules] of Object.entries(clientModules)) {
    modulesChecked += modules.length;
    for (const module of modules) {
      const reason = serverOnlyReason(module);
      if (reason) leaks.push({ file, module, reason });
    }
  }
  return { routes, overBudget: routes.filter((r) => r.gzip > r.budget), leaks, modulesChecked };
}

/** Resource routes (downloads, images) render no page: their client module has no default export. */
function isPage(moduleFile: string) {
  return /\bas default\b|export default/.test(readFileSync(moduleFile, "utf8"));
}

const kb = (n: number) => (n / KB).toFixed(1).padStart(7);

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const flag = process.argv.indexOf("--build");
  const buildDir = path.resolve(flag > 0 ? process.argv[flag + 1]! : env().BUILD_DIR);
  const report = bundleReport(buildDir);
  console.log(`首次加载的 JS（${buildDir}；KB，gzip 为逐个文件压缩之和）`);
  console.log(`${"页面".padEnd(44)}${"原始".padStart(7)}${"gzip".padStart(8)}${"预算".padStart(7)}`);
  for (const r of report.routes)
    console.log(
      `${r.url.padEnd(46)}${kb(r.raw)} ${kb(r.gzip)} ${kb(r.budget)}${r.gzip > r.budget ? "  超出预算" : ""}`,
    );
  const max = report.routes.reduce((m, r) => (r.gzip > m.gzip ? r : m), report.routes[0]!);
  console.log(
    `\n最大：${max.url} ${kb(max.gzip).trim()} KB gzip；共 ${report.routes.length} 个页面；客户端代码来自 ${report.modulesChecked} 个模块`,
  );
  for (const leak of report.leaks)
    console.error(`客户端代码含服务端模块：${leak.file} ← ${leak.module}（${leak.reason}）`);
  for (const r of report.overBudget)
    console.error(`超出预算：${r.url} ${kb(r.gzip).trim()} KB > ${kb(r.budget).trim()} KB`);
  if (report.leaks.length > 0 || report.overBudget.length > 0) process.exit(1);
}
