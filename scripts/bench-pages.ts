/**
 * `npm run bench:pages [-- --size district|city|both] [--seconds 3] [--pages needs,review]
 * [--connections 10] [--warmup 1] [--rounds 3] [--rebuild] [--no-build]`: what each page costs each demo role
 * at district size (demo + 10,000 needs) and city size (100,000 needs), as a markdown table for
 * the README.
 *
 * Databases come from `npm run seed:city` and are kept in data/bench/ (keyed by the generator's
 * sources and the size; --rebuild makes them again). The app is built into BUILD_DIR (default
 * build-bench) when its sources are newer, and each database is served in production mode by
 * `scripts/start.ts --no-build` as a child process, so its memory is its own. For each role and
 * page the role may open (probed with one request first): the same load for `warmup` seconds, not
 * counted, then `connections` keep-alive connections for `seconds`, giving req/s, p50, p97.5 and
 * bytes per response (as sent: compressed when the server compresses), and the share of the
 * anonymous /login page's throughput, measured in turns with the page (`rounds` turns each,
 * `seconds` in all for each) so that both see the machine in the same state. /login is also
 * measured alone at the run's start and end.
 * Only 127.0.0.1.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { env, envIsSet } from "../env";
import { load, loadBesideLogin, request, serve, signIn, type LoadResult } from "./bench-http";
import { build, buildIsStale } from "./build-state";
import { chinaToday } from "../app/utils/china-time";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SIZES = {
  district: {
    args: ["--needs", "10000", "--resources", "3000", "--communities", "150", "--units", "1000", "--projects", "2000"],
    share: 0.5,
    p975: 150,
  },
  city: {
    args: [
      "--needs",
      "100000",
      "--resources",
      "20000",
      "--communities",
      "1500",
      "--units",
      "10000",
      "--projects",
      "20000",
    ],
    share: 0.33,
    p975: 250,
  },
} as const;
type Size = keyof typeof SIZES;
const ROLES = ["demo-community", "demo-unit", "demo-street", "demo-district"] as const;
const PASSWORD = "demo1234";

const { values: opts } = parseArgs({
  options: {
    size: { type: "string", default: "both" },
    seconds: { type: "string", default: "3" },
    pages: { type: "string" },
    connections: { type: "string", default: "10" },
    warmup: { type: "string", default: "1" },
    rounds: { type: "string", default: "3" },
    port: { type: "string", default: "3917" },
    rebuild: { type: "boolean", default: false },
    "no-build": { type: "boolean", default: false },
  },
});
const sizes: Size[] =
  opts.size === "both"
    ? ["district", "city"]
    : opts.size === "district" || opts.size === "city"
      ? [opts.size]
      : fail(`--size 只能是 district、city 或 both`);
const seconds = Number(opts.seconds);
const connections = Number(opts.connections);
const warmup = Number(opts.warmup);
const ROUNDS = Number(opts.rounds);
if (!Number.isInteger(ROUNDS) || ROUNDS < 1) fail("--rounds 须为正整数");
if (!(seconds > 0) || !(connections > 0)) fail("--seconds 与 --connections 须为正数");
if (!(warmup >= 0)) fail("--warmup 须为非负数");
// The benchmark's own build, apart from npm start's, unless BUILD_DIR names one.
const buildDir = envIsSet("BUILD_DIR") ? env().BUILD_DIR : "build-bench";

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

function ensureBuild() {
  if (opts["no-build"] || !buildIsStale(buildDir)) return;
  console.error(`构建生产版本到 ${buildDir}/ …`);
  if (build(buildDir, ["ignore", "ignore", "inherit"]) !== 0) fail("构建失败");
}

/** The cached database of a size: made by seed:city when missing, its generator changed, or --rebuild. */
function ensureDatabase(size: Size): string {
  const hash = createHash("sha256");
  for (const file of readdirSync(path.join(root, "app/seed")).sort())
    hash.update(file).update(readFileSync(path.join(root, "app/seed", file)));
  hash.update(JSON.stringify(SIZES[size].args));
  const dir = path.join(root, "data/bench");
  const file = path.join(dir, `${size}-${hash.digest("hex").slice(0, 10)}.db`);
  if (existsSync(file) && !opts.rebuild) return file;
  mkdirSync(dir, { recursive: true });
  const building = `${file}.building`;
  for (const f of [building, `${building}-wal`, `${building}-shm`]) rmSync(f, { force: true });
  console.error(`生成 ${size} 规模数据库（npm run seed:city -- ${SIZES[size].args.join(" ")}）…`);
  const result = spawnSync(process.execPath, ["--import", "tsx", "scripts/seed-city.ts", ...SIZES[size].args], {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, DATABASE_URL: building, NODE_ENV: "development", DEMO_DATA: "1" },
  });
  if (result.status !== 0) fail("生成数据库失败");
  renameSync(building, file);
  return file;
}

