import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { MemberRecordView, YearPicker } from "~/components/service/member-record-view";
import { requireMember } from "~/models/service/member-actor.server";
import { memberRecord, recordYear } from "~/models/service/member-records.server";
import { chinaToday } from "~/utils/china-time";

export const meta: MetaFunction = () => [{ title: "我的服务记实 · 共驻共建" }];

/** The member's own 工作记实 for a year, on their phone. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { actor, member } = await requireMember(request);
  const year = recordYear(new URL(request.url).searchParams.get("year"));
  return { ...memberRecord(actor, member.id, year), year, thisYear: Number(chinaToday().slice(0, 4)) };
}

export default function MemberRecordPage() {
  const { member, service, projectActivities, comment, year, thisYear } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-head">
        <h1>{year} 年服务记实</h1>
        <YearPicker year={year} thisYear={thisYear} path="/member/record" />
      </div>
      <p className="muted">
        {member.unitName} · 报到社区：{member.communityName}。工时以社区确认为准，单位据此纳入个人年度考核。
      </p>
      <MemberRecordView service={service} projectActivities={projectActivities} comment={comment} />
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
