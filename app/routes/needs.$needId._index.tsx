import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { AppLink } from "~/components/ui/app-link";
import { ClaimForm, type ClaimActionData } from "~/components/matching/claim-form";
import { ProposalPageList } from "~/components/matching/proposal-pager";
import { NeedMatchingStatus } from "~/components/matching/run-status";
import { needMatchingState } from "~/models/matching/run-phase.server";
import { claimNeed, claimOptions } from "~/models/matching/claims.server";
import { pageNumber, proposalsForNeed } from "~/models/matching/proposal-lists.server";
import { claimSchema } from "~/schemas/proposal";
import { ItemActions } from "~/components/ui/item-actions";
import { openEscalationsOfNeed } from "~/models/escalations/escalations.server";
import { supervisionNotesOfNeed } from "~/models/escalations/escalation-queue.server";
import { getNeedForActor } from "~/models/catalog/needs.server";
import { NEED_SOURCE_LABELS, NEED_STATUS_LABELS, URGENCY_LABELS } from "~/schemas/need";
import { requireParamId, requireRole } from "~/utils/auth.server";
import { refusalBody } from "~/utils/domain-result.server";
import { NEED_READER_ROLES, UNIT_ONLY } from "~/utils/permissions";
import { chinaDateTime } from "~/utils/china-time";
import { readForm } from "~/utils/read-form.server";

/** Said where a resident's contact or place would be, to those who may not see it (docs/design.md "Privacy"). */
const WITHHELD_NOTE = "仅所属社区和已达成共建项目的驻区单位可见";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.need.title ?? "需求"} · 共驻共建` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRole(request, NEED_READER_ROLES);
  const id = requireParamId(params, "needId", "需求编号有误");
  const detail = getNeedForActor(actor, id);
  const claimable = actor.role === "unit" && detail.need.status === "open";
  return {
    ...detail,
    proposals: proposalsForNeed(actor, id, pageNumber(new URL(request.url).searchParams.get("proposals"))),
    // Proposals are decided by the community office; a grid worker follows them read-only.
    canDecide: detail.canManage && actor.role === "community",
    claim: claimable ? { options: claimOptions(actor) } : null,
    escalation: openEscalationsOfNeed(id)[0] ?? null,
    // The district's 督办意见 reach the community whose need it is, and the reviewers; not units.
    supervisionNotes:
      detail.canManage || actor.role === "street" || actor.role === "district" ? supervisionNotesOfNeed(id) : [],
    // A run that will cover this need and has not finished: the page says so instead of "暂无".
    matching: needMatchingState(id),
  };
}

/** A unit claims this need with one of its resources (双向认领). */
export async function action({ request, params }: ActionFunctionArgs): Promise<ClaimActionData> {
  const actor = await requireRole(request, UNIT_ONLY);
  const id = requireParamId(params, "needId", "需求编号有误");
  const parsed = claimSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success || parsed.data.resourceId === undefined) return { fieldError: "请选择用于认领的资源" };
  const result = claimNeed(actor, id, parsed.data.resourceId);
  if (!result.ok) return refusalBody(result);
  throw redirect(`/proposals/${result.proposalId}`);
}

export default function NeedDetail() {
  const { need, contact, withheld, communityName, streetName, canManage, proposals, canDecide, claim, escalation } =
    useLoaderData<typeof loader>();
  const { matching, supervisionNotes, gridName, buildingName } = useLoaderData<typeof loader>();
  const claimResult = useActionData<typeof action>();
  const [params] = useSearchParams();
  const editable = canManage && (need.status === "draft" || need.status === "open" || need.status === "expired");
  return (
    <>
      {params.get("saved") ? <p className="notice">已保存。</p> : null}
      {params.get("withdrawn") ? <p className="notice">需求已撤回。</p> : null}
      <div className="page-head">
        <h1>{need.title}</h1>
        <AppLink to="/needs">返回需求清单</AppLink>
      </div>
      <section className="card">
        <div className="meta">
          <span className={`badge ${need.status}`}>{NEED_STATUS_LABELS[need.status]}</span>
          <span className="badge">{need.category}</span>
          <span className={`badge ${need.urgency}`}>{URGENCY_LABELS[need.urgency]}</span>
        </div>
        {escalation ? (
          <p className="notice" data-testid="escalation-note">
            {escalation.level === "district" ? "已上报区级督办" : "已上报街道协调"}（
            {chinaDateTime(escalation.escalatedAt)}起）
            {escalation.referredAt ? "，已推荐驻区单位承接" : ""}
          </p>
        ) : null}
        {supervisionNotes.length > 0 ? (
          <div className="notice" data-testid="supervision-notes">
            <strong>区级督办意见</strong>
            <ul>
              {supervisionNotes.map((n, i) => (
                <li key={i}>
                  {n.note}（{chinaDateTime(n.at)}）
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        <p style={{ whiteSpace: "pre-wrap" }}>{need.description || "（无描述）"}</p>
        <dl className="details">
          <dt>社区</dt>
          <dd>
            {streetName} · {communityName}
          </dd>
          <dt>受益群体</dt>
          <dd>
            {need.beneficiaryGroup || "—"}
            {need.beneficiaryCount ? `（${need.beneficiaryCount} 人）` : ""}
          </dd>
          <dt>期望时间</dt>
          <dd>
            {need.startDate ?? "即日"} 至 {need.endDate ?? "长期"}
          </dd>
          {gridName ? (
            <>
              <dt>网格</dt>
              <dd data-testid="need-grid">{gridName}</dd>
            </>
          ) : null}
          {buildingName ? (
            <>
              <dt>楼栋</dt>
              <dd data-testid="need-building">{buildingName}</dd>
            </>
          ) : null}
          <dt>地点</dt>
          <dd>{need.place || (withheld.place ? <small className="muted">{WITHHELD_NOTE}</small> : "—")}</dd>
          <dt>来源</dt>
          <dd>{NEED_SOURCE_LABELS[need.source]}</dd>
          {contact ? (
            <>
              <dt>联系人</dt>
              <dd>
                {contact.name || "—"} {contact.phone ? <span data-testid="contact-phone">{contact.phone}</span> : null}
              </dd>
            </>
          ) : withheld.contact ? (
            <>
              <dt>联系人</dt>
              <dd>
                <small className="muted" data-testid="contact-withheld">
                  {WITHHELD_NOTE}
                </small>
              </dd>
            </>
          ) : null}
          <dt>更新时间</dt>
          <dd>{chinaDateTime(need.updatedAt)}</dd>
        </dl>
      </section>
      {claim ? (
        <ClaimForm
          title="认领这条需求"
          hint="用本单位的一项资源认领；社区确认后即形成共建项目。"
          name="resourceId"
          label="用于认领的资源"
          options={claim.options}
          submitLabel="认领"
          result={claimResult}
        />
      ) : null}
      {canDecide || proposals.total > 0 || matching ? (
        <section id="proposals" aria-label="匹配建议">
          <h2>匹配建议（{proposals.total}）</h2>
          <NeedMatchingStatus state={matching} />
          <ProposalPageList
            list={proposals}
            param="proposals"
            anchor="proposals"
            viewpoint="need"
            side={canDecide ? "community" : null}
            needShown
            empty={matching ? "匹配完成后，建议会显示在这里。" : "暂无匹配建议。新发布或修改的需求会自动匹配。"}
          />
        </section>
      ) : null}
      {editable ? (
        <ItemActions
          basePath={`/needs/${need.id}`}
          withdrawLabel="撤回需求"
          confirmText="确定撤回这条需求吗？撤回后不再参与匹配。"
        />
      ) : null}
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
