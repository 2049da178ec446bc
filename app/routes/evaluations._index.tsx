import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { EvaluationList } from "~/components/evaluation-list";
import { listEvaluations } from "~/models/evaluations.server";
import { requireRole } from "~/utils/auth.server";

export const meta: MetaFunction = () => [{ title: "评议 · 共驻共建" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, "community", "unit", "street", "district");
  return { ...listEvaluations(actor), role: actor.role };
}

const INTRO: Record<string, string> = {
  community: "本社区发起的评议。党员和群众扫评议票二维码投票，评议结束后生成评议意见。",
  unit: "社区对本单位的评议。投票结束后可查看评议结果和评议意见。",
  street: "本街道各社区发起的评议（只读），投票期间可查看实时结果。",
  district: "全区各街道的评议（只读），评议结束后可查看结果。",
};

export default function Evaluations() {
  const { evaluations, canCreate, role } = useLoaderData<typeof loader>();
  const open = evaluations.filter((e) => e.status === "open");
  const closed = evaluations.filter((e) => e.status === "closed");
  return (
    <>
      <div className="page-head">
        <h1>评议</h1>
        {canCreate ? (
          <Link to="/evaluations/new" className="button">
            发起评议
          </Link>
        ) : null}
      </div>
      <p className="muted">{INTRO[role]}</p>
      <h2>投票中（{open.length}）</h2>
      <EvaluationList evaluations={open} empty="没有正在投票的评议。" showCommunity={role !== "community"} />
      <h2>已结束（{closed.length}）</h2>
      <EvaluationList evaluations={closed} empty="还没有已结束的评议。" showCommunity={role !== "community"} />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
