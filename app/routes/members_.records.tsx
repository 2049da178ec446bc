import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AdminTable } from "~/components/platform/admin-table";
import { YearPicker } from "~/components/service/member-record-view";
import { AppLink } from "~/components/ui/app-link";
import { Pager } from "~/components/ui/list-controls";
import { pageNumber } from "~/models/matching/proposal-lists.server";
import { recordYear, unitMemberRecords } from "~/models/service/member-records.server";
import { MEMBER_STATUS_LABELS } from "~/schemas/member";
import { requireRole } from "~/utils/auth.server";
import { chinaToday } from "~/utils/china-time";
import { UNIT_ONLY } from "~/utils/permissions";

export const meta: MetaFunction = () => [{ title: "党员服务记实 · 共驻共建" }];

/** The unit's members' records of a year, for the annual appraisal (纳入个人年度考核), and their export. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, UNIT_ONLY);
  const url = new URL(request.url);
  const year = recordYear(url.searchParams.get("year"));
  return {
    year,
    thisYear: Number(chinaToday().slice(0, 4)),
    page: unitMemberRecords(actor, year, pageNumber(url.searchParams.get("page"))),
  };
}

export default function UnitMemberRecords() {
  const { year, thisYear, page } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-head">
        <h1>{year} 年党员服务记实</h1>
        <YearPicker year={year} thisYear={thisYear} path="/members/records" />
        {/* A plain link: the browser downloads the workbook instead of Remix navigating to it. */}
        <a href={`/members/records/export?year=${year}`} className="button secondary" download>
          导出 Excel
        </a>
        <AppLink to="/members">返回党员报到</AppLink>
      </div>
      <p className="muted">
        工时以社区确认为准；社区评语由党员报到的社区填写。已调离的党员在本单位期间的服务仍然列出。
      </p>
      <AdminTable
        columns={["姓名", "报到社区", "状态", "认领岗位", "参加活动", "确认工时", "社区评语"]}
        emptyText={page.total === 0 ? "本单位还没有登记在职党员。" : null}
      >
        {page.items.map((m) => (
          <tr key={m.id}>
            <td>
              <AppLink to={`/members/${m.id}?year=${year}`}>{m.name}</AppLink>
            </td>
            <td>{m.communityName}</td>
            <td>{MEMBER_STATUS_LABELS[m.status]}</td>
            <td className="num">{m.posts}</td>
            <td className="num">{m.attended}</td>
            <td className="num">{m.hours}</td>
            <td>{m.comment ?? "—"}</td>
          </tr>
        ))}
      </AdminTable>
      <Pager page={page.page} pageCount={page.pageCount} total={page.total} />
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
