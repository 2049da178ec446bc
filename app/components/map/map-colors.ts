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

/**
 * Open needs → a grid marker's fill, light to dark: grey for none, then orange to deep red. Four
 * steps, not a continuous ramp, so the legend can name each and neighbours are told apart.
 */
export const OPEN_NEED_STEPS = [
  { from: 0, color: "#d5dbe1", label: "0 条" },
  { from: 1, color: "#fdc48b", label: "1–2 条" },
  { from: 3, color: "#f07b3f", label: "3–5 条" },
  { from: 6, color: "#b2182b", label: "6 条及以上" },
] as const;

/** The step's colour (a loop, not findLast: older office browsers lack it). */
export function openNeedsColor(openNeeds: number): string {
  let color: string = OPEN_NEED_STEPS[0].color;
  for (const step of OPEN_NEED_STEPS) if (openNeeds >= step.from) color = step.color;
  return color;
}

/** Leaflet layers' names, shared by the layer control and the legend. */
export const LAYER_NAMES = {
  communities: "社区（党群服务中心）",
  unreached: "未覆盖社区（红圈）",
  fifteen: "15 分钟服务圈（1.5 km）",
  resources: "资源服务半径",
  grids: "网格（按征集中的需求着色）",
  unit: (kind: string) => `驻区单位 · ${kind}`,
} as const;