/** Ids the pages need: the demo scope and one of its needs and resources. */
function fixtures(file: string) {
  const db = new Database(file, { readonly: true });
  const one = (sql: string, ...params: unknown[]) =>
    db
      .prepare(sql)
      .pluck()
      .get(...params) as number;
  const userScope = (username: string, column: string) =>
    one(`SELECT ${column} FROM users WHERE username = ?`, username);
  const communityId = userScope("demo-community", "community_id");
  const unitId = userScope("demo-unit", "unit_id");
  const streetId = userScope("demo-street", "street_id");
  const ids = {
    communityId,
    unitId,
    streetId,
    needId: one(
      "SELECT id FROM needs WHERE community_id = ? AND status = 'open' ORDER BY id DESC LIMIT 1",
      communityId,
    ),
    resourceId: one("SELECT id FROM resources WHERE unit_id = ? AND status = 'open' ORDER BY id DESC LIMIT 1", unitId),
    needs: one("SELECT count(*) FROM needs"),
  };
  db.close();
  return ids;
}

/** The China date `days` before today, as the audit reader's date filter takes it. */
const daysAgo = (days: number) => new Date(Date.now() + 8 * 3600_000 - days * 86_400_000).toISOString().slice(0, 10);

function pagesOf(ids: ReturnType<typeof fixtures>): [label: string, url: string][] {
  // A page number past the end is shown as the last page (pageFromSql clamps it).
  const last = 1_000_000;
  return [
    ["/", "/"],
    ["/needs", "/needs"],
    ["/needs?q=养老", "/needs?q=养老"],
    ["/needs?q=ylfw", "/needs?q=ylfw"],
    ["/needs?page=<last>", `/needs?page=${last}`],
    ["/needs?status=open", "/needs?status=open"],
    ["/needs?category=养老服务", "/needs?category=养老服务"],
    ["/needs?streetId=<demo>", `/needs?streetId=${ids.streetId}`],
    ["/needs?communityId=<demo>", `/needs?communityId=${ids.communityId}`],
    ["/resources", "/resources"],
    ["/resources?q=养老", "/resources?q=养老"],
    ["/resources?q=ylfw", "/resources?q=ylfw"],
    ["/resources?page=<last>", `/resources?page=${last}`],
    ["/resources?status=open", "/resources?status=open"],
    ["/resources?category=医疗健康", "/resources?category=医疗健康"],
    ["/resources?streetId=<demo>", `/resources?streetId=${ids.streetId}`],
    ["/resources?unitId=<demo>", `/resources?unitId=${ids.unitId}`],
    ["/proposals", "/proposals"],
    ["/projects", "/projects"],
    ["/matching", "/matching"],
    ["/review", "/review"],
    ["/escalations", "/escalations"],
    ["/meetings", "/meetings"],
    ["/evaluations", "/evaluations"],
    ["/notifications", "/notifications"],
    ["/units/<demo unit>", `/units/${ids.unitId}`],
    ["/needs/<id>", `/needs/${ids.needId}`],
    ["/resources/<id>", `/resources/${ids.resourceId}`],
    ["/audit", "/audit"],
    ["/audit?type=need&item=<id>", `/audit?type=need&item=${ids.needId}`],
    ["/audit?from=<a year ago>&to=<half a year ago>", `/audit?from=${daysAgo(365)}&to=${daysAgo(182)}`],
  ];
}

