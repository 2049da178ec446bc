import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { MeetingList } from "~/components/meeting-list";
import { MeetingOverduePanel } from "~/components/meeting-overdue";
import { meetingOverdue } from "~/models/meeting-overdue.server";
import { listMeetings } from "~/models/meetings.server";
import { requireRole } from "~/utils/auth.server";

export const meta: MetaFunction = () => [{ title: "联席会议 · 共驻共建" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, "community", "unit", "street", "district");
  return { ...listMeetings(actor), overdue: meetingOverdue(actor) };
}

export default function Meetings() {
  const { upcoming, past, canSchedule, overdue } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-head">
        <h1>联席会议</h1>
        {canSchedule ? (
          <Link to="/meetings/new" className="button">
            安排会议
          </Link>
        ) : null}
      </div>
      {overdue ? <MeetingOverduePanel intervalDays={overdue.intervalDays} communities={overdue.communities} /> : null}
      <h2>即将召开（{upcoming.length}）</h2>
      <MeetingList meetings={upcoming} empty="暂无已安排的会议。" />
      <h2>往期会议</h2>
      <MeetingList meetings={past} empty="还没有召开过联席会议。" />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
