/**
 * The columns of each kind's import template and list export, in order, exactly as issue 13 names
 * them (docs/decisions/033-list-export-and-templates.md). One definition for the template, the
 * export and (later) the import, so an exported file re-imports as updates: 编号 is the item's id.
 * Pure: no database, no workbook; the labels come from the same vocabulary as the forms.
 */
import { CATEGORY_LABELS } from "#domain/taxonomy";
import { RESOURCE_KINDS, UNIT_KINDS, URGENCIES } from "#domain/vocabulary";
import { PROJECT_STATUS_LABELS, FORM_LABELS } from "~/schemas/project-labels";
import { RESOURCE_KIND_LABELS } from "~/schemas/resource";
import { URGENCY_LABELS } from "~/schemas/need";

export type ExchangeKind = "needs" | "resources" | "units" | "projects";
/** The kinds with an import template (projects are exported only: they are born from proposals). */
export const TEMPLATE_KINDS = ["needs", "resources", "units"] as const;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

export interface Column {
  header: string;
  /** The rule a person filling the template must follow (the 说明 sheet). */
  rule: string;
  /** The template's example row. */
  example: string | number;
  width: number;
}

const col = (header: string, rule: string, example: string | number, width = 14): Column => ({
  header,
  rule,
  example,
  width,
});

const ID_RULE = "新增时留空；填写导出文件中的编号则更新该条（重复导入不会重复新增）";
const DATE_RULE = "选填，日期，如 2026-03-01、2026/3/1 或 2026年3月1日";

export const COLUMNS: Record<ExchangeKind, readonly Column[]> = {
  needs: [
    col("编号", ID_RULE, ""),
    col("标题", "必填，不超过 100 字", "独居老人冬季上门探访", 28),
    col("描述", "选填，写清楚要做什么；请勿写居民姓名、电话、身份证号", "每周上门探访、陪伴聊天", 40),
    col("分类", "选填，须为说明中的分类之一；留空时按标题和描述建议", "养老服务"),
    col("受益群体", "选填", "独居老人"),
    col("受益人数", "选填，不小于 0 的整数", 5),
    col("紧急程度", `选填，${URGENCIES.map((u) => URGENCY_LABELS[u]).join("、")}之一，默认一般`, "一般"),
    col("开始日期", DATE_RULE, "2026-03-01"),
    col("结束日期", `${DATE_RULE}；不早于开始日期`, "2026-05-31"),
    col("地点", "选填，仅所属社区和已达成项目的单位可见", "3号网格 5号楼", 20),
    col("联系人", "选填，仅所属社区和已达成项目的单位可见", "王老师"),
    col("联系电话", "选填，手机或座机，仅所属社区和已达成项目的单位可见", "13800000000"),
  ],
  resources: [
    col("编号", ID_RULE, ""),
    col("标题", "必填，不超过 100 字", "医生进社区义诊", 28),
    col("描述", "选填", "每月一次，内科、全科医生各 1 名", 40),
    col("分类", "选填，须为说明中的分类之一；留空时按标题和描述建议", "医疗健康"),
    col("类型", `必填，${RESOURCE_KINDS.map((k) => RESOURCE_KIND_LABELS[k]).join("、")}之一`, "专业服务"),
    col("可服务次数", "必填，不小于 1 的整数", 3),
    col("服务半径（公里）", "选填，不小于 0 的数字", 3, 16),
    col("开始日期", DATE_RULE, "2026-03-01"),
    col("结束日期", `${DATE_RULE}；不早于开始日期`, "2026-12-31"),
  ],
  units: [
    col("编号", ID_RULE, ""),
    col("名称", "必填", "区人民医院", 24),
    col("类型", `必填，${UNIT_KINDS.join("、")}之一`, "医院"),
    col("所属街道", "必填，须为平台中已有街道的名称", "东城街道"),
    col("地址", "选填", "东城路 1 号", 28),
    col("纬度", "必填，-90 到 90 的数字", 39.9),
    col("经度", "必填，-180 到 180 的数字", 116.4),
    col("联络员", "选填，单位联络员账号的姓名", "张敏"),
    col("联络员电话", "选填", "13800000000"),
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
];

export const KIND_LABELS: Record<ExchangeKind, string> = {
  needs: "需求",
  resources: "资源",
  units: "驻区单位",
  projects: "项目",
};
