import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/ui/app-link";
import { GUIDE_CSS } from "~/components/help/help-styles";
import { ROLES } from "#domain/vocabulary";
import { GUIDES } from "~/models/help/guides";
import { getActor } from "~/utils/auth.server";
import { ROLE_LABELS } from "~/utils/permissions";

export const meta: MetaFunction = () => [{ title: "使用指南 · 共驻共建" }];

/** Public: someone not signed in picks a role; a signed-in person goes straight to their own. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await getActor(request);
  if (actor) throw redirect(`/help/${actor.role}`);
  return { roles: ROLES.map((role) => ({ role, summary: GUIDES[role].summary })) };
}

export default function HelpIndex() {
  const { roles } = useLoaderData<typeof loader>();
  return (
    <div className="help-page">
      <style dangerouslySetInnerHTML={{ __html: GUIDE_CSS }} />
      <h1>使用指南</h1>
      <p>请选择您的角色，查看要做的事和每一步点哪里。每份指南都有一页可打印的快速上手。</p>
      <ul className="help-role-list">
        {roles.map(({ role, summary }) => (
          <li key={role}>
            <h2>
              <AppLink to={`/help/${role}`}>{ROLE_LABELS[role]}</AppLink>
            </h2>
            <p className="muted">{summary}</p>
            <AppLink to={`/help/${role}/print`}>打印版快速上手</AppLink>
          </li>
        ))}
      </ul>
      <p>
        已有账号？<AppLink to="/login">登录</AppLink>后会直接打开您角色的指南。
      </p>
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
