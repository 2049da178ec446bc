import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form, useLocation, useNavigation } from "@remix-run/react";
import { AppLink } from "~/components/ui/app-link";
import { FormErrors, SelectField, TextareaField, useZodForm } from "~/components/ui/forms";
import type { QueueItem } from "~/models/escalations/escalation-queue.server";
import { escalateSchema, referSchema, superviseSchema, type EscalationIntent } from "~/schemas/escalation";
import { URGENCY_LABELS } from "~/schemas/need";
import { chinaDateTime } from "~/utils/china-time";

/** `units`: the street's units, when a refused referral shows its form again. */
export type EscalationActionData = { key: string; result: SubmissionResult<string[]>; units?: Unit[] } | undefined;

type Unit = { id: number; name: string };

/** The action's answer belongs to one form of one item: `${intent}-${escalationId}`. */
function resultFor(data: EscalationActionData, key: string) {
  return data?.key === key ? data.result : undefined;
}

function Hidden({ intent, escalationId }: { intent: string; escalationId: number }) {
  return (
    <>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="escalationId" value={escalationId} />
    </>
  );
}

function Submit({ label, className = "secondary" }: { label: string; className?: string }) {
  const navigation = useNavigation();
  return (
    <div className="form-actions">
      <button type="submit" className={className} disabled={navigation.state === "submitting"}>
        {label}
      </button>
    </div>
  );
}

function ReferForm({
  item,
  level,
  units,
  actionData,
}: {
  item: QueueItem;
  level: "street" | "district";
  units: Unit[];
  actionData: EscalationActionData;
}) {
  const [form, fields] = useZodForm(referSchema, {
    id: `refer-${item.id}`,
    lastResult: resultFor(actionData, `refer-${item.id}`),
  });
  return (
    <Form method="post" className="form escalation-form" {...getFormProps(form)}>
      <Hidden intent="refer" escalationId={item.id} />
      <FormErrors errors={form.errors} />
      <SelectField
        meta={fields.unitId}
        label="推荐给单位"
        placeholder={level === "district" ? "请选择本区的驻区单位" : "请选择本街道的驻区单位"}
        options={units.map((u) => ({ value: String(u.id), label: u.name }))}
        hint="该单位的联络员会收到通知，可在需求页用本单位资源认领。"
        required
      />
      <Submit label="推荐给单位" className="primary" />
    </Form>
  );
}

function EscalateForm({ item, actionData }: { item: QueueItem; actionData: EscalationActionData }) {
  const [form, fields] = useZodForm(escalateSchema, {
    id: `escalate-${item.id}`,
    lastResult: resultFor(actionData, `escalate-${item.id}`),
  });
  return (
    <Form method="post" className="form escalation-form" {...getFormProps(form)}>
      <Hidden intent="escalate" escalationId={item.id} />
      <FormErrors errors={form.errors} />
      <TextareaField
        meta={fields.reason}
        label="上报理由"
        rows={2}
        placeholder="例如：本街道单位均无相应资源，需区级统筹"
        required
      />
      <Submit label="上报区级督办" />
    </Form>
  );
}

function SuperviseForm({ item, actionData }: { item: QueueItem; actionData: EscalationActionData }) {
  const [form, fields] = useZodForm(superviseSchema, {
    id: `supervise-${item.id}`,
    lastResult: resultFor(actionData, `supervise-${item.id}`),
  });
  return (
    <Form method="post" className="form escalation-form" {...getFormProps(form)}>
      <Hidden intent="supervise" escalationId={item.id} />
      <FormErrors errors={form.errors} />
      <TextareaField
        meta={fields.note}
        label="督办意见"
        rows={2}
        placeholder="写给街道的办理要求，街道审核人员会收到通知"
        required
      />
      <Submit label="提交督办意见" />
    </Form>
  );
}

/** A link that opens one of this item's forms (`?open=<intent>-<id>`), keeping the page. */
function OpenForm({
  item,
  intent,
  label,
  className = "secondary",
}: {
  item: QueueItem;
  intent: EscalationIntent;
  label: string;
  className?: string;
}) {
  const location = useLocation();
  const params = new URLSearchParams(location.search);
  params.set("open", `${intent}-${item.id}`);
  params.delete("done");
  return (
    <div className="form escalation-form">
      <AppLink to={`${location.pathname}?${params.toString()}#escalation-${item.id}`} className={`button ${className}`}>
        {label}
      </AppLink>
    </div>
  );
}

/**
 * One queue item. Its forms are shown for the item being acted on only (`open`: the form the
 * user opened, or the one the action answered with errors); the others offer links that open
 * them. A page of twenty items with three live forms each cost more to render than the rest of
 * the page, and the referral form lists every unit of the need's street.
 */
export function EscalationItem({
  item,
  level,
  open,
  units,
  actionData,
}: {
  item: QueueItem;
  level: "street" | "district";
  open?: EscalationIntent;
  units?: Unit[];
  actionData: EscalationActionData;
}) {
  return (
    <li className="item escalation" id={`escalation-${item.id}`} data-testid="escalation">
      <h3>
        <AppLink to={`/needs/${item.needId}`}>{item.needTitle}</AppLink>
      </h3>
      <div className="meta">
        <span className="badge urgent">{`已等待 ${item.daysWaiting} 天`}</span>
        {item.urgency !== "normal" ? (
          <span className={`badge ${item.urgency}`}>{URGENCY_LABELS[item.urgency]}</span>
        ) : null}
        <span className="badge">{item.needCategory}</span>
        <span>{level === "district" ? `${item.streetName} · ${item.communityName}` : item.communityName}</span>
        {level === "street" && item.districtReason ? <span className="badge high">已上报区级督办</span> : null}
      </div>
      <dl className="details escalation-details">
        <dt>{level === "district" ? "上报理由" : "上报原因"}</dt>
        <dd>{item.reason}</dd>
        {level === "street" && item.districtReason ? (
          <>
            <dt>上报区级理由</dt>
            <dd>{item.districtReason}</dd>
          </>
        ) : null}
        <dt>联系人</dt>
        <dd>{item.hasContact ? <small className="muted">仅所属社区可见，请经社区联系</small> : "—"}</dd>
        <dt>推荐单位</dt>
        <dd>
          {item.referredUnitName && item.referredAt
            ? `${item.referredUnitName}（${chinaDateTime(item.referredAt)} 推荐）`
            : "尚未推荐"}
        </dd>
        {item.notes.length > 0 ? (
          <>
            <dt>督办意见</dt>
            <dd>
              <ul className="escalation-notes">
                {item.notes.map((n, i) => (
                  <li key={i}>
                    {n.note} <small className="muted">{chinaDateTime(n.at)}</small>
                  </li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
      </dl>
      <div className="escalation-actions">
        {open === "refer" && units ? (
          <ReferForm item={item} level={level} units={units} actionData={actionData} />
        ) : (
          <OpenForm item={item} intent="refer" label="推荐给单位…" className="primary" />
        )}
        {level === "street" && !item.districtReason ? (
          open === "escalate" ? (
            <EscalateForm item={item} actionData={actionData} />
          ) : (
            <OpenForm item={item} intent="escalate" label="上报区级督办…" />
          )
        ) : null}
        {level === "district" ? (
          open === "supervise" ? (
            <SuperviseForm item={item} actionData={actionData} />
          ) : (
            <OpenForm item={item} intent="supervise" label="写督办意见…" />
          )
        ) : null}
      </div>
    </li>
  );
}
