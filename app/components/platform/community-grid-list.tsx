import type { ReactNode } from "react";
import type { CommunityGrid } from "~/models/platform/grids.server";
import { AdminTable } from "./admin-table";

const dash = (text: string) => text || "—";

/** A community's grids: on the community's own grid page (with `actions`) and on its admin page. */
export function GridTable({
  grids,
  emptyText,
  actions,
}: {
  grids: CommunityGrid[];
  emptyText: string;
  actions?: (grid: CommunityGrid) => ReactNode;
}) {
  return (
    <AdminTable
      columns={["网格", "范围", "网格长", "网格党支部", "支部书记", "楼栋", ...(actions ? ["操作"] : [])]}
      emptyText={grids.length === 0 ? emptyText : null}
    >
      {grids.map((grid) => (
        <tr key={grid.id}>
          <td>{grid.name}</td>
          <td>{dash(grid.area)}</td>
          <td>{dash(grid.leaderName)}</td>
          <td>{dash(grid.branchName)}</td>
          <td>{dash(grid.secretaryName)}</td>
          <td className="num">{grid.buildingCount}</td>
          {actions ? <td className="actions">{actions(grid)}</td> : null}
        </tr>
      ))}
    </AdminTable>
  );
}

/** A community's grids on its admin page: what the community import brought in. */
export function CommunityGridList({ grids }: { grids: CommunityGrid[] }) {
  return (
    <section aria-labelledby="community-grids">
      <h2 id="community-grids">网格（{grids.length} 个）</h2>
      <p className="muted">
        网格随“导入社区”表中的“网格”一列带入（多个网格用顿号隔开）；再次导入只增加新的网格，不删除已有网格。社区工作人员在“网格”页维护。
      </p>
      <GridTable grids={grids} emptyText="还没有网格" />
    </section>
  );
}
