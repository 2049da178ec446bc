/**
 * Times the pure half of an import: 10,000 needs read from an .xlsx and a CSV and checked, and
 * how soon a 60,000-row workbook is refused. `npx tsx scripts/bench-import-read.ts`. Issue 13 asks
 * for a 10,000-row preview within 15 s end to end; reading and checking should take well under 5.
 */
import ExcelJS from "exceljs";
import { checkRows } from "~/models/exchange/import/check-rows";
import { readSpreadsheet } from "~/models/exchange/import/read-file.server";
import { HEADERS } from "~/models/exchange/columns";

const row = (i: number) => [
  `DC-${i}`,
  `独居老人冬季上门探访 ${i}`,
  "每周上门探访、陪伴聊天，需要 2 名志愿者",
  i % 3 === 0 ? "" : "养老服务",
  "独居老人",
  5 + (i % 7),
  "一般",
  new Date(Date.UTC(2026, 2, 1 + (i % 28))),
  "2026/5/31",
  "3号网格 5号楼",
  "王老师",
  13800000000 + i,
];

async function workbook(rows: number): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("需求");
  sheet.addRow(HEADERS("needs"));
  for (let i = 1; i <= rows; i++) sheet.addRow(row(i));
  sheet.getColumn(8).numFmt = "yyyy-mm-dd";
  return Buffer.from(await book.xlsx.writeBuffer());
}

function csv(rows: number): Buffer {
  const lines = [HEADERS("needs").join(",")];
  for (let i = 1; i <= rows; i++) {
    lines.push(
      row(i)
        .map((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v)))
        .join(","),
    );
  }
  return Buffer.from(lines.join("\r\n"));
}

async function time(label: string, bytes: Buffer) {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const read = await readSpreadsheet(bytes, "bench", "needs");
  const readMs = performance.now() - started;
  if (!read.ok) {
    console.log(`${label}: refused in ${readMs.toFixed(0)} ms (${read.message})`);
    return;
  }
  const { rows } = await checkRows("needs", read, { today: "2026-01-01" }, () => new Promise((r) => setImmediate(r)));
  const total = performance.now() - started;
  // CPU time too: on a shared machine the wall clock also counts other processes' turns.
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  const bad = rows.filter((r) => r.errors.length > 0).length;
  console.log(
    `${label}: ${rows.length} rows (${bad} bad), read ${readMs.toFixed(0)} ms, read+check ${total.toFixed(0)} ms (CPU ${cpuMs.toFixed(0)} ms)`,
  );
}

await time("xlsx 10,000", await workbook(10_000));
await time("csv 10,000", csv(10_000));
await time("xlsx 60,000", await workbook(60_000));
await time("csv 60,000", csv(60_000));
