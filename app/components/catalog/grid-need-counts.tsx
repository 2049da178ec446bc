import { AppLink } from "~/components/ui/app-link";
import type { GridNeedCounts } from "~/models/platform/grids.server";

/** A community's open needs per grid, each a link to that grid's open needs (decision 038). */
export function GridNeedCountsCard({ counts }: { counts: GridNeedCounts }) {
  if (counts.grids.length === 0) return null;
  return (
    <section className="card" aria-labelledby="grid-need-counts">
      <h2 id="grid-need-counts">各网格征集中的需求</h2>
      <ul className="grid-counts">
        {counts.grids.map((grid) => (
          <li key={grid.id}>
            <AppLink to={`/needs?gridId=${grid.id}&status=open`}>
              {grid.name}：<strong>{grid.open}</strong> 条
            </AppLink>
          </li>
        ))}
        {counts.withoutGrid > 0 ? <li className="muted">未指定网格：{counts.withoutGrid} 条</li> : null}
      </ul>
    </section>
  );
}
