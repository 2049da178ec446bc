/**
 * The import templates: the kind's columns with one example row, and a 说明 sheet with each
 * column's rule and every allowed value (categories, urgency, unit kinds, resource kinds). Small
 * enough to build in memory.
 */
import { loadExcelJs } from "~/utils/lazy-modules.server";
import { forbidden } from "~/utils/auth.server";
import type { Actor } from "~/utils/permission-actor";
import { ALLOWED_VALUES, COLUMNS, KIND_LABELS, TEMPLATE_KINDS, type TemplateKind } from "./columns";

/** Who will import each kind, and so may download its template. */
const IMPORTER: Record<TemplateKind, Actor["role"]> = {
  needs: "community",
  resources: "unit",
  units: "admin",
  streets: "admin",
  communities: "admin",
  accounts: "admin",
};
const REFUSAL: Record<TemplateKind, string> = {
  needs: "需求模板供社区工作人员导入本社区需求使用",
  resources: "资源模板供驻区单位联络员导入本单位资源使用",
  units: "驻区单位模板仅平台管理员可用",
  streets: "街道模板仅平台管理员可用",
  communities: "社区模板仅平台管理员可用",
  accounts: "账号模板仅平台管理员可用",
};

export function templateKindOf(value: string | undefined): TemplateKind | null {
  return (TEMPLATE_KINDS as readonly string[]).includes(value ?? "") ? (value as TemplateKind) : null;
}

export function requireTemplateAccess(actor: Actor, kind: TemplateKind) {
  if (actor.role !== IMPORTER[kind]) forbidden(REFUSAL[kind]);
}

export async function templateWorkbook(kind: TemplateKind): Promise<Buffer> {
  const workbook = new (await loadExcelJs()).Workbook();
  const columns = COLUMNS[kind];
  const sheet = workbook.addWorksheet(`${KIND_LABELS[kind]}导入`);
  sheet.columns = columns.map((c) => ({ header: c.header, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  sheet.addRow(columns.map((c) => c.example));

  const notes = workbook.addWorksheet("说明");
  notes.columns = [{ width: 18 }, { width: 70 }];
  notes.addRow(["列", "填写规则"]).font = { bold: true };
  for (const c of columns) notes.addRow([c.header, c.rule]);
  notes.addRow([]);
  notes.addRow(["可选值", "（每行一个）"]).font = { bold: true };
  for (const list of ALLOWED_VALUES) {
    notes.addRow([list.name]).font = { bold: true };
    for (const value of list.values) notes.addRow(["", value]);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
