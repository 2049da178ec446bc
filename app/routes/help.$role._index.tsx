import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/ui/app-link";
import { GuideStep } from "~/components/help/guide-step";
import { GUIDE_CSS } from "~/components/help/help-styles";
import { RoleSwitcher } from "~/components/help/role-switcher";
import { FIRST_SIGN_IN, GUIDES, SHARED_SUPPORT, guideRoleOf, shotPath } from "~/models/help/guides";
import { getActor, notFound } from "~/utils/auth.server";
import { ROLE_LABELS } from "~/utils/permissions";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${ROLE_LABELS[data.role]}使用指南 · 共驻共建` : "使用指南 · 共驻共建" },
];

/** Public, like the role list: the guide holds no data, and staff read it before they have an account. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const role = guideRoleOf(params.role);
  if (!role) notFound("没有这个角色的指南。");
  const actor = await getActor(request);
  // The guides stay on the server: the page gets its own role's, not all five in its bundle.
  const guide = GUIDES[role];
  const shots = Object.fromEntries(guide.steps.filter((s) => s.shot).map((s) => [s.id, shotPath(role, s)]));
  return {
    role,
    own: actor?.role ?? null,
    guide,
    firstDay: [FIRST_SIGN_IN, ...guide.firstDay],
    shots,
    support: SHARED_SUPPORT,
  };
}

export default function RoleGuidePage() {
  const { role, own, guide, firstDay, shots, support } = useLoaderData<typeof loader>();
  return (
    <div className="help-page">
      <style dangerouslySetInnerHTML={{ __html: GUIDE_CSS }} />
      <div className="page-head">
        <h1>{ROLE_LABELS[role]}使用指南</h1>
        <AppLink to={`/help/${role}/print`} className="button secondary">
          打印版快速上手
        </AppLink>
      </div>
      <RoleSwitcher current={role} own={own} />
      <p>{guide.summary}</p>
      <section aria-labelledby="first-day">
        <h2 id="first-day">第一天先做这些</h2>
        <ul>
          {firstDay.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </section>
      <nav aria-label="本指南目录" className="help-toc">
        <strong>目录</strong>
        <ol>
          {guide.steps.map((step) => (
            <li key={step.id}>
              <AppLink to={`#${step.id}`}>{step.title}</AppLink>
            </li>
          ))}
        </ol>
      </nav>
      {guide.steps.map((step, index) => (
        <GuideStep key={step.id} step={step} number={index + 1} shotSrc={shots[step.id]} />
      ))}
      <section className="help-step" aria-labelledby="support">
        <h2 id="support">遇到问题找谁</h2>
        <ul>
          <li>{guide.askFirst}</li>
          {support.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </section>
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
