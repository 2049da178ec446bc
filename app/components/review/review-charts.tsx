import type { EChartsCoreOption } from "echarts/core";
import type { Grade } from "#domain/vocabulary";
import type { CommunityReviewRow, StreetReviewRow, UnitReviewRow } from "~/models/review/review-types";
import { GRADE_LABELS } from "~/schemas/evaluation-labels";
import type { Page } from "~/models/platform/pagination";
import { formatNumber, formatShare } from "~/schemas/review";
import { chartRows, type Ranking } from "~/schemas/review-pages";
import { EChart, type ChartData } from "~/components/ui/echart";

const COLORS = ["#c62828", "#1565c0", "#2e7d32", "#ef6c00"];
const GRADE_COLORS: Record<Grade, string> = {
  good: "#2e7d32",
  fairly_good: "#1565c0",
  average: "#ef6c00",
  poor: "#c62828",
};

/** Horizontal bars: long Chinese names read well at 375 px, and many rows just make the chart taller. */
function barOption(
  names: string[],
  series: { name: string; values: number[]; axis?: 0 | 1 }[],
  axes: string[],
): EChartsCoreOption {
  return {
    aria: { enabled: true },
    color: COLORS,
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    legend: { top: 0 },
    grid: { left: 8, right: 24, top: axes.length > 1 ? 56 : 32, bottom: 8 },
    xAxis: axes.map((name, i) => ({
      type: "value",
      name,
      nameLocation: "end",
      position: i === 0 ? "bottom" : "top",
      minInterval: 1,
      splitLine: { show: i === 0 },
    })),
    // ECharts draws the first category at the bottom; reversed, the chart reads top-down like the table.
    yAxis: { type: "category", data: names, inverse: true, axisLabel: { width: 96, overflow: "truncate" } },
    series: series.map((s) => ({
      type: "bar",
      name: s.name,
      data: s.values,
      xAxisIndex: s.axis ?? 0,
      barMaxWidth: 18,
    })),
  };
}

const barHeight = (rows: number, seriesCount: number) => Math.max(220, rows * (12 + 14 * seriesCount) + 90);

