/**
 * Whether the production build (`remix vite:build` into BUILD_DIR) is older than the code it is
 * built from, and building it again when it is. Used by `npm start` (scripts/start.ts), by the
 * test runs that serve the build (tests/support/build-if-stale.ts, vitest's globalSetup) and by
 * `npm run bench:pages`. Only Node built-ins: start.ts loads this before anything reads NODE_ENV.
 */
import { spawnSync, type StdioOptions } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/**
 * What the build is made from: the app, what it imports (db/, workers/, env.ts), the static files
 * Vite copies, Vite's configuration, and server.ts, which serves it.
 */
export const BUILD_SOURCES = ["app", "db", "domain", "workers", "public", "env.ts", "server.ts", "vite.config.ts"];

function newestMtime(file: string): number {
  if (!existsSync(file)) return 0;
  const stat = statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(file)) newest = Math.max(newest, newestMtime(path.join(file, entry)));
  return newest;
}

/** The build's server entry, whose time is the build's. */
export function serverEntry(buildDir: string, root = ROOT): string {
  return path.resolve(root, buildDir, "server/index.js");
}

/** True when `buildDir` has no build or a source is newer than it. */
export function buildIsStale(buildDir: string, root = ROOT): boolean {
  const entry = serverEntry(buildDir, root);
  if (!existsSync(entry)) return true;
  const sources = Math.max(...BUILD_SOURCES.map((p) => newestMtime(path.join(root, p))));
  return sources > statSync(entry).mtimeMs;
}

/** Runs `remix vite:build` into `buildDir`; its exit status (0 when it built). */
export function build(buildDir: string, stdio: StdioOptions = "inherit"): number {
  // Started from a test run, the build must not see vitest's variables: with VITEST set,
  // vite.config.ts leaves Remix out, and NODE_ENV=test would make Vite bundle React's development
  // code. Without them it builds as `npm run build` does.
  const env: Record<string, string | undefined> = { ...process.env, BUILD_DIR: buildDir };
  for (const key of Object.keys(env)) if (key.startsWith("VITEST") || (key === "NODE_ENV" && env[key] === "test")) delete env[key];
  const result = spawnSync("npx", ["remix", "vite:build"], { cwd: ROOT, stdio, env: env as NodeJS.ProcessEnv });
  return result.status ?? 1;
}
