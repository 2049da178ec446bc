/**
 * `npm run seed:city -- --needs N --resources M [--communities C] [--units U] [--projects P]
 * [--years Y] [--seed S] [--no-match]`: grows the demo district at DATABASE_URL into a city of
 * synthetic data through the app's own write path (app/seed/city-seed.ts explains how). On an empty
 * database the demo district is written first. Synthetic data is demo data: refused where demo
 * data is off (NODE_ENV=production or DEMO_DATA=0, see app/seed/seed.ts).
 */
import { parseArgs } from "node:util";
import { databasePath, getDb } from "../db/client";
import { seedCity } from "../app/seed/city-seed";
import { demoDataWanted } from "../app/seed/seed";
import { env } from "../env";

function usage(message: string): never {
  console.error(
    `${message}\n用法：npm run seed:city -- --needs 100000 --resources 20000 [--communities 1500] [--units 10000] [--projects 20000] [--years 3] [--seed 1] [--no-match]`,
  );
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    needs: { type: "string" },
    resources: { type: "string" },
    communities: { type: "string" },
    units: { type: "string" },
    projects: { type: "string" },
    years: { type: "string" },
    seed: { type: "string" },
    "no-match": { type: "boolean", default: false },
  },
  strict: true,
});

function count(name: keyof typeof values, required: boolean, min = 0): number | undefined {
  const raw = values[name];
  if (raw === undefined) return required ? usage(`缺少 --${name}`) : undefined;
  const n = Number(raw);
  if (typeof raw !== "string" || !Number.isInteger(n) || n < min)
    usage(`--${name} 须为不小于 ${min} 的整数（收到“${String(raw)}”）`);
  return n;
}

let wanted: boolean;
try {
  wanted = demoDataWanted(env());
} catch (error) {
  usage(error instanceof Error ? error.message : String(error));
}
if (!wanted) {
  console.error(
    "城市数据是合成的演示数据：NODE_ENV=production 或 DEMO_DATA=0 时不写入。确需写入（如压测用的副本）请设 DEMO_DATA=1。",
  );
  process.exit(1);
}

const options = {
  needs: count("needs", true)!,
  resources: count("resources", true)!,
  communities: count("communities", false, 1),
  units: count("units", false, 1),
  projects: count("projects", false),
  years: count("years", false, 1),
  seed: count("seed", false),
  match: !values["no-match"],
};

console.log(`生成城市数据到 ${databasePath()}`);
const report = await seedCity({ ...options, log: (line) => console.log(line) });
const c = report.created;
console.log(
  `\n新增：街道 ${c.streets}，社区 ${c.communities}，单位 ${c.units}，需求 ${c.needs}，资源 ${c.resources}，项目 ${c.projects}（共 ${report.events} 个模拟事件）`,
);
const tables = [
  "needs",
  "resources",
  "projects",
  "proposals",
  "agreements",
  "activity_records",
  "meetings",
  "escalations",
  "evaluations",
  "ballots",
  "opinions",
  "notifications",
  "audit_log",
  "users",
];
const sqlite = getDb().$client;
console.log(
  tables
    .map((t) => `${t} ${(sqlite.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number).toLocaleString("en-US")}`)
    .join("，"),
);
console.log("\n模型调用（次数，合计毫秒）：" + report.calls.map((c) => `${c.what} ${c.count}/${c.ms}`).join("，"));
if (report.refusals.length > 0) {
  console.log("\n被应用拒绝的操作（按次数）：");
  for (const r of report.refusals) console.log(`  ${r.what} ×${r.count}（例：${r.first}）`);
}
const s = report.seconds;
console.log(
  `\n用时 ${s.total} 秒（演示区 ${s.demo}，街道社区单位 ${s.world}，模拟 ${s.simulation}，匹配与收尾 ${s.matching}；进程 CPU ${s.cpu} 秒）`,
);
sqlite.close();
