import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ProposalPageList } from "~/components/matching/proposal-pager";
import { pageNumber, proposalInbox } from "~/models/matching/proposal-lists.server";
import { requireRole } from "~/utils/auth.server";
import { PARTY_ROLES } from "~/utils/permissions";

export const meta: MetaFunction = () => [{ title: "匹配建议 · 共驻共建" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, PARTY_ROLES);
  const params = new URL(request.url).searchParams;
  const inbox = proposalInbox(actor, {
    awaiting: pageNumber(params.get("awaiting")),
    waiting: pageNumber(params.get("waiting")),
    settled: pageNumber(params.get("settled")),
  });
  return { inbox, role: actor.role };
}

export default function ProposalInbox() {
  const { inbox, role } = useLoaderData<typeof loader>();
  const viewpoint = role === "community" ? "need" : "resource";
  // requireRole let only the two parties in: each card offers this side's decision or withdrawal.
  const side = role === "community" ? "community" : "unit";
  return (
    <>
      <h1>匹配建议</h1>
      <section id="awaiting" aria-label="待我处理">
        <h2>待我处理（{inbox.awaiting.total}）</h2>
        <ProposalPageList
          list={inbox.awaiting}
          param="awaiting"
          anchor="awaiting"
          viewpoint={viewpoint}
          side={side}
          empty="暂无待处理的匹配建议。"
        />
      </section>
      <section id="waiting" aria-label="等待对方确认">
        <h2>等待对方确认（{inbox.waitingOnOther.total}）</h2>
        <ProposalPageList
          list={inbox.waitingOnOther}
          param="waiting"
          anchor="waiting"
          viewpoint={viewpoint}
          side={side}
          empty="没有等待对方确认的建议。"
        />
      </section>
      <section id="settled" aria-label="已处理">
        <h2>已处理（{inbox.settled.total}）</h2>
        <ProposalPageList
          list={inbox.settled}
          param="settled"
          anchor="settled"
          viewpoint={viewpoint}
          side={side}
          empty="还没有已处理的建议。"
        />
      </section>
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
