import type { Role } from "#domain/vocabulary";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { PROJECT_STATUSES } from "#domain/vocabulary";
import { AppLink } from "~/components/ui/app-link";
import { OptionSelect, Pager } from "~/components/ui/list-controls";
import { ProjectRows } from "~/components/projects/project-rows";
import { listProjects } from "~/models/projects/project-list.server";
import { PROJECT_STATUS_LABELS, periodLabel } from "~/schemas/project-labels";
import { projectListFiltersSchema } from "~/schemas/project";
import { requireRole } from "~/utils/auth.server";
import { chinaToday } from "~/utils/china-time";
import { PARTICIPANT_ROLES } from "~/utils/permissions";
import { canCreateProject } from "~/utils/project-permissions";
import { PrintButton } from "~/components/ui/print-button";

export const meta: MetaFunction = () => [{ title: "项目清单 · 共驻共建" }];

const optionalNumber = z.coerce.number().int().min(1).optional().catch(undefined);
const querySchema = projectListFiltersSchema.extend({ streetId: optionalNumber, page: optionalNumber });

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, PARTICIPANT_ROLES);
  const params = Object.fromEntries([...new URL(request.url).searchParams].filter(([, v]) => v !== ""));
  const filters = querySchema.parse(params);
  return {
    list: listProjects(actor, filters),
    role: actor.role,
    canCreate: canCreateProject(actor),
    printedAt: chinaToday(),
  };
}

/** Only the roles that reach this page (PARTICIPANT_ROLES) have a heading of their own. */
const HEADINGS: Partial<Record<Role, string>> = {
  community: "项目清单",
  unit: "本单位共建项目",
  street: "街道项目清单",
  district: "全区项目清单",
};

export default function ProjectsIndex() {
  const { list, role, canCreate, printedAt } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const location = useLocation();
  const periodName = list.period === "all" ? "全部季度" : periodLabel(list.period);
  const periodChoices = [...list.periods];
  if (list.period !== "all" && !periodChoices.includes(list.period)) periodChoices.unshift(list.period);
  const statusHref = (status?: string) => {
    const params = new URLSearchParams(location.search);
    params.set("period", list.period);
    params.delete("page");
    if (status) params.set("status", status);
    else params.delete("status");
    return `?${params.toString()}`;
  };
  return (
    <div className="projects-list-page">
      <div className="page-head">
        <h1>{HEADINGS[role] ?? "项目清单"}</h1>
        <div className="form-actions no-print">
          {canCreate ? (
            <AppLink to="/projects/new" className="button">
              手工创建项目
            </AppLink>
          ) : null}
          <PrintButton label="打印本期清单" className="secondary" />
          {/* A plain link (a download), for the period shown: every page of it, not only this one. */}
          <a href={`/projects/export${statusHref(list.status)}`} className="button secondary" download>
            导出 Excel
          </a>
        </div>
      </div>
      <p className="project-print-title">
        {list.scopeName ? `${list.scopeName} · ` : ""}
        {periodName}项目清单
        {list.status ? `（${PROJECT_STATUS_LABELS[list.status]}）` : ""}
        {list.pageCount > 1 ? `（第 ${list.page} / ${list.pageCount} 页）` : ""}
      </p>
      <Form method="get" className="card filters no-print" role="search" key={location.search}>
        <div className="field">
          <label htmlFor="filter-period">季度</label>
          <select id="filter-period" name="period" defaultValue={list.period}>
            {periodChoices.map((p) => (
              <option key={p} value={p}>
                {periodLabel(p)}
              </option>
            ))}
            <option value="all">全部季度</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-status">状态</label>
          <select id="filter-status" name="status" defaultValue={list.status ?? ""}>
            <option value="">全部状态</option>
            {PROJECT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {PROJECT_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <OptionSelect
          id="filter-street"
          name="streetId"
          label="街道"
          all="全部街道"
          options={list.streets}
          value={list.streetId ?? undefined}
        />
        <OptionSelect
          id="filter-community"
          name="communityId"
          label="社区"
          all="全部社区"
          options={list.communities}
          value={list.communityId ?? undefined}
        />
        <div className="actions">
          <button type="submit" className="primary" disabled={navigation.state === "loading"}>
            查询
          </button>
          <AppLink to={location.pathname} className="button secondary">
            重置
          </AppLink>
        </div>
      </Form>
      <nav className="stats no-print" aria-label="按状态统计">
        <AppLink to={statusHref()} className="stat">
          <b>{list.total}</b>全部
        </AppLink>
        {PROJECT_STATUSES.map((s) => (
          <AppLink key={s} to={statusHref(s)} className="stat" aria-current={list.status === s ? "true" : undefined}>
            <b>{list.counts[s]}</b>
            {PROJECT_STATUS_LABELS[s]}
          </AppLink>
        ))}
      </nav>
      <h2>
        {periodName}
        <small className="muted">（{list.listed} 个项目）</small>
      </h2>
      {list.projects.length === 0 ? (
        <p className="card muted">{list.period === "all" ? "还没有项目。" : `${periodName}没有符合条件的项目。`}</p>
      ) : (
        <ProjectRows
          projects={list.projects}
          firstNumber={(list.page - 1) * list.pageSize + 1}
          showCommunity={role !== "community"}
          showPeriod={list.period === "all"}
        />
      )}
      {list.pageCount > 1 ? (
        <div className="no-print">
          <Pager page={list.page} pageCount={list.pageCount} total={list.listed} />
        </div>
      ) : null}
      <p className="project-print-only muted">打印日期：{printedAt}</p>
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
