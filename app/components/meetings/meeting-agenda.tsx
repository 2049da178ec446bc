import { Form, useNavigation } from "@remix-run/react";
import type { CobuildingForm, MeetingDecision } from "#domain/vocabulary";
import { AppLink } from "~/components/ui/app-link";
import { FORM_LABELS, MEETING_DECISION_LABELS, PROJECT_STATUS_LABELS } from "~/schemas/project-labels";
import type { AgendaItemView } from "~/models/meetings/meeting-agenda.server";
import { chinaDate, chinaDateTime } from "~/utils/china-time";

/** What the meeting page's action answers when a form could not be applied. */
export interface MeetingActionData {
  intent: string;
  itemId?: number;
  note?: string;
  formError?: string;
  fieldErrors?: Record<string, string[] | undefined>;
}

const DECISION_BADGE: Record<MeetingDecision, string> = {
  pending: "draft",
  approved: "matched",
  rejected: "urgent",
  deferred: "high",
};

export function AgendaList({
  items,
  canDecide,
  result,
}: {
  items: AgendaItemView[];
  canDecide: boolean;
  result?: MeetingActionData;
}) {
  if (items.length === 0) return <p className="card muted">暂无议题：没有待审批的项目草稿，也没有上报街道的需求。</p>;
  return (
    <ol className="item-list agenda">
      {items.map((item, i) => (
        <AgendaItem
          key={item.id}
          item={item}
          number={i + 1}
          canDecide={canDecide}
          result={result?.intent === "decide" && result.itemId === item.id ? result : undefined}
        />
      ))}
    </ol>
  );
}

function AgendaItem({
  item,
  number,
  canDecide,
  result,
}: {
  item: AgendaItemView;
  number: number;
  canDecide: boolean;
  result?: MeetingActionData;
}) {
  const final = item.decision === "approved" || (item.kind === "project" && item.decision === "rejected");
  return (
    <li className="item" id={`item-${item.id}`} data-testid="agenda-item">
      <p className="agenda-kind muted">
        议题 {number} · {item.kind === "project" ? "项目审批" : "上报街道的需求"}
      </p>
      {item.project ? <ProjectSummary project={item.project} /> : null}
      {item.need ? <NeedSummary need={item.need} /> : null}
      <p className="agenda-decision">
        <span className={`badge ${DECISION_BADGE[item.decision]}`}>{MEETING_DECISION_LABELS[item.decision]}</span>
        {item.note ? <span> 说明：{item.note}</span> : null}
        {item.decidedAt ? <small className="muted">（{chinaDateTime(item.decidedAt)}）</small> : null}
      </p>
      {item.project && item.decision === "approved" ? (
        <PublicationTextStatus project={item.project} canDecide={canDecide} />
      ) : null}
      {canDecide && !final ? <DecisionForm item={item} result={result} /> : null}
      {canDecide && item.decision === "approved" ? <p className="muted meeting-small">已通过的决定不能修改。</p> : null}
    </li>
  );
}

function ProjectSummary({ project }: { project: NonNullable<AgendaItemView["project"]> }) {
  return (
    <>
      <h3>
        <AppLink to={`/projects/${project.id}`}>{project.title}</AppLink>
      </h3>
      <div className="meta">
        <span
          className={`badge ${project.status === "draft" ? "draft" : project.status === "cancelled" ? "withdrawn" : "matched"}`}
        >
          {PROJECT_STATUS_LABELS[project.status]}
        </span>
        <span>社区：{project.communityName}</span>
        <span>单位：{project.units.length ? project.units.join("、") : "—"}</span>
        <span>
          形式：
          {project.forms.length ? (
            (project.forms as CobuildingForm[]).map((f) => FORM_LABELS[f]).join("、")
          ) : (
            <em className="meeting-warn">尚未填写</em>
          )}
        </span>
        {project.startDate || project.endDate ? (
          <span>
            时间：{project.startDate ?? "—"} 至 {project.endDate ?? "—"}
          </span>
        ) : null}
      </div>
      {project.goals ? <p className="agenda-goals">目标：{project.goals}</p> : null}
      {project.missing.length > 0 ? (
        <p className="meeting-warn" data-testid="agenda-missing">
          {`尚未填写：${project.missing.join("、")}。社区完善项目后才能审议通过。`}
        </p>
      ) : null}
    </>
  );
}

/** The public page prints an approved project's publication text only: publishing waits for it (decision 024). */
function PublicationTextStatus({
  project,
  canDecide,
}: {
  project: NonNullable<AgendaItemView["project"]>;
  canDecide: boolean;
}) {
  const approved = project.publicationApprovedAt !== null;
  return (
    <p className="meeting-small" data-testid="publication-text-status">
      公示文本：
      {approved ? <span>已审定</span> : <em className="meeting-warn">尚未审定，审定后才能发布通报</em>}
      {canDecide ? (
        <>
          {" "}
          <AppLink to={`/projects/${project.id}/publication`}>{approved ? "查看或修改" : "编写并审定"}</AppLink>
        </>
      ) : null}
    </p>
  );
}

function NeedSummary({ need }: { need: NonNullable<AgendaItemView["need"]> }) {
  return (
    <>
      <h3>
        <AppLink to={`/needs/${need.id}`}>{need.title}</AppLink>
      </h3>
      <div className="meta">
        <span>社区：{need.communityName}</span>
        <span>{need.category}</span>
        <span className="badge high">已等待 {need.daysWaiting} 天</span>
        {need.escalatedAt ? <span>{chinaDate(need.escalatedAt)} 上报街道</span> : null}
      </div>
      {need.escalationReason ? <p className="muted">上报原因：{need.escalationReason}</p> : null}
    </>
  );
}

function DecisionForm({ item, result }: { item: AgendaItemView; result?: MeetingActionData }) {
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formData?.get("itemId") === String(item.id);
  const noteId = `note-${item.id}`;
  const noteError = result?.fieldErrors?.note?.[0];
  const placeholder = item.kind === "project" ? "说明（不通过、暂缓时必填）" : "协调方案或原因（必填）";
  return (
    <Form
      method="post"
      preventScrollReset
      className="decision"
      aria-label={`议题决定：${item.project?.title ?? item.need?.title ?? ""}`}
    >
      <input type="hidden" name="intent" value="decide" />
      <input type="hidden" name="itemId" value={item.id} />
      {result?.formError ? (
        <p className="form-error" role="alert">
          {result.formError}
        </p>
      ) : null}
      <label className="sr-only" htmlFor={noteId}>
        决定说明
      </label>
      <textarea
        id={noteId}
        name="note"
        rows={2}
        className="meeting-note"
        placeholder={placeholder}
        defaultValue={result?.note ?? item.note}
        maxLength={500}
        aria-invalid={noteError ? true : undefined}
        aria-describedby={noteError ? `${noteId}-error` : undefined}
      />
      {noteError ? (
        <p className="field-error" id={`${noteId}-error`} role="alert">
          {noteError}
        </p>
      ) : null}
      <div className="decision-row">
        <button type="submit" name="decision" value="approved" className="primary" disabled={busy}>
          通过
        </button>
        <button type="submit" name="decision" value="rejected" className="danger" disabled={busy}>
          不通过
        </button>
        <button type="submit" name="decision" value="deferred" className="secondary" disabled={busy}>
          暂缓
        </button>
      </div>
    </Form>
  );
}
