import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/ui/app-link";
import { Pager } from "~/components/ui/list-controls";
import { EvaluationList } from "~/components/evaluations/evaluation-list";
import { listEvaluations } from "~/models/evaluations/evaluations.server";
import { requireRole } from "~/utils/auth.server";
import { PARTICIPANT_ROLES } from "~/utils/permissions";

export const meta: MetaFunction = () => [{ title: "评议 · 共驻共建" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, PARTICIPANT_ROLES);
  const search = new URL(request.url).searchParams;
  const page = (name: string) => Number(search.get(name)) || undefined;
  return { ...listEvaluations(actor, new Date(), { open: page("opage"), closed: page("page") }), role: actor.role };
}

const INTRO: Record<string, string> = {
  community: "本社区发起的评议。党员和群众扫评议票二维码投票，评议结束后生成评议意见。",
  unit: "社区对本单位的评议。投票结束后可查看评议结果和评议意见。",
  street: "本街道各社区发起的评议（只读），投票期间可查看实时结果。",
  district: "全区各街道的评议（只读），评议结束后可查看结果。",
};

export default function Evaluations() {
  const { open, closed, canCreate, role } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-head">
        <h1>评议</h1>
        {canCreate ? (
          <AppLink to="/evaluations/new" className="button">
            发起评议
          </AppLink>
        ) : null}
      </div>
      <p className="muted">{INTRO[role]}</p>
      <section id="open" aria-label="投票中">
        <h2>投票中（{open.total}）</h2>
        <EvaluationList evaluations={open.items} empty="没有正在投票的评议。" showCommunity={role !== "community"} />
        {open.pageCount > 1 ? (
          <Pager
            page={open.page}
            pageCount={open.pageCount}
            total={open.total}
            param="opage"
            label="投票中分页"
            anchor="open"
          />
        ) : null}
      </section>
      <section id="closed" aria-label="已结束">
        <h2>已结束（{closed.total}）</h2>
        <EvaluationList evaluations={closed.items} empty="还没有已结束的评议。" showCommunity={role !== "community"} />
        {closed.pageCount > 1 ? (
          <Pager
            page={closed.page}
            pageCount={closed.pageCount}
            total={closed.total}
            label="已结束分页"
            anchor="closed"
          />
        ) : null}
      </section>
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
