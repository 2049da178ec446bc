/**
 * The browser-bundle guard: which modules count as server-only, and that the module list the
 * client build records really shows a leak (a real Vite build of a small entry that imports
 * drizzle and a Node built-in beside a browser-safe vocabulary module).
 */
import { afterAll, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { build } from "vite";
import {
  CLIENT_MODULES_FILE,
  recordClientModules,
  serverOnlyReason,
  type ClientModules,
} from "../../scripts/client-modules";
import { TMP_DIR } from "../support/db";

describe("serverOnlyReason", () => {
  it("names server packages, Node built-ins and the server side of the project", () => {
    expect(serverOnlyReason("node_modules/drizzle-orm/sqlite-core/table.js")).toBe("drizzle-orm");
    expect(serverOnlyReason("node_modules/better-sqlite3/lib/database.js")).toBe("better-sqlite3");
    expect(serverOnlyReason("../../node_modules/bullmq/dist/esm/classes/queue.js")).toBe("bullmq");
    expect(serverOnlyReason("node_modules/ioredis/built/Redis.js")).toBe("ioredis");
    expect(serverOnlyReason("__vite-browser-external:node:fs")).toMatch(/Node 内置模块（node:fs）/);
    expect(serverOnlyReason("app/models/catalog/needs.server.ts")).not.toBeNull();
    expect(serverOnlyReason("db/schema.ts")).not.toBeNull();
    expect(serverOnlyReason("db/client.ts")).not.toBeNull();
    expect(serverOnlyReason("app/seed/factories.ts")).not.toBeNull();
    expect(serverOnlyReason("workers/matching/lexicon.ts")).not.toBeNull();
    expect(serverOnlyReason("workers/queue.ts")).not.toBeNull();
    expect(serverOnlyReason("env.ts")).not.toBeNull();
  });

  it("lets through what the browser may use", () => {
    for (const id of [
      "domain/vocabulary.ts",
      "domain/taxonomy.ts",
      "domain/categorize.ts",
      "app/routes/needs._index.tsx?__remix-route",
      "node_modules/react-dom/cjs/react-dom.production.min.js",
      "node_modules/@remix-run/react/dist/esm/index.js",
      "node_modules/zod/lib/index.mjs",
    ]) {
      expect(serverOnlyReason(id), id).toBeNull();
    }
  });
});

describe("recordClientModules", () => {
  mkdirSync(TMP_DIR, { recursive: true });
  const root = mkdtempSync(path.join(TMP_DIR, "client-modules-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("records the modules with code in each client chunk, leaks included", async () => {
    const vocabulary = path.resolve("domain/vocabulary.ts");
    writeFileSync(
      path.join(root, "main.js"),
      [
        `import { sql } from "drizzle-orm";`,
        `import path from "node:path";`,
        `import { ROLES } from ${JSON.stringify(vocabulary)};`,
        `console.log(sql\`select 1\`, path.join("a", "b"), ROLES);`,
      ].join("\n"),
    );
    writeFileSync(path.join(root, "index.html"), `<script type="module" src="./main.js"></script>`);
    await build({
      root,
      configFile: false,
      logLevel: "silent",
      build: { outDir: path.join(root, "dist/client"), emptyOutDir: true },
      plugins: [recordClientModules("dist")],
    });
    const recorded = JSON.parse(readFileSync(path.join(root, "dist", CLIENT_MODULES_FILE), "utf8")) as ClientModules;
    const modules = Object.values(recorded).flat();
    const reasons = modules.map(serverOnlyReason).filter(Boolean);
    expect(reasons).toContain("drizzle-orm");
    expect(reasons.some((r) => r!.startsWith("Node 内置模块"))).toBe(true);
    // The vocabulary module is in the bundle and is allowed there.
    expect(modules.some((m) => m.endsWith("domain/vocabulary.ts"))).toBe(true);
  });
});
