/**
 * The parts of ECharts the dashboard draws with, registered once. Loaded only in the browser, by a
 * dynamic import from echart.tsx, so neither the server nor pages without charts carry ECharts, and
 * only these parts of it are bundled.
 */
import { BarChart, PieChart } from "echarts/charts";
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import { init, use as register } from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";

register([BarChart, PieChart, AriaComponent, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export { init };
