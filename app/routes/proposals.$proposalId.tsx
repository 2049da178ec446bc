import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/ui/app-link";
import { ProposalCard, type ProposalAction, type ProposalSide } from "~/components/matching/proposal-card";
import { decideProposal, getProposal } from "~/models/matching/proposals.server";
import { decisionSchema } from "~/schemas/proposal";
import { requireParamId, requireRole, safeRedirect } from "~/utils/auth.server";
import { refusalBody } from "~/utils/domain-result.server";
import { canDecideAsCommunity, canDecideAsUnit, PARTICIPANT_ROLES, PARTY_ROLES } from "~/utils/permissions";
import { readForm } from "~/utils/read-form.server";

export const meta: MetaFunction = () => [{ title: "匹配建议 · 共驻共建" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRole(request, PARTICIPANT_ROLES);
  const proposal = getProposal(actor, requireParamId(params, "proposalId", "匹配建议编号有误"));
  const side: ProposalSide | null = canDecideAsCommunity(actor, proposal)
    ? "community"
    : canDecideAsUnit(actor, proposal)
      ? "unit"
      : null;
  return {
    proposal,
    side,
    role: actor.role,
  };
}

export async function action({ request, params }: ActionFunctionArgs): Promise<ProposalAction> {
  const actor = await requireRole(request, PARTY_ROLES);
  const id = requireParamId(params, "proposalId", "匹配建议编号有误");
  const form = Object.fromEntries(await readForm(request));
  const parsed = decisionSchema.safeParse(form);
  if (!parsed.success) return { status: "error", fieldErrors: parsed.error.flatten().fieldErrors };
  const result = decideProposal(actor, id, parsed.data);
  if (!result.ok) return { status: "error", ...refusalBody(result) };
  throw redirect(safeRedirect(typeof form.redirectTo === "string" ? form.redirectTo : null, `/proposals/${id}`));
}

export default function ProposalPage() {
  const { proposal, side, role } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-head">
        <h1>匹配建议</h1>
        {role === "community" || role === "unit" ? <AppLink to="/proposals">返回待办</AppLink> : null}
      </div>
      <section className="card">
        <dl className="details">
          <dt>需求</dt>
          <dd>
            <AppLink to={`/needs/${proposal.needId}`}>{proposal.needTitle}</AppLink>（{proposal.communityName}）
          </dd>
          <dt>资源</dt>
          <dd>
            <AppLink to={`/resources/${proposal.resourceId}`}>{proposal.resourceTitle}</AppLink>（{proposal.unitName}）
          </dd>
        </dl>
      </section>
      <ul className="item-list">
        <ProposalCard
          proposal={proposal}
          viewpoint="need"
          side={side}
          needShown
          redirectTo={`/proposals/${proposal.id}`}
        />
      </ul>
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
