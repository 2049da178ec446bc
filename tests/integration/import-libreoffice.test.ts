/**
 * Real files made by LibreOffice inside the test (issue 13): the needs CSV in UTF-8 and in GBK,
 * opened and saved as .xlsx by `soffice --headless --convert-to xlsx` with the import filter a
 * Chinese Calc user gets (dates typed as 2026/3/1 or 2026年3月1日 become date cells), then imported
 * as a community would: the dates, numbers and text arrive as written, the bad row is named.
 * Without soffice the test says so loudly and skips; under CI=true that is a failure.
 */
import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { needs } from "#db/schema";
import { runImport, rowErrorsOf } from "~/models/exchange/import/import-save.server";
import { useFreshDatabase } from "../support/db";
import { createWorld, type World } from "../support/world";
import { auditCount } from "./import-helpers";

const FIXTURES = path.resolve("tests/fixtures/import");
/** The CSV filter's charset token: 76 is UTF-8, 67 is GBK (see make-fixtures.sh). */
const SOURCES = [
  { csv: "needs-utf8.csv", charset: 76 },
  { csv: "needs-gbk.csv", charset: 67 },
] as const;

function sofficeAvailable(): boolean {
  try {
    execFileSync("soffice", ["--version"], { stdio: "ignore", timeout: 60_000 });
    return true;
  } catch {
    const message =
      "未找到 LibreOffice（soffice）：无法在测试中生成 LibreOffice 保存的 .xlsx。请安装 Debian 包 libreoffice-calc。";
    if (process.env.CI === "true") throw new Error(message);
    console.warn(`\n!!! ${message} 本次跳过 LibreOffice 导入测试。\n`);
    return false;
  }
}

const available = sofficeAvailable();
const run = promisify(execFile);
const db = useFreshDatabase();
let world: World;
let work: string;
const converted = new Map<string, Uint8Array>();

/** One conversion, as make-fixtures.sh does it: its own profile (HOME), generous time. */
async function convert(csv: string, charset: number): Promise<Uint8Array> {
  const out = path.join(work, `out-${charset}`);
  await run(
    "soffice",
    [
      "--headless",
      `--infilter=CSV:44,34,${charset},1,,2052,false,true`,
      "--convert-to",
      "xlsx",
      "--outdir",
      out,
      path.join(FIXTURES, csv),
    ],
    { timeout: 120_000, env: { ...process.env, HOME: path.join(work, `home-${charset}`) } },
  );
  return new Uint8Array(readFileSync(path.join(out, csv.replace(/\.csv$/u, ".xlsx"))));
}

beforeAll(async () => {
  if (!available) return;
  world = await createWorld(db);
  work = mkdtempSync(path.join(tmpdir(), "import-soffice-"));
  for (const { csv, charset } of SOURCES) converted.set(csv, await convert(csv, charset));
}, 300_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe.runIf(available)("workbooks LibreOffice saved from the needs CSVs", () => {
  for (const [index, { csv }] of SOURCES.entries()) {
    it(`${csv}: previews the rows with their dates and numbers, names the bad row, saves the good ones`, async () => {
      const bytes = converted.get(csv)!;
      // A real workbook, as LibreOffice writes it (a zip), not the CSV renamed.
      expect(Buffer.from(bytes.subarray(0, 2)).toString("latin1")).toBe("PK");
      const community = index === 0 ? world.communities.A : world.communities.B;
      const owner = { kind: "needs", communityId: community.id } as const;
      const actorId = index === 0 ? world.users.communityA.id : world.users.communityB.id;
      const fileName = csv.replace(/\.csv$/u, ".xlsx");

      const preview = await runImport({ owner, actorId, bytes, fileName, mode: "preview" });
      if (!preview.ok) throw new Error(preview.fileError);
      expect(preview.counts).toMatchObject({ total: 4, created: 3, updated: 0, bad: 1 });
      expect(rowErrorsOf(preview.plan)).toEqual([
        { rowNumber: 7, column: "开始日期", message: expect.stringContaining("不是有效日期") },
      ]);
      const byCode = new Map(preview.plan.map((p) => [p.row.code, p.row]));
      expect(byCode.get("DC-001")!.values).toMatchObject({
        title: "独居老人冬季上门探访",
        description: "每周上门探访，陪伴聊天；\n需要 2 名志愿者",
        beneficiaryCount: 12,
        urgency: "high",
        startDate: "2026-03-01",
        endDate: "2026-05-31",
        contactPhone: "13800000000",
      });
      expect(byCode.get("DC-002")!.values).toMatchObject({
        title: '社区"四点半"课堂',
        category: "课后托管",
        beneficiaryCount: 30,
        startDate: "2026-03-01",
        endDate: "2026-06-30",
        contactPhone: "010-12345678",
      });
      expect(byCode.get("DC-002")!.suggestedCategory).toBe("课后托管");
      expect(byCode.get("DC-003")!.values).toMatchObject({
        beneficiaryCount: 0,
        urgency: "urgent",
        startDate: "2026-03-01",
        endDate: "2026-03-15",
      });
      // Nothing was written by the preview; a save without skipBad writes nothing either.
      expect(db.select().from(needs).where(eq(needs.communityId, community.id)).all()).toHaveLength(
        index === 0 ? 3 : 1,
      );
      const refused = await runImport({ owner, actorId, bytes, fileName, mode: "save" });
      expect(refused.ok && refused.refusal).toBe("有 1 行有错误，未保存任何内容");
      expect(auditCount(db, "need.create", actorId)).toBe(0);

      const saved = await runImport({ owner, actorId, bytes, fileName, mode: "save", skipBad: true });
      expect(saved.ok && saved.saved).toMatchObject({ created: 3, updated: 0 });
      const rows = db.select().from(needs).where(eq(needs.communityId, community.id)).all();
      expect(rows.filter((n) => n.externalCode?.startsWith("DC-")).map((n) => n.externalCode)).toEqual([
        "DC-001",
        "DC-002",
        "DC-003",
      ]);
      expect(rows.find((n) => n.externalCode === "DC-002")).toMatchObject({
        startDate: "2026-03-01",
        endDate: "2026-06-30",
        beneficiaryCount: 30,
        place: "社区活动室",
      });
      expect(auditCount(db, "need.create", actorId)).toBe(3);
    });
  }
});
