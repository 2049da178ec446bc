import { parseWithZod } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { EscalationItem, type EscalationActionData } from "~/components/escalations/escalation-item";
import { Pager } from "~/components/ui/list-controls";
import {
  addSupervisionNote,
  escalateToDistrict,
  referralUnits,
  referToUnit,
} from "~/models/escalations/escalation-actions.server";
import { coordinationQueue } from "~/models/escalations/escalation-queue.server";
import { getSetting } from "~/models/platform/settings.server";
import { escalationActionSchema, parseOpenForm } from "~/schemas/escalation";
import { requireRole } from "~/utils/auth.server";
import { replyRefusal } from "~/utils/domain-result.server";
import { REVIEWER_ROLES } from "~/utils/permissions";
import { readForm } from "~/utils/read-form.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.level === "district" ? "区级督办" : "街道协调队列"} · 共驻共建` },
];

const positive = (value: string | null) => {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : undefined;
};

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, REVIEWER_ROLES);
  const search = new URL(request.url).searchParams;
  const queue = coordinationQueue(actor, new Date(), positive(search.get("page")));
  // `?open=<intent>-<id>` opens one form of one item on this page; a referral lists its street's units.
  const open = parseOpenForm(search.get("open"));
  const opened = open && queue.items.some((i) => i.id === open.escalationId) ? open : null;
  const units = opened?.intent === "refer" ? referralUnits(actor, opened.escalationId) : undefined;
  return { ...queue, opened, units, escalationDays: getSetting("escalation_days") };
}

export async function action({ request }: ActionFunctionArgs): Promise<EscalationActionData> {
  const actor = await requireRole(request, REVIEWER_ROLES);
  const formData = await readForm(request);
  const key = `${formData.get("intent")}-${formData.get("escalationId")}`;
  const submission = parseWithZod(formData, { schema: escalationActionSchema });
  if (submission.status !== "success") {
    const escalationId = positive(String(formData.get("escalationId") ?? ""));
    const units = formData.get("intent") === "refer" && escalationId ? referralUnits(actor, escalationId) : undefined;
    return { key, result: submission.reply(), units };
  }
  const value = submission.value;
  const result =
    value.intent === "refer"
      ? referToUnit(actor, value)
      : value.intent === "escalate"
        ? escalateToDistrict(actor, value)
        : addSupervisionNote(actor, value);
  if (!result.ok) {
    // A refused referral shows its form again, with the units to choose from.
    const units = value.intent === "refer" ? referralUnits(actor, value.escalationId) : undefined;
    return { key, result: replyRefusal(submission, result), units };
  }
  throw redirect(`/escalations?done=${value.intent}`);
}

const DONE: Record<string, string> = {
  refer: "已推荐，该单位的联络员已收到通知。",
  escalate: "已上报区级督办，区委组织部已收到通知。",
  supervise: "督办意见已送达街道和社区。",
};

export default function Escalations() {
  const { level, items, total, page, pageCount, opened, units, escalationDays } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  // A refused submission keeps its form open, with its errors, over whatever the URL opened.
  const open = parseOpenForm(actionData?.key) ?? opened;
  const [params] = useSearchParams();
  const done = DONE[params.get("done") ?? ""];
  return (
    <>
      {done ? <p className="notice">{done}</p> : null}
      <div className="page-head">
        <h1>{level === "district" ? "区级督办" : "街道协调队列"}</h1>
      </div>
      {total > 0 ? (
        <p>
          共 {total} 条待{level === "district" ? "督办" : "协调"}，等待最久的在前。
        </p>
      ) : null}
      <p className="muted">
        {level === "district"
          ? `街道上报、或在街道协调超过 ${escalationDays} 天仍未解决的需求。可推荐本区任一街道的单位承接，或写下督办意见（社区和街道都会收到）；需求匹配、撤回或办结后自动移出。`
          : `发布超过 ${escalationDays} 天仍未匹配的需求。可推荐本街道任一单位承接，或上报区级督办；需求匹配、撤回或办结后自动移出。`}
      </p>
      {items.length === 0 ? (
        <p className="card muted">
          {level === "district" ? "目前没有街道上报的督办事项。" : "目前没有超期未匹配的需求。"}
        </p>
      ) : (
        <ul className="item-list" aria-label={level === "district" ? "督办事项" : "协调事项"}>
          {items.map((item) => (
            <EscalationItem
              key={item.id}
              item={item}
              level={level}
              open={open?.escalationId === item.id ? open.intent : undefined}
              units={
                actionData?.key === `refer-${item.id}`
                  ? actionData.units
                  : opened?.escalationId === item.id
                    ? units
                    : undefined
              }
              actionData={actionData}
            />
          ))}
        </ul>
      )}
      {pageCount > 1 ? <Pager page={page} pageCount={pageCount} total={total} /> : null}
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
