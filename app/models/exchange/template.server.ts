/**
 * The import templates: the kind's columns with one example row, and a 说明 sheet with each
 * column's rule and every allowed value (categories, urgency, unit kinds, resource kinds; for a
 * unit's members, the communities they may live in). Small enough to build in memory.
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
  members: "unit",
  grid_structure: "admin",
};
const REFUSAL: Record<TemplateKind, string> = {
  needs: "需求模板供社区工作人员导入本社区需求使用",
  resources: "资源模板供驻区单位联络员导入本单位资源使用",
  units: "驻区单位模板仅平台管理员可用",
  streets: "街道模板仅平台管理员可用",
  communities: "社区模板仅平台管理员可用",
  accounts: "账号模板仅平台管理员可用",
  members: "在职党员模板供驻区单位联络员登记本单位党员使用",
  grid_structure: "网格与楼栋模板仅平台管理员可用",
};

/**
 * The kinds whose 说明 sheet lists only what the caller passes (a unit's residential communities):
 * categories, urgencies and unit kinds mean nothing there.
 */
const OWN_LISTS_ONLY: ReadonlySet<TemplateKind> = new Set(["members", "grid_structure"]);

/** What the 说明 sheet says under the rules, for kinds whose import does something worth knowing. */
const NOTES: Partial<Record<TemplateKind, string>> = {
  members:
    "导入后，新登记党员的个人报到链接不会显示在导入结果中：请在“党员报到”中对新登记的党员点“重新生成链接”，再把链接或二维码发给本人。",
};

export interface AllowedValues {
  name: string;
  values: readonly string[];
}

export function templateKindOf(value: string | undefined): TemplateKind | null {
  return (TEMPLATE_KINDS as readonly string[]).includes(value ?? "") ? (value as TemplateKind) : null;
}

export function requireTemplateAccess(actor: Actor, kind: TemplateKind) {
  if (actor.role !== IMPORTER[kind]) forbidden(REFUSAL[kind]);
}

export async function templateWorkbook(kind: TemplateKind, extraLists: AllowedValues[] = []): Promise<Buffer> {
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
  const note = NOTES[kind];
  if (note) notes.addRow(["提示", note]);
  const lists = OWN_LISTS_ONLY.has(kind) ? extraLists : [...ALLOWED_VALUES, ...extraLists];
  if (lists.length > 0) {
    notes.addRow([]);
    notes.addRow(["可选值", "（每行一个）"]).font = { bold: true };
  }
  for (const list of lists) {
    notes.addRow([list.name]).font = { bold: true };
    for (const value of list.values) notes.addRow(["", value]);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
