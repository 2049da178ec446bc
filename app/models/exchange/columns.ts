/**
 * The columns of each kind's import template and list export, in order, exactly as issue 13 names
 * them (docs/decisions/033-list-export-and-templates.md). One definition for the template, the
 * export and the import, so an exported file re-imports as updates: 编号 is the item's code.
 * Pure: no database, no workbook; the labels come from the same vocabulary as the forms, and the
 * rules say what the form's zod schema checks (a rule that disagrees with the check misleads).
 */
import { CATEGORY_LABELS } from "#domain/taxonomy";
import { IMPORT_KINDS, RESOURCE_KINDS, UNIT_KINDS, URGENCIES } from "#domain/vocabulary";
import { PROJECT_STATUS_LABELS, FORM_LABELS } from "~/schemas/project-labels";
import { RESOURCE_KIND_LABELS } from "~/schemas/resource";
import { URGENCY_LABELS } from "~/schemas/need";
import { ROLE_LABELS } from "~/utils/permissions";

export type ExchangeKind =
  "needs" | "resources" | "units" | "projects" | "streets" | "communities" | "accounts" | "members" | "grid_structure";
/** The kinds with an import template: every kind that can be imported (projects are exported only). */
export const TEMPLATE_KINDS = IMPORT_KINDS;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

export interface Column {
  header: string;
  /** The rule a person filling the template must follow (the 说明 sheet). */
  rule: string;
  /** The template's example row. */
  example: string | number;
  width: number;
  /** An import refuses a file without this column (the rule starts with 必填). */
  required: boolean;
}

const col = (header: string, rule: string, example: string | number, width = 14): Column => ({
  header,
  rule,
  example,
  width,
  required: rule.startsWith("必填"),
});

/** The roles an account import may create (admins import liaisons and community staff only). */
export const IMPORTABLE_ROLES = ["community", "unit"] as const;

const ID_RULE =
  "选填，不超过 40 字：可填本单位自己的编号，或导出文件中的编号（如 XQ-123）；同一编号再次导入时更新该条，不会重复新增";
const DATE_RULE = "选填，日期，如 2026-03-01、2026/3/1 或 2026年3月1日";
const PHONE_RULE = "选填，手机号（11 位）或座机号（如 010-12345678）";

export const COLUMNS: Record<ExchangeKind, readonly Column[]> = {
  needs: [
    col("编号", ID_RULE, ""),
    col("标题", "必填，4–60 字", "独居老人冬季上门探访", 28),
    col("描述", "选填，不超过 2000 字，写清楚要做什么；请勿写居民姓名、电话、身份证号", "每周上门探访、陪伴聊天", 40),
    col("分类", "选填，须为说明中的分类之一；留空时按标题和描述建议", "养老服务"),
    col("受益群体", "选填，不超过 40 字", "独居老人"),
    col("受益人数", "选填，0–100000 的整数", 5),
    col("紧急程度", `选填，${URGENCIES.map((u) => URGENCY_LABELS[u]).join("、")}之一，默认一般`, "一般"),
    col("开始日期", DATE_RULE, "2026-03-01"),
    col("结束日期", `${DATE_RULE}；不早于开始日期`, "2026-05-31"),
    col("地点", "选填，不超过 100 字，仅所属社区和已达成项目的单位可见", "3号网格 5号楼", 20),
    col("联系人", "选填，不超过 20 字，仅所属社区和已达成项目的单位可见", "王老师"),
    col("联系电话", `${PHONE_RULE}，仅所属社区和已达成项目的单位可见`, "13800000000"),
  ],
  resources: [
    col("编号", ID_RULE, ""),
    col("标题", "必填，4–60 字", "医生进社区义诊", 28),
    col("描述", "选填，不超过 2000 字", "每月一次，内科、全科医生各 1 名", 40),
    col("分类", "选填，须为说明中的分类之一；留空时按标题和描述建议", "医疗健康"),
    col("类型", `必填，${RESOURCE_KINDS.map((k) => RESOURCE_KIND_LABELS[k]).join("、")}之一`, "专业服务"),
    col("可服务次数", "必填，0–1000 的整数", 3),
    col("服务半径（公里）", "选填，0–50 的数字", 3, 16),
    col("开始日期", DATE_RULE, "2026-03-01"),
    col("结束日期", `${DATE_RULE}；不早于开始日期`, "2026-12-31"),
  ],
  units: [
    col("编号", ID_RULE, ""),
    col("名称", "必填，2–60 字", "区人民医院", 24),
    col("类型", `必填，${UNIT_KINDS.join("、")}之一`, "医院"),
    col("所属街道", "必填，须为平台中已有街道的名称", "东城街道"),
    col("地址", "选填，不超过 100 字", "东城路 1 号", 28),
    col("纬度", "必填，-90 到 90 的数字（WGS-84）", 39.9),
    col("经度", "必填，-180 到 180 的数字（WGS-84）", 116.4),
    col("联络员", "选填，不超过 20 字，单位联络员的姓名", "张敏"),
    col("联络员电话", PHONE_RULE, "13800000000"),
  ],
  streets: [
    col("编号", ID_RULE, ""),
    col("名称", "必填，2–30 字", "东城街道", 20),
    col("所属区", "必填，须为平台中已有区的名称", "城关区"),
  ],
  communities: [
    col("编号", ID_RULE, ""),
    col("名称", "必填，2–30 字", "幸福里社区", 20),
    col("所属街道", "必填，须为平台中已有街道的名称", "东城街道"),
    col("纬度", "必填，-90 到 90 的数字（WGS-84）", 39.91),
    col("经度", "必填，-180 到 180 的数字（WGS-84）", 116.41),
    col(
      "网格",
      "选填，本社区的网格名称，每个 2–20 字，多个用顿号、逗号或分号隔开；文件中没有列出的已有网格不会被删除",
      "1号网格、2号网格",
      24,
    ),
  ],
  accounts: [
    col("用户名", "必填，3–32 位小写字母、数字、点、下划线或连字符，登录时使用；已有的用户名不会重复创建", "wangmin"),
    col("姓名", "必填，2–30 字", "王敏"),
    col("角色", `必填，${IMPORTABLE_ROLES.map((r) => ROLE_LABELS[r]).join("或")}`, ROLE_LABELS.community, 16),
    col("所属社区", "角色为社区工作人员时必填，须为平台中已有社区的名称", "幸福里社区"),
    col("所属单位", "角色为驻区单位联络员时必填，须为平台中已有单位的名称", "", 20),
  ],
  // A unit's in-service party members (decision 041); the rules are memberRegisterSchema's.
  members: [
    col("编号", "选填，不超过 30 字：本单位花名册中的编号；同一编号再次导入时更新该党员，不会重复登记", ""),
    col("姓名", "必填，2–20 字", "张明"),
    col("手机号", "必填，手机号（11 位）或座机号；同一手机号在本单位只能登记一次", "13800000000"),
    col(
      "居住社区",
      "必填，党员居住地所在的本区社区名称；本区有同名社区时写成「街道/社区」，如「东城街道/幸福里社区」",
      "幸福里社区",
      24,
    ),
  ],
  // One row per building, or per grid without buildings (decisions 037, 039); the rules are
  // gridFormSchema's and buildingFormSchema's.
  grid_structure: [
    col("社区", "必填，平台中已有社区的名称或编号（如 SQ-12）；有同名社区时写成「街道/社区」", "幸福里社区", 16),
    col(
      "网格",
      "必填，2–20 字；社区没有这个网格时新建。同一网格写在多行时，网格的各列填一次即可，多次填写须一致",
      "1号网格",
    ),
    col("网格范围", "选填，不超过 100 字；留空的单元格不会清除平台中已有的内容", "幸福路 1–9 号", 24),
    col("网格长", "选填，不超过 20 字", "李强"),
    col("网格党支部", "选填，不超过 40 字", "第一网格党支部", 18),
    col("支部书记", "选填，不超过 20 字", "王芳"),
    col(
      "楼栋",
      "选填，1–20 字；网格中没有这栋楼时新建；不填时这一行只写网格。文件中没有的网格、楼栋不会被删除",
      "5号楼",
    ),
    col("楼栋党小组长", "选填，不超过 20 字；须同时填写楼栋", "赵磊", 16),
    col("住户数", "选填，0–5000 的整数；须同时填写楼栋", 120),
  ],
  projects: [
    col("编号", "项目编号", ""),
    col("名称", "项目名称", "", 28),
    col("社区", "甲方社区", ""),
    col("目标", "共建目标", "", 40),
    col("共建形式", `${Object.values(FORM_LABELS).join("、")}，多个以顿号分隔`, ""),
    col("开始日期", "日期", ""),
    col("结束日期", "日期", ""),
    col("状态", Object.values(PROJECT_STATUS_LABELS).join("、"), ""),
    col("单位", "乙方驻区单位，多个以顿号分隔", "", 28),
  ],
};

