/**
 * Captured the golden figures of the review (tests/integration/fixtures/review-golden.json) from
 * the implementation that scanned each period per request, before it was rewritten in SQL:
 *   DATABASE_URL=/tmp/review/golden.db npx tsx tests/integration/review-golden-capture.ts
 * Kept to show how the file was made. Run on today's code it would capture today's figures, so
 * the golden file is only rewritten on purpose, with the reason in the commit.
 */
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { getDb } from "#db/client";
import { runMigrations } from "#db/migrate";
import { reviewDashboard } from "~/models/review/review-dashboard.server";
import { districtReview, streetReview } from "~/models/review/review-figures.server";
import { buildReviewWorkbook } from "~/models/review/review-workbook";
import { calendarYear } from "~/schemas/review";
import { loadActor } from "~/utils/auth.server";
import {
  buildGoldenWorld,
  GOLDEN_DASHBOARDS,
  GOLDEN_NOW,
  GOLDEN_WORKBOOKS,
  workbookCells,
} from "./review-golden-world";

/** JSON with one table row (or one flag) per line: readable in a diff, a quarter of the indented size. */
function readableJson(value: unknown, indent = ""): string {
  const leaf = (v: unknown) =>
    v === null || typeof v !== "object" || Object.values(v as object).every((x) => x === null || typeof x !== "object");
  if (leaf(value)) return JSON.stringify(value);
  const inner = `${indent} `;
  if (Array.isArray(value)) return `[\n${value.map((v) => inner + readableJson(v, inner)).join(",\n")}\n${indent}]`;
  const entries = Object.entries(value as object).filter(([, v]) => v !== undefined);
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${readableJson(v, inner)}`).join(",\n")}\n${indent}}`;
}

const file = process.env.DATABASE_URL;
if (!file) throw new Error("设置 DATABASE_URL 为一个临时数据库文件");
rmSync(file, { force: true });
const db = getDb();
runMigrations(db);
const world = await buildGoldenWorld(db);

const dashboards = GOLDEN_DASHBOARDS.map((c) => {
  const actor = loadActor(c.as === "street" ? world.userIds.street : world.userIds.district)!;
  const query = c.query(world);
  return {
    name: c.name,
    query,
    output: JSON.parse(JSON.stringify(reviewDashboard(actor, new URL(`http://localhost/review?${query}`), GOLDEN_NOW))),
  };
});

const workbooks = [];
for (const w of GOLDEN_WORKBOOKS) {
  const period = calendarYear(w.year);
  const common = { scopeName: w.scope === "street" ? "东城街道" : "示范区", year: w.year, generatedAt: GOLDEN_NOW };
  const bytes = await buildReviewWorkbook(
    w.scope === "street"
      ? { ...common, scope: "street", review: streetReview(db, world.streetId, period, GOLDEN_NOW) }
      : { ...common, scope: "district", review: districtReview(db, world.districtId, period, GOLDEN_NOW) },
  );
  workbooks.push({ name: w.name, sheets: await workbookCells(bytes) });
}

const out = path.resolve("tests/integration/fixtures/review-golden.json");
writeFileSync(out, `${readableJson({ now: GOLDEN_NOW.toISOString(), dashboards, workbooks })}\n`);
console.log(`写入 ${out}`);
