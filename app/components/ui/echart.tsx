import type { EChartsCoreOption, EChartsType } from "echarts/core";
import { useEffect, useRef, useState, type ReactNode } from "react";

/**
 * Where a chart's figures can be read without the chart: its own table, or, when the chart draws
 * the first rows of a ranking table on the same page, that table (so they are not printed twice).
 */
export type ChartData = { table: ReactNode } | { rowsOf: { tableId: string; tableName: string; rows: number } };

/**
 * One ECharts chart, drawn in the browser only: ECharts is imported when the chart mounts,
 * disposed when it unmounts and resized with the window. The figure's caption names the chart for
 * screen readers, and its data is the fallback: its own table, shown open when JavaScript does not
 * run and folded under the chart once it does, or a pointer to the ranking table that holds it.
 */
export function EChart({
  testId,
  caption,
  option,
  height,
  data,
}: {
  testId: string;
  caption: string;
  option: EChartsCoreOption;
  height: number;
  data: ChartData;
}) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);
  const [scripted, setScripted] = useState(false);
  const [failed, setFailed] = useState(false);
  // Functions in an option (formatters) are not data: the JSON is what decides a redraw.
  const optionKey = JSON.stringify(option);
  const latest = useRef(option);
  latest.current = option;

  useEffect(() => setScripted(true), []);

  useEffect(() => {
    if (!scripted) return;
    let disposed = false;
    const resize = () => chart.current?.resize();
    const observer = typeof ResizeObserver === "undefined" ? null : new ResizeObserver(resize);
    import("./echart-modules.client")
      .then(({ init }) => {
        if (disposed || !container.current) return;
        chart.current = init(container.current, undefined, { renderer: "canvas" });
        chart.current.setOption(latest.current);
        observer?.observe(container.current);
      })
      .catch(() => setFailed(true));
    window.addEventListener("resize", resize);
    return () => {
      disposed = true;
      window.removeEventListener("resize", resize);
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, [scripted]);

  useEffect(() => {
    chart.current?.setOption(latest.current, { notMerge: true });
  }, [optionKey]);

  const drawn = scripted && !failed;
  return (
    <figure className="review-chart">
      <figcaption id={`${testId}-caption`}>{caption}</figcaption>
      <div
        ref={container}
        data-testid={testId}
        role="img"
        aria-labelledby={`${testId}-caption`}
        className="review-chart-canvas"
        style={{ height: drawn ? height : 0 }}
      />
      {"table" in data ? (
        <details className="review-chart-data" open={!drawn}>
          <summary>{drawn ? "查看图表数据" : "图表数据"}</summary>
          <div className="table-wrap">{data.table}</div>
        </details>
      ) : (
        <p className="review-chart-data muted">
          图表数据即下方<a href={`#${data.rowsOf.tableId}`}>{data.rowsOf.tableName}</a>的前 {data.rowsOf.rows} 行。
        </p>
      )}
    </figure>
  );
}
