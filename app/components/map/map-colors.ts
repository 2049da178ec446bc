import type { UnitKind } from "#domain/vocabulary";

/** One colour per unit kind, told apart on a plain background and on a street map alike. */
export const UNIT_KIND_COLORS: Record<UnitKind, string> = {
  机关: "#1f4e9c",
  事业单位: "#16808f",
  国有企业: "#7b3fa0",
  非公企业: "#b86e00",
  社会组织: "#3a7d2c",
  学校: "#0b6fc4",
  医院: "#c2185b",
  其他: "#5f6b76",
};

export const MAP_COLORS = {
  community: "#c8102e",
  unreached: "#e00000",
  fifteen: "#c8102e",
} as const;

/** Leaflet layers' names, shared by the layer control and the legend. */
export const LAYER_NAMES = {
  communities: "社区（党群服务中心）",
  unreached: "未覆盖社区（红圈）",
  fifteen: "15 分钟服务圈（1.5 km）",
  resources: "资源服务半径",
  unit: (kind: string) => `驻区单位 · ${kind}`,
} as const;
