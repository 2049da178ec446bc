import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AdminTable } from "~/components/platform/admin-table";
import { AppLink } from "~/components/ui/app-link";
import { communityNetwork, type CommunityNetwork } from "~/models/platform/network.server";
import { requireRole } from "~/utils/auth.server";
import { COMMUNITY_ONLY } from "~/utils/permissions";

export const meta: MetaFunction = () => [{ title: "四级网络 · 共驻共建" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, COMMUNITY_ONLY);
  return communityNetwork(actor);
}

const dash = (text: string) => text || "—";

type NetworkGrid = CommunityNetwork["grids"][number];
type NetworkBuilding = NetworkGrid["buildings"][number];

/** A building's households in its row: the community's own staff read them, phone included. */
function Households({ building }: { building: NetworkBuilding }) {
  if (building.partyHouseholds.length === 0) return <span className="muted">—</span>;
  return (
    <ul style={{ margin: 0, paddingLeft: "1.1em" }}>
      {building.partyHouseholds.map((h) => (
        <li key={h.id}>
          {h.memberName}
          {h.room ? ` · ${h.room}` : ""} · 联系 {h.linkedHouseholds} 户{h.phone ? ` · ${h.phone}` : ""}
        </li>
      ))}
    </ul>
  );
}

function GridSection({ grid }: { grid: NetworkGrid }) {
  return (
    <section className="card" aria-labelledby={`network-grid-${grid.id}`}>
      <h2 id={`network-grid-${grid.id}`}>{grid.name}</h2>
      <dl className="details">
        <dt>网格长</dt>
        <dd>{dash(grid.leaderName)}</dd>
        <dt>网格党支部</dt>
        <dd>{dash(grid.branchName)}</dd>
        <dt>支部书记</dt>
        <dd>{dash(grid.secretaryName)}</dd>
        <dt>网格范围</dt>
        <dd>{dash(grid.area)}</dd>
        <dt>征集中的需求</dt>
        <dd>
          <AppLink to={`/needs?gridId=${grid.id}&status=open`}>{grid.open} 条</AppLink>
          {grid.openWithoutBuilding > 0 ? `（其中未指定楼栋 ${grid.openWithoutBuilding} 条）` : null}
        </dd>
        <dt>在此服务的在职党员</dt>
        <dd data-testid={`grid-members-${grid.id}`}>{grid.members} 名</dd>
      </dl>
      <AdminTable
        columns={["楼栋", "楼栋党小组长", "住户数", "征集中的需求", "党员中心户"]}
        emptyText={grid.buildings.length === 0 ? "还没有楼栋。" : null}
      >
        {grid.buildings.map((building) => (
          <tr key={building.id}>
            <td>
              <AppLink to={`/grids/${grid.id}/buildings/${building.id}`}>{building.name}</AppLink>
            </td>
            <td>{dash(building.groupLeaderName)}</td>
            <td className="num">{building.households}</td>
            <td className="num">{building.open}</td>
            <td>
              <Households building={building} />
            </td>
          </tr>
        ))}
      </AdminTable>
    </section>
  );
}

export default function Network() {
  const { community, totals, grids, openWithoutGrid, membersWithoutGrid } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-head">
        <h1>{community.name}的四级网络</h1>
        <AppLink to="/grids">维护网格和楼栋</AppLink>
      </div>
      <p className="muted">
        社区党组织 → 网格党支部 → 楼栋党小组 →
        党员中心户。需求数为“征集中”的需求；党员中心户的姓名、门牌和电话只有本社区工作人员能看到。
      </p>
      {/* The summary first: how big the network is and how much is waiting in it. */}
      <div className="stats" aria-label="网络概况">
        <div className="stat">
          <b>{totals.grids}</b>网格
        </div>
        <div className="stat">
          <b>{totals.buildings}</b>楼栋
        </div>
        <div className="stat">
          <b>{totals.households}</b>党员中心户
        </div>
        <AppLink to="/needs?status=open" className="stat">
          <b>{totals.open}</b>征集中的需求
        </AppLink>
        <AppLink to="/members?status=reported" className="stat">
          <b>{totals.members}</b>报到的在职党员
        </AppLink>
      </div>
      <section className="card" aria-labelledby="network-community">
        <h2 id="network-community">社区党组织：{community.name}</h2>
        <p>
          {grids.length === 0 ? (
            <>
              还没有网格，请在“<AppLink to="/grids">网格</AppLink>”页新增。
            </>
          ) : (
            `下设 ${grids.length} 个网格。`
          )}
          未指定网格的征集中需求：{openWithoutGrid} 条；未分到网格的报到党员：{membersWithoutGrid} 名。
        </p>
      </section>
      {grids.map((grid) => (
        <GridSection key={grid.id} grid={grid} />
      ))}
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
