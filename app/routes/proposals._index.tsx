import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ProposalList } from "~/components/proposal-card";
import { proposalInbox } from "~/models/proposals.server";
import { requireRole } from "~/utils/auth.server";

export const meta: MetaFunction = () => [{ title: "匹配建议 · 共驻共建" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, "community", "unit");
  return { inbox: proposalInbox(actor), role: actor.role };
}

export default function ProposalInbox() {
  const { inbox, role } = useLoaderData<typeof loader>();
  const viewpoint = role === "community" ? "need" : "resource";
  return (
    <>
      <h1>匹配建议</h1>
      <h2>待我处理（{inbox.awaiting.length}）</h2>
      <ProposalList proposals={inbox.awaiting} viewpoint={viewpoint} canDecide redirectTo="/proposals" empty="暂无待处理的匹配建议。" />
      <h2>等待对方确认（{inbox.waitingOnOther.length}）</h2>
      <ProposalList proposals={inbox.waitingOnOther} viewpoint={viewpoint} canDecide={false} redirectTo="/proposals" empty="没有等待对方确认的建议。" />
      <h2>最近已处理</h2>
      <ProposalList proposals={inbox.settled} viewpoint={viewpoint} canDecide={false} redirectTo="/proposals" empty="还没有已处理的建议。" />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
