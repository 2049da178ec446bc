import { parseWithZod } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { EscalationItem, type EscalationActionData } from "~/components/escalation-item";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pager } from "~/components/list-controls";
import { addSupervisionNote, coordinationQueue, escalateToDistrict, referToUnit } from "~/models/escalation-queue.server";
import { paginate } from "~/models/pagination";
import { getSetting } from "~/models/settings.server";
import { escalationActionSchema } from "~/schemas/escalation";
import { requireRole } from "~/utils/auth.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.level === "district" ? "区级督办" : "街道协调队列"} · 共驻共建` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, "street", "district");
  const { level, items, unitsByStreet } = coordinationQueue(actor);
  const page = paginate(items, Number(new URL(request.url).searchParams.get("page")) || 1);
  return { level, ...page, unitsByStreet, escalationDays: getSetting("escalation_days") };
}

export async function action({ request }: ActionFunctionArgs): Promise<EscalationActionData> {
  const actor = await requireRole(request, "street", "district");
  const formData = await request.formData();
  const key = `${formData.get("intent")}-${formData.get("escalationId")}`;
  const submission = parseWithZod(formData, { schema: escalationActionSchema });
  if (submission.status !== "success") return { key, result: submission.reply() };
  const value = submission.value;
  const result =
    value.intent === "refer" ? referToUnit(actor, value) : value.intent === "escalate" ? escalateToDistrict(actor, value) : addSupervisionNote(actor, value);
  if (!result.ok) return { key, result: submission.reply({ formErrors: result.formError ? [result.formError] : undefined, fieldErrors: result.fieldErrors }) };
  throw redirect(`/escalations?done=${value.intent}`);
}

const DONE: Record<string, string> = {
  refer: "已推荐，该单位的联络员已收到通知。",
  escalate: "已上报区级督办，区委组织部已收到通知。",
  supervise: "督办意见已送达街道。",
};

export default function Escalations() {
  const { level, items, total, page, pageCount, unitsByStreet, escalationDays } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const done = DONE[params.get("done") ?? ""];
  return (
    <>
      {done ? <p className="notice">{done}</p> : null}
      <div className="page-head">
        <h1>{level === "district" ? "区级督办" : "街道协调队列"}</h1>
      </div>
      <p className="muted">
        {level === "district"
          ? "街道上报的未匹配需求。可推荐需求所在街道的单位承接，或写下督办意见；需求匹配、撤回或办结后自动移出。"
          : `发布超过 ${escalationDays} 天仍未匹配的需求。可推荐本街道任一单位承接，或上报区级督办；需求匹配、撤回或办结后自动移出。`}
      </p>
      {items.length === 0 ? (
        <p className="card muted">{level === "district" ? "目前没有街道上报的督办事项。" : "目前没有超期未匹配的需求。"}</p>
      ) : (
        <ul className="item-list" aria-label={level === "district" ? "督办事项" : "协调事项"}>
          {items.map((item) => (
            <EscalationItem key={item.id} item={item} level={level} units={unitsByStreet[item.streetId] ?? []} actionData={actionData} />
          ))}
        </ul>
      )}
      {pageCount > 1 ? <Pager page={page} pageCount={pageCount} total={total} /> : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
