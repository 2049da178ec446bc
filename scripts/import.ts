/**
 * `npm run import -- --kind needs|resources|units|streets|communities|members|grid_structure --file F
 * [--community NAME|ID] [--unit NAME|ID] [--street NAME|ID] [--dry-run] [--skip-bad]`: the web import's own reading,
 * checking and saving (app/models/exchange/import/import-save.server.ts) from the command line,
 * for an operator bringing in a street's spreadsheets. Audit rows name no user (actor null), as
 * the maintenance run's do. Prints the counts and every row error; exit 0 when every row was saved
 * (or would be, with --dry-run), 2 when some rows are bad (the good ones saved only with
 * --skip-bad and without --dry-run), 1 for a file that cannot be read or bad arguments.
 * Accounts are not imported here: their initial passwords are shown once, on the web page. A
 * unit's members (--unit) get their personal links issued but shown nowhere, as on the web: the
 * liaison reissues each on 党员报到.
 */
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { asc } from "drizzle-orm";
import { envOrExit } from "../env";
import { getDb } from "../db/client";
import { runMigrations } from "../db/migrate";
import { communities, streets, units } from "../db/schema";
import { normalizeName } from "../app/models/exchange/import/check-rows";
import type { ImportOwner } from "../app/models/exchange/import/import-context.server";
import { rowErrorsOf, runImport } from "../app/models/exchange/import/import-save.server";
import { tooBigMessage } from "../app/models/exchange/import/read-file.server";
import { IMPORT_LIMITS } from "../app/models/exchange/import/types";

const KINDS = ["needs", "resources", "units", "streets", "communities", "members", "grid_structure"] as const;
type CliKind = (typeof KINDS)[number];
const USAGE =
  "用法：npm run import -- --kind needs|resources|units|streets|communities|members|grid_structure --file 文件 " +
  "[--community 名称或编号] [--unit 名称或编号] [--street 名称或编号] [--dry-run] [--skip-bad]";

function fail(message: string): never {
  console.error(message);
  console.error(USAGE);
  process.exit(1);
}

let args: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    options: {
      kind: { type: "string" },
      file: { type: "string" },
      community: { type: "string" },
      unit: { type: "string" },
      street: { type: "string" },
      "dry-run": { type: "boolean", default: false },
      "skip-bad": { type: "boolean", default: false },
    },
    strict: true,
  }).values;
}
try {
  args = parse();
} catch (e) {
  fail(`参数有误：${e instanceof Error ? e.message : String(e)}`);
}

const kind = args.kind as CliKind;
if (!KINDS.includes(kind)) fail(`--kind 须为 ${KINDS.join("、")} 之一`);
if (!args.file) fail("请用 --file 指定要导入的文件");

envOrExit();
const db = getDb();
runMigrations(db);

/** A row of `table` by id (digits) or by name, as people write it; exits 1 when none or several match. */
function resolve(table: typeof communities | typeof units | typeof streets, given: string, what: string): number {
  const rows = db.select({ id: table.id, name: table.name }).from(table).orderBy(asc(table.id)).all();
  if (/^\d+$/.test(given.trim())) {
    const row = rows.find((r) => r.id === Number(given.trim()));
    return row ? row.id : fail(`找不到编号为 ${given} 的${what}`);
  }
  const hits = rows.filter((r) => normalizeName(r.name) === normalizeName(given));
  if (hits.length === 0) fail(`找不到名为「${given}」的${what}`);
  if (hits.length > 1)
    fail(`名为「${given}」的${what}有 ${hits.length} 个，请改用编号：${hits.map((h) => h.id).join("、")}`);
  return hits[0]!.id;
}

function ownerOf(): ImportOwner {
  if (kind === "needs") {
    if (!args.community) fail("导入需求须用 --community 指定社区（名称或编号）");
    return { kind, communityId: resolve(communities, args.community, "社区") };
  }
  if (kind === "resources" || kind === "members") {
    if (!args.unit) fail(`导入${kind === "members" ? "在职党员" : "资源"}须用 --unit 指定驻区单位（名称或编号）`);
    return { kind, unitId: resolve(units, args.unit, "驻区单位") };
  }
  return { kind, defaultStreetId: args.street ? resolve(streets, args.street, "街道") : null };
}

const owner = ownerOf();
let bytes: Uint8Array;
try {
  // The size first: a file far over the limit is refused without being read into memory.
  if (statSync(args.file).size > IMPORT_LIMITS.maxBytes) {
    console.error(tooBigMessage(IMPORT_LIMITS.maxBytes));
    process.exit(1);
  }
  bytes = new Uint8Array(readFileSync(args.file));
} catch {
  fail(`无法读取文件：${args.file}`);
}

const dryRun = args["dry-run"] === true;
const skipBad = args["skip-bad"] === true;
const result = await runImport({
  owner,
  actorId: null,
  bytes,
  fileName: path.basename(args.file),
  mode: dryRun ? "preview" : "save",
  skipBad,
});
if (!result.ok) {
  console.error(result.fileError);
  process.exit(1);
}
const { counts } = result;
const same = counts.unchanged > 0 ? `，无变化 ${counts.unchanged}` : "";
console.log(`共 ${counts.total} 行：新增 ${counts.created}，更新 ${counts.updated}${same}，错误 ${counts.bad}`);
for (const e of rowErrorsOf(result.plan)) {
  console.log(e.column ? `第 ${e.rowNumber} 行「${e.column}」：${e.message}` : `第 ${e.rowNumber} 行：${e.message}`);
}
if (dryRun) {
  console.log(counts.bad > 0 ? "试运行：有错误行，未保存任何内容" : "试运行：全部可以导入，未保存任何内容");
} else if (result.saved) {
  console.log(`已保存：新增 ${result.saved.created}，更新 ${result.saved.updated}`);
} else if (result.refusal) {
  console.log(
    counts.bad > 0 && !skipBad ? `${result.refusal}；修正后重新导入，或加 --skip-bad 只导入正确的行` : result.refusal,
  );
}
db.$client.close();
process.exit(counts.bad > 0 ? 2 : result.refusal ? 1 : 0);
