import type { Publication } from "~/models/meetings/publication.server";
import { FORM_LABELS } from "~/schemas/project-labels";
import { chinaDate } from "~/utils/china-time";

/**
 * A publication text's first line is its heading when it reads like one (the street's form starts
 * from the project's title on the first line); otherwise the project is headed by its community.
 */
function splitText(text: string | null, communityName: string) {
  const fallback = `${communityName}共建项目`;
  if (text === null) return { heading: fallback, body: "" };
  const [first = "", ...rest] = text.split("\n");
  if (rest.length > 0 && first.trim().length > 0 && first.length <= 60)
    return { heading: first.trim(), body: rest.join("\n").trim() };
  return { heading: fallback, body: text };
}

type PublishedProjectView = Publication["approved"][number];

/** One approved project as the public page prints it (and as the street previews it before approving). */
export function PublishedProject({ project: p }: { project: PublishedProjectView }) {
  const { heading, body } = splitText(p.text, p.communityName);
  return (
    <li data-testid="published-project">
      <h3>{heading}</h3>
      {body ? <p className="meeting-pre">{body}</p> : null}
      {p.text === null ? <p className="muted">（本项目的公示文本待街道审定）</p> : null}
      <dl className="details">
        <dt>社区</dt>
        <dd>{p.communityName}</dd>
        <dt>共建单位</dt>
        <dd>{p.units.join("、") || "—"}</dd>
        <dt>共建形式</dt>
        <dd>{p.forms.map((f) => FORM_LABELS[f]).join("、") || "—"}</dd>
        <dt>实施时间</dt>
        <dd>{p.startDate || p.endDate ? `${p.startDate ?? "—"} 至 ${p.endDate ?? "—"}` : "待定"}</dd>
      </dl>
    </li>
  );
}

/**
 * The public notice of a meeting's decisions: per approved project the publication text the street
 * approved and facts nobody typed freely (community, units, forms, dates); nobody's personal data.
 */
export function PublicationNotice({ publication }: { publication: Publication }) {
  const { meeting, approved, issuer } = publication;
  return (
    <article className="publication card">
      <p className="publication-issuer">{issuer} · 通报</p>
      <h1>{meeting.title}决定公示</h1>
      <dl className="details">
        <dt>会议日期</dt>
        <dd>{meeting.date}</dd>
        <dt>所属街道</dt>
        <dd>{meeting.streetName}</dd>
        {meeting.communityName ? (
          <>
            <dt>召集社区</dt>
            <dd>{meeting.communityName}</dd>
          </>
        ) : null}
        <dt>公示日期</dt>
        <dd>{meeting.publishedAt ? chinaDate(meeting.publishedAt) : "—"}</dd>
      </dl>
      <h2>审议通过的共建项目（{approved.length} 项）</h2>
      {approved.length === 0 ? (
        <p className="muted">本次会议没有审议通过的项目。</p>
      ) : (
        <ol className="publication-projects">
          {approved.map((p, i) => (
            <PublishedProject key={i} project={p} />
          ))}
        </ol>
      )}
      <h2>其他审议结果</h2>
      <p>
        未通过 {publication.rejectedCount} 项，暂缓审议 {publication.deferredCount} 项
        {publication.coordinatedCount > 0 ? `；议定街道协调事项 ${publication.coordinatedCount} 项` : ""}。
      </p>
      <p className="muted meeting-small">
        本公示不含居民个人信息。对公示内容有意见建议的，请向{meeting.streetName}党工委反映。
      </p>
    </article>
  );
}