function DataTable({ headers, rows }: { headers: string[]; rows: (string | number)[][] }) {
  return (
    <table className="data">
      <thead>
        <tr>
          {headers.map((h, i) => (
            <th key={h} className={i > 0 ? "num" : undefined}>
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={String(r[0])}>
            {r.map((cell, i) => (
              <td key={i} className={i > 0 ? "num" : undefined}>
                {cell}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const matchedCount = (c: CommunityReviewRow) => Math.round((c.matchedShare ?? 0) * c.needsPosted);

/**
 * A chart of many rows reads badly: it draws the top of the table's current order and says so
 * when that is fewer than all. While the table shows its first page, those rows are in it, and the
 * chart points there instead of printing them again; on a later page it keeps its own table.
 */
function limited<T>(
  ranking: Page<T> & Ranking<T>,
  caption: string,
  noun: string,
  table: { tableId: string; tableName: string },
) {
  const shown = chartRows(ranking);
  return {
    shown,
    caption:
      ranking.total > shown.length
        ? `${caption}（按下表当前排序的前 ${shown.length} ${noun}，共 ${ranking.total} ${noun}）`
        : caption,
    data: (own: () => ChartData): ChartData =>
      ranking.top === null ? { rowsOf: { ...table, rows: shown.length } } : own(),
  };
}
/** In the district's view a row's street goes on a second line of the axis label. */
const axisName = (name: string, streetName: string, withStreet: boolean) =>
  withStreet ? `${name}\n${streetName}` : name;
const tableName = (name: string, streetName: string, withStreet: boolean) =>
  withStreet ? `${name}（${streetName}）` : name;

export function CommunityChart({
  ranking,
  withStreet,
}: {
  ranking: Page<CommunityReviewRow> & Ranking<CommunityReviewRow>;
  withStreet: boolean;
}) {
  const { shown, caption, data } = limited(ranking, "各社区发布需求与已匹配需求（条）", "个", {
    tableId: "ranking-communities",
    tableName: "社区排名表",
  });
  const option = barOption(
    shown.map((c) => axisName(c.communityName, c.streetName, withStreet)),
    [
      { name: "发布需求", values: shown.map((c) => c.needsPosted) },
      { name: "已匹配", values: shown.map(matchedCount) },
    ],
    ["条"],
  );
  return (
    <EChart
      testId="chart-communities"
      caption={caption}
      option={option}
      height={barHeight(shown.length, 2)}
      data={data(() => ({
        table: (
          <DataTable
            headers={["社区", "发布需求", "已匹配", "匹配率"]}
            rows={shown.map((c) => [
              tableName(c.communityName, c.streetName, withStreet),
              c.needsPosted,
              matchedCount(c),
              formatShare(c.matchedShare),
            ])}
          />
        ),
      }))}
    />
  );
}

export function UnitChart({
  ranking,
  withStreet,
}: {
  ranking: Page<UnitReviewRow> & Ranking<UnitReviewRow>;
  withStreet: boolean;
}) {
  const { shown, caption, data } = limited(ranking, "各驻区单位经确认的共建活动次数与服务时长", "家", {
    tableId: "ranking-units",
    tableName: "驻区单位排名表",
  });
  const option = barOption(
    shown.map((u) => axisName(u.unitName, u.streetName, withStreet)),
    [
      { name: "确认活动（次）", values: shown.map((u) => u.confirmedActivities) },
      { name: "服务时长（小时）", values: shown.map((u) => u.hours), axis: 1 },
    ],
    ["次", "小时"],
  );
  return (
    <EChart
      testId="chart-units"
      caption={caption}
      option={option}
      height={barHeight(shown.length, 2)}
      data={data(() => ({
        table: (
          <DataTable
            headers={["单位", "确认活动（次）", "服务时长（小时）"]}
            rows={shown.map((u) => [
              tableName(u.unitName, u.streetName, withStreet),
              u.confirmedActivities,
              formatNumber(u.hours, 1),
            ])}
          />
        ),
      }))}
    />
  );
}

export function StreetChart({ ranking }: { ranking: Page<StreetReviewRow> & Ranking<StreetReviewRow> }) {
  const {
    shown: streets,
    caption,
    data,
  } = limited(ranking, "各街道发布需求、已匹配需求与经确认的共建活动", "个", {
    tableId: "ranking-streets",
    tableName: "各街道比较表",
  });
  const matched = (s: StreetReviewRow) => Math.round((s.matchedShare ?? 0) * s.needsPosted);
  const option = barOption(
    streets.map((s) => s.streetName),
    [
      { name: "发布需求", values: streets.map((s) => s.needsPosted) },
      { name: "已匹配", values: streets.map(matched) },
      { name: "确认活动", values: streets.map((s) => s.confirmedActivities) },
    ],
    ["条/次"],
  );
  return (
    <EChart
      testId="chart-streets"
      caption={caption}
      option={option}
      height={barHeight(streets.length, 3)}
      data={data(() => ({
        table: (
          <DataTable
            headers={["街道", "发布需求", "已匹配", "确认活动"]}
            rows={streets.map((s) => [s.streetName, s.needsPosted, matched(s), s.confirmedActivities])}
          />
        ),
      }))}
    />
  );
}

export function GradeChart({ grades }: { grades: { grade: Grade; n: number }[] }) {
  const option: EChartsCoreOption = {
    aria: { enabled: true },
    tooltip: { trigger: "item", formatter: "{b}：{c} 家（{d}%）" },
    legend: { bottom: 0 },
    series: [
      {
        type: "pie",
        radius: ["35%", "65%"],
        center: ["50%", "45%"],
        label: { formatter: "{b}\n{c} 家" },
        data: grades.map((g) => ({
          name: GRADE_LABELS[g.grade],
          value: g.n,
          itemStyle: { color: GRADE_COLORS[g.grade] },
        })),
      },
    ],
  };
  return (
    <EChart
      testId="chart-grades"
      caption="评议等次分布（已审核的评议意见，按单位计）"
      option={option}
      height={280}
      data={{
        table: <DataTable headers={["等次", "单位数"]} rows={grades.map((g) => [GRADE_LABELS[g.grade], g.n])} />,
      }}
    />
  );
}
