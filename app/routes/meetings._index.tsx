import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/ui/app-link";
import { Pager } from "~/components/ui/list-controls";
import { MeetingList } from "~/components/meetings/meeting-list";
import { MeetingOverduePanel } from "~/components/meetings/meeting-overdue";
import { meetingOverdue } from "~/models/meetings/meeting-overdue.server";
import { listMeetings } from "~/models/meetings/meetings.server";
import { requireRole } from "~/utils/auth.server";
import { PARTICIPANT_ROLES } from "~/utils/permissions";

export const meta: MetaFunction = () => [{ title: "联席会议 · 共驻共建" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, PARTICIPANT_ROLES);
  const search = new URL(request.url).searchParams;
  const page = (name: string) => Number(search.get(name)) || undefined;
  return { ...listMeetings(actor, { upcoming: page("upage"), past: page("page") }), overdue: meetingOverdue(actor) };
}

export default function Meetings() {
  const { upcoming, past, canSchedule, overdue } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-head">
        <h1>联席会议</h1>
        {canSchedule ? (
          <AppLink to="/meetings/new" className="button">
            安排会议
          </AppLink>
        ) : null}
      </div>
      {overdue ? <MeetingOverduePanel intervalDays={overdue.intervalDays} communities={overdue.communities} /> : null}
      <section id="upcoming" aria-label="即将召开">
        <h2>即将召开（{upcoming.total}）</h2>
        <MeetingList meetings={upcoming.items} empty="暂无已安排的会议。" />
        {upcoming.pageCount > 1 ? (
          <Pager
            page={upcoming.page}
            pageCount={upcoming.pageCount}
            total={upcoming.total}
            param="upage"
            label="即将召开分页"
            anchor="upcoming"
          />
        ) : null}
      </section>
      <section id="past" aria-label="往期会议">
        <h2>往期会议（{past.total}）</h2>
        <MeetingList meetings={past.items} empty="还没有召开过联席会议。" />
        {past.pageCount > 1 ? (
          <Pager page={past.page} pageCount={past.pageCount} total={past.total} label="往期会议分页" anchor="past" />
        ) : null}
      </section>
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