const ms = (x: number) =>
  Number.isFinite(x) ? (x >= 1000 ? `${(x / 1000).toFixed(1)} s` : `${Math.round(x)} ms`) : "—";
const kb = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${(bytes / 1024).toFixed(1)} KB`;

async function benchSize(size: Size, port: number) {
  const file = ensureDatabase(size);
  const ids = fixtures(file);
  const filter = opts.pages
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const pages = pagesOf(ids).filter(([label]) => !filter || filter.some((f) => label.includes(f)));
  console.error(
    `\n启动 ${size}（${path.relative(root, file)}，${(statSync(file).size / 1024 / 1024).toFixed(0)} MB）…`,
  );
  const server = await serve({ databaseFile: file, buildDir, port });
  // The same load, not counted, first: a served page's code is compiled by the JIT on its first
  // few hundred requests, and a long-running server is measured warm.
  const warm = async (url: string, cookie?: string) => {
    if (warmup > 0) await load(port, url, cookie, warmup, connections);
    else await request(port, url, { cookie });
  };
  const rows: { label: string; role: string; r: LoadResult; login: LoadResult }[] = [];
  const login: LoadResult[] = [];
  try {
    await warm("/login");
    login.push(await load(port, "/login", undefined, seconds, connections));
    for (const username of ROLES) {
      const cookie = await signIn(port, username, PASSWORD);
      for (const [label, url] of pages) {
        const probe = await request(port, url, { cookie });
        if (probe.status !== 200) continue; // not a page this role may open
        await warm(url, cookie);
        const { page: r, login: beside } = await loadBesideLogin(port, url, cookie, seconds, connections, ROUNDS);
        rows.push({ label, role: username.replace("demo-", ""), r, login: beside });
        console.error(
          `  ${username.padEnd(15)} ${label.padEnd(28)} ${r.reqPerSec.toFixed(1).padStart(7)} req/s  p50 ${ms(r.p50).padStart(7)}  p97.5 ${ms(r.p975).padStart(7)}  ${kb(r.bytes)}  /login ${beside.reqPerSec.toFixed(0)} req/s`,
        );
      }
    }
    login.push(await load(port, "/login", undefined, seconds, connections));
  } finally {
    await server.stop();
  }
  const target = SIZES[size];
  const table = rows.map(({ label, role, r, login: beside }) => {
    const share = r.reqPerSec / beside.reqPerSec;
    const met = share >= target.share && r.p975 <= target.p975 && r.errors === 0;
    return `| \`${label}\` | ${role} | ${r.reqPerSec.toFixed(1)} | ${beside.reqPerSec.toFixed(0)} | ${Math.round(share * 100)}% | ${ms(r.p50)} | ${ms(r.p975)} | ${kb(r.bytes)} | ${met ? "✓" : "✗"}${r.errors > 0 ? `（${r.errors} 次非 200）` : ""} |`;
  });
  return [
    `### ${size === "district" ? "区级规模" : "市级规模"}（${ids.needs.toLocaleString("en-US")} 条需求；${chinaToday()}，${connections} 个连接，每项 ${seconds} 秒）`,
    "",
    `服务就绪 ${(server.readyMs / 1000).toFixed(1)} 秒，最大常驻内存 ${server.maxRssMb()} MB；\`/login\`（未登录）${login.map((r) => r.reqPerSec.toFixed(0)).join(" / ")} req/s（开始 / 结束），p97.5 ${login.map((r) => ms(r.p975)).join(" / ")}。每项页面与 /login 轮流测 ${ROUNDS} 轮，各 ${seconds} 秒；占比取同轮的 /login。目标：≥ ${target.share * 100}% 的 /login 吞吐，p97.5 ≤ ${target.p975} ms。`,
    "",
    "| 页面 | 角色 | req/s | 同轮 /login req/s | 占 /login | p50 | p97.5 | 每次响应 | 达标 |",
    "|---|---|---|---|---|---|---|---|---|",
    ...table,
    "",
  ].join("\n");
}

ensureBuild();
const port = Number(opts.port);
const sections: string[] = [];
for (const size of sizes) sections.push(await benchSize(size, port));
console.log(`\n${sections.join("\n")}`);
