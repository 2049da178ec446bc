/// <reference types="vitest/config" />
import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import { fileURLToPath } from "node:url";
import { env } from "./env";
import { recordClientModules } from "./scripts/client-modules";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

const alias = {
  "~": fileURLToPath(new URL("./app", import.meta.url)),
  "#db": fileURLToPath(new URL("./db", import.meta.url)),
  "#workers": fileURLToPath(new URL("./workers", import.meta.url)),
  "#domain": fileURLToPath(new URL("./domain", import.meta.url)),
};

// vitest's own flag (not a setting of the app, so not in env.ts).
const isVitest = Boolean(process.env.VITEST);
// BUILD_DIR lets parallel checkouts and test runs build side by side; server.ts reads the same.
const buildDirectory = env().BUILD_DIR;

export default defineConfig({
  resolve: { alias },
  server: { port: 3000 },
  plugins: isVitest
    ? []
    : [
        remix({
          buildDirectory,
          future: {
            v3_fetcherPersist: true,
            v3_relativeSplatPath: true,
            v3_throwAbortReason: true,
            v3_singleFetch: true,
            v3_lazyRouteDiscovery: true,
            v3_routeConfig: true,
          },
        }),
        // What the browser bundle is made of, for `npm run bench:bundle` and its test.
        recordClientModules(buildDirectory),
      ],
  test: {
    // Each test file gets its own SQLite file; forks keep native modules isolated.
    pool: "forks",
    projects: [
      { extends: true, test: { name: "unit", include: ["tests/unit/**/*.test.ts"] } },
      {
        extends: true,
        // Set-up hooks start the app server: seconds, and more on a busy two-core machine.
        // They serve the build: it is rebuilt first when older than the sources (globalSetup).
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          globalSetup: ["tests/support/build-if-stale.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: "browser",
          include: ["tests/browser/**/*.test.ts"],
          globalSetup: ["tests/support/build-if-stale.ts"],
          testTimeout: 90_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
