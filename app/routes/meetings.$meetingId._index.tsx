import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { AppLink } from "~/components/ui/app-link";
import { AgendaList, type MeetingActionData } from "~/components/meetings/meeting-agenda";
import { MeetingActions, MeetingRecord, PublicationLinks } from "~/components/meetings/meeting-record";
import { decideMeetingItem } from "~/models/meetings/meeting-decisions.server";
import {
  cancelMeeting,
  markMeetingHeld,
  meetingPage,
  refreshAgenda,
  saveMeetingRecord,
} from "~/models/meetings/meetings.server";
import { publishMeeting } from "~/models/meetings/publication.server";
import { parseId } from "~/schemas/common";
import { decideItemSchema, meetingIntentSchema, meetingRecordSchema } from "~/schemas/meeting";
import { MEETING_STATUS_LABELS } from "~/schemas/project-labels";
import { requireParamId, requireRole } from "~/utils/auth.server";
import { PARTICIPANT_ROLES, ORGANISER_ROLES } from "~/utils/permissions";
import { chinaDateTime, localWallClock } from "~/utils/china-time";
import { refusalData, type Refusal } from "~/utils/domain-result.server";
import { readForm } from "~/utils/read-form.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.meeting.title ?? "联席会议"} · 共驻共建` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRole(request, PARTICIPANT_ROLES);
  return meetingPage(actor, requireParamId(params, "meetingId", "会议编号有误"));
}

const DONE: Record<string, string> = {
  decide: "decided",
  record: "recorded",
  held: "held",
  refresh: "refreshed",
  publish: "published",
};

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireRole(request, ORGANISER_ROLES);
  const id = requireParamId(params, "meetingId", "会议编号有误");
  const form = Object.fromEntries(await readForm(request));
  const intent = meetingIntentSchema.safeParse(form);
  if (!intent.success)
    return data<MeetingActionData>({ intent: "unknown", formError: "无法识别的操作" }, { status: 400 });
  const refuse = (body: Omit<MeetingActionData, "intent">, status = 400) =>
    data<MeetingActionData>({ intent: intent.data.intent, ...body }, { status });
  const refused = (result: Refusal, more: Omit<MeetingActionData, "intent"> = {}) =>
    refusalData(result, { intent: intent.data.intent, ...more });
  switch (intent.data.intent) {
    case "decide": {
      const parsed = decideItemSchema.safeParse(form);
      const note = typeof form.note === "string" ? form.note : "";
      const itemId = parseId(typeof form.itemId === "string" ? form.itemId : undefined) ?? undefined;
      if (!parsed.success)
        return refuse({
          itemId,
          note,
          fieldErrors: parsed.error.flatten().fieldErrors,
          formError: parsed.error.flatten().fieldErrors.decision?.[0],
        });
      const result = decideMeetingItem(actor, id, parsed.data);
      if (!result.ok) return refused(result, { itemId, note });
      throw redirect(`/meetings/${id}?done=decided#item-${parsed.data.itemId}`);
    }
    case "record": {
      const parsed = meetingRecordSchema.safeParse(form);
      if (!parsed.success) return refuse({ fieldErrors: parsed.error.flatten().fieldErrors });
      const result = saveMeetingRecord(actor, id, parsed.data);
      if (!result.ok) return refused(result);
      break;
    }
    default: {
      const change = { held: markMeetingHeld, refresh: refreshAgenda, publish: publishMeeting, cancel: cancelMeeting }[
        intent.data.intent
      ];
      const result = change(actor, id);
      if (!result.ok) return refused(result);
      if (intent.data.intent === "cancel") throw redirect("/meetings");
    }
  }
  throw redirect(`/meetings/${id}?done=${DONE[intent.data.intent]}`);
}

const DONE_MESSAGES: Record<string, string> = {
  decided: "决定已记录。",
  recorded: "出席人员与会议纪要已保存。",
  held: "会议已标记为已召开。",
  refreshed: "议程已刷新。",
  published: "会议决定已通报，公示页面已生成。",
};

export default function MeetingPage() {
  const { meeting, items, pendingCount, waitsFor, can } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const done =
    DONE_MESSAGES[params.get("done") ?? ""] ??
    (params.get("scheduled") ? "会议已安排，议程已生成，相关单位和社区已收到通知。" : null);
  return (
    <>
      {done && !result ? <p className="notice">{done}</p> : null}
      <div className="page-head">
        <h1>{meeting.title}</h1>
        <AppLink to="/meetings">返回会议列表</AppLink>
      </div>
      <section className="card">
        <div className="meta">
          <span className={`badge meeting-${meeting.status}`}>{MEETING_STATUS_LABELS[meeting.status]}</span>
          <span>
            议题 {items.length} 项{pendingCount > 0 ? `，待议 ${pendingCount} 项` : ""}
          </span>
        </div>
        <dl className="details">
          <dt>召集</dt>
          <dd>
            {meeting.communityName
              ? `${meeting.streetName} · ${meeting.communityName}`
              : `${meeting.streetName}（覆盖本街道所有社区）`}
          </dd>
          <dt>时间</dt>
          <dd>{localWallClock(meeting.scheduledAt)}</dd>
          <dt>地点</dt>
          <dd>{meeting.place}</dd>
          <dt>邀请单位</dt>
          <dd>{meeting.invitedUnits.map((u) => u.name).join("、") || "—"}</dd>
          {meeting.publishedAt ? (
            <>
              <dt>通报时间</dt>
              <dd>{chinaDateTime(meeting.publishedAt)}</dd>
            </>
          ) : null}
        </dl>
      </section>
      {meeting.status === "published" && meeting.publicSlug ? (
        <PublicationLinks meetingId={meeting.id} slug={meeting.publicSlug} />
      ) : null}
      {waitsFor && meeting.status === "scheduled" ? (
        <p className="muted" data-testid="meeting-waits">
          会议定于{waitsFor}召开：召开当天起才能标记已召开、审议议题和发布通报。
        </p>
      ) : null}
      <MeetingActions can={can} pendingCount={pendingCount} result={result} />
      <h2>议程</h2>
      <AgendaList items={items} canDecide={can.decide} result={result} />
      <MeetingRecord
        attendees={meeting.attendees}
        minutes={meeting.minutes}
        editable={can.editRecord}
        result={result}
      />
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
