import { Form, useNavigation } from "@remix-run/react";
import type { MeetingActionData } from "./meeting-agenda";
import { AppLink } from "~/components/ui/app-link";

/** Attendees and minutes: a form for the convener until published, plain text for everyone else. */
export function MeetingRecord({
  attendees,
  minutes,
  editable,
  result,
}: {
  attendees: string;
  minutes: string;
  editable: boolean;
  result?: MeetingActionData;
}) {
  const navigation = useNavigation();
  if (!editable) {
    return (
      <section className="card" aria-labelledby="record-title">
        <h2 id="record-title" style={{ marginTop: 0 }}>
          出席人员与会议纪要
        </h2>
        <h3 className="meeting-small-head">出席人员</h3>
        <p className="meeting-pre">{attendees || "（未记录）"}</p>
        <h3 className="meeting-small-head">会议纪要</h3>
        <p className="meeting-pre">{minutes || "（未记录）"}</p>
      </section>
    );
  }
  const mine = result?.intent === "record" ? result : undefined;
  const fieldError = (name: string) => mine?.fieldErrors?.[name]?.[0];
  return (
    <Form method="post" preventScrollReset className="card form" aria-labelledby="record-title">
      <h2 id="record-title" style={{ margin: 0 }}>
        出席人员与会议纪要
      </h2>
      <input type="hidden" name="intent" value="record" />
      {mine?.formError ? (
        <p className="form-error" role="alert">
          {mine.formError}
        </p>
      ) : null}
      {(["attendees", "minutes"] as const).map((name) => (
        <div className="field" key={name}>
          <label htmlFor={`meeting-${name}`}>{name === "attendees" ? "出席人员" : "会议纪要"}</label>
          <textarea
            id={`meeting-${name}`}
            name={name}
            rows={name === "attendees" ? 3 : 8}
            defaultValue={name === "attendees" ? attendees : minutes}
            placeholder={
              name === "attendees"
                ? "如：街道党工委副书记、幸福里社区党委书记、区人民医院党委委员……"
                : "会议讨论的主要内容和决定"
            }
            aria-invalid={fieldError(name) ? true : undefined}
          />
          {fieldError(name) ? (
            <p className="field-error" role="alert">
              {fieldError(name)}
            </p>
          ) : null}
        </div>
      ))}
      <div className="form-actions">
        <button type="submit" className="secondary" disabled={navigation.state !== "idle"}>
          保存记录
        </button>
      </div>
    </Form>
  );
}

interface MeetingCan {
  markHeld: boolean;
  refresh: boolean;
  cancel: boolean;
  publish: boolean;
}

/** The meeting's next steps, each a form the server checks again. */
export function MeetingActions({
  can,
  pendingCount,
  result,
}: {
  can: MeetingCan;
  pendingCount: number;
  result?: MeetingActionData;
}) {
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const error = result && result.intent !== "decide" && result.intent !== "record" ? result.formError : undefined;
  if (!can.markHeld && !can.refresh && !can.cancel && !can.publish) return null;
  const button = (intent: string, label: string, className: string, confirmText?: string) => (
    <Form
      method="post"
      preventScrollReset
      onSubmit={(e) => {
        if (confirmText && !confirm(confirmText)) e.preventDefault();
      }}
    >
      <button type="submit" name="intent" value={intent} className={className} disabled={busy}>
        {label}
      </button>
    </Form>
  );
  return (
    <section className="card" aria-label="会议操作">
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="form-actions">
        {can.refresh ? button("refresh", "刷新议程", "secondary") : null}
        {can.markHeld ? button("held", "标记为已召开", "primary", "确定会议已经召开了吗？") : null}
        {can.publish && pendingCount === 0
          ? button("publish", "发布通报", "primary", "发布后将生成公开的公示页面，所有决定不能再修改。确定发布吗？")
          : null}
        {can.cancel ? button("cancel", "取消会议", "danger", "确定取消这次会议吗？议题将释放给以后的会议。") : null}
      </div>
      {can.refresh ? (
        <p className="muted meeting-small">刷新议程：加入新的待审批项目和上报需求，已作出决定的议题保持不变。</p>
      ) : null}
      {can.publish && pendingCount > 0 ? (
        <p className="muted meeting-small">还有 {pendingCount} 个议题待议，全部作出决定后才能发布通报。</p>
      ) : null}
    </section>
  );
}

export function PublicationLinks({ meetingId, slug }: { meetingId: number; slug: string }) {
  return (
    <section className="card meeting-notice" aria-label="公示">
      <p>
        会议决定已通报，公示页面（无需登录）：<AppLink to={`/p/${slug}`}>{`/p/${slug}`}</AppLink>
      </p>
      <p>
        <AppLink to={`/meetings/${meetingId}/qr`} className="button secondary">
          打印公示二维码
        </AppLink>
      </p>
    </section>
  );
}