export const HEADERS = (kind: ExchangeKind): string[] => COLUMNS[kind].map((c) => c.header);

/** The allowed values the 说明 sheet lists, per vocabulary. */
export const ALLOWED_VALUES: readonly { name: string; values: readonly string[] }[] = [
  { name: "分类", values: CATEGORY_LABELS },
  { name: "紧急程度", values: URGENCIES.map((u) => URGENCY_LABELS[u]) },
  { name: "单位类型", values: UNIT_KINDS },
  { name: "资源类型", values: RESOURCE_KINDS.map((k) => RESOURCE_KIND_LABELS[k]) },
  { name: "角色", values: IMPORTABLE_ROLES.map((r) => ROLE_LABELS[r]) },
];

export const KIND_LABELS: Record<ExchangeKind, string> = {
  needs: "需求",
  resources: "资源",
  units: "驻区单位",
  projects: "项目",
  streets: "街道",
  communities: "社区",
  accounts: "账号",
  members: "在职党员",
  grid_structure: "网格与楼栋",
};

/** The kinds whose export writes a system code into 编号 (accounts are keyed by 用户名). */
export type CodedKind = "needs" | "resources" | "units" | "communities" | "streets";
const CODE_PREFIX: Record<CodedKind, string> = {
  needs: "XQ",
  resources: "ZY",
  units: "DW",
  communities: "SQ",
  streets: "JD",
};

/** Whether a kind's 编号 may be a code the platform gave (a unit's members carry only its own codes). */
export function isCodedKind(kind: string): kind is CodedKind {
  return Object.hasOwn(CODE_PREFIX, kind);
}

/** The code an export writes into 编号 for an item, e.g. `XQ-123`. */
export function systemCode(kind: CodedKind, id: number): string {
  return `${CODE_PREFIX[kind]}-${id}`;
}

/**
 * The item id in a code an export wrote (`XQ-123`, `xq123`, `XQ－123`), or null for any other
 * text (the owner's own code). People retype codes, so case, a full-width or missing hyphen and
 * surrounding spaces are forgiven.
 */
export function parseSystemCode(kind: CodedKind, code: string): number | null {
  const normal = code.normalize("NFKC").trim().toUpperCase();
  const match = /^([A-Z]{2})\s*[-‐‑–—]?\s*(\d{1,15})$/.exec(normal);
  if (!match || match[1] !== CODE_PREFIX[kind]) return null;
  const id = Number(match[2]);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}
