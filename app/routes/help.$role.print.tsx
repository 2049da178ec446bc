import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/ui/app-link";
import { QUICK_START_CSS } from "~/components/help/help-styles";
import { PrintToolbar } from "~/components/ui/print-button";
import { FIRST_SIGN_IN, GUIDES, SHARED_SUPPORT, guideRoleOf, quickSteps } from "~/models/help/guides";
import { notFound } from "~/utils/auth.server";
import { ROLE_LABELS } from "~/utils/permissions";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${ROLE_LABELS[data.role]}快速上手 · 共驻共建` : "快速上手 · 共驻共建" },
];

/**
 * One A4 page to hand out with a new account. The address is the one this page was opened at, so
 * a sheet printed from the demo says the demo's address and one printed from production says its own.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const role = guideRoleOf(params.role);
  if (!role) notFound("没有这个角色的指南。");
  const guide = GUIDES[role];
  return {
    role,
    origin: new URL(request.url).origin,
    summary: guide.summary,
    firstDay: [FIRST_SIGN_IN, ...guide.firstDay],
    quick: quickSteps(guide),
    support: [guide.askFirst, ...SHARED_SUPPORT],
  };
}

export default function QuickStartPage() {
  const { role, origin, summary, firstDay, quick, support } = useLoaderData<typeof loader>();
  return (
    <div className="quick-start">
      <style dangerouslySetInnerHTML={{ __html: QUICK_START_CSS }} />
      <PrintToolbar>
        <AppLink to={`/help/${role}`}>返回完整指南</AppLink>
      </PrintToolbar>
      <h1>共驻共建平台 · {ROLE_LABELS[role]}快速上手</h1>
      <p>{summary}</p>
      <div className="login-box">
        <p>
          登录地址：<strong data-testid="login-address">{`${origin}/login`}</strong>
        </p>
        <p>
          用户名：
          <span className="fill-in" /> 初始密码：
          <span className="fill-in" />
        </p>
        <p className="muted">用户名和初始密码向平台管理员领取。</p>
      </div>
      <h2>第一天先做这些</h2>
      <ul>
        {firstDay.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      <h2>常用操作</h2>
      <ol>
        {quick.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ol>
      <h2>遇到问题找谁</h2>
      <ul>
        {support.map((line) => (
          <li key={line}>{line}</li>
        ))}
        <li>
          完整指南（每一步都有截图）：<span>{`${origin}/help/${role}`}</span>
        </li>
      </ul>
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
