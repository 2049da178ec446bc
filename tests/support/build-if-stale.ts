/**
 * vitest's globalSetup for the projects that serve the production build (integration, browser):
 * before any test file starts, build into BUILD_DIR once when the build is missing or older than
 * the sources (scripts/build-state.ts, the check `npm start` makes), so a run after editing a
 * route never tests the old code. `npm test` builds first, so here the build is fresh and nothing
 * happens; vitest runs the projects' global set-ups one after another, so the second finds it fresh.
 */
import { env } from "../../env";
import { build, buildIsStale } from "../../scripts/build-state";

export default function buildIfStale() {
  const buildDir = env().BUILD_DIR;
  if (!buildIsStale(buildDir)) return;
  console.log(`构建（${buildDir}/）缺失或早于源代码，正在重新构建…`);
  const started = Date.now();
  // The build's output goes to stderr only when it fails; its progress would bury the test report.
  const status = build(buildDir, ["ignore", "ignore", "inherit"]);
  if (status !== 0) throw new Error(`构建失败（remix vite:build 退出码 ${status}）`);
  console.log(`已重新构建 ${buildDir}/（${((Date.now() - started) / 1000).toFixed(0)} 秒）`);
}
