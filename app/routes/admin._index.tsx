import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { AdminTable } from "~/components/platform/admin-table";
import { AppLink } from "~/components/ui/app-link";
import { maintenanceStatus, runMaintenanceAsAdmin } from "~/models/platform/maintenance-status.server";
import { requireRole } from "~/utils/auth.server";
import { ADMIN_ONLY } from "~/utils/permissions";
import { readForm } from "~/utils/read-form.server";

export const meta: MetaFunction = () => [{ title: "运行状况 · 共驻共建" }];

/** The page's one form: run maintenance now. */
const runMaintenanceSchema = z.object({ intent: z.literal("run-maintenance") });

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ADMIN_ONLY);
  return { maintenance: maintenanceStatus() };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireRole(request, ADMIN_ONLY);
  const parsed = runMaintenanceSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) throw new Response("无法识别的操作", { status: 400 });
  const { ok } = runMaintenanceAsAdmin(actor);
  throw redirect(`/admin?ran=${ok ? "ok" : "failed"}`);
}

const RAN_NOTICES = {
  ok: "已运行一次维护任务。",
  failed: "维护任务运行出错，详见下方记录。",
} as const;

export default function AdminStatus() {
  const { maintenance } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const ran = params.get("ran");
  const busy = useNavigation().formData?.get("intent") === "run-maintenance";
  const last = maintenance.runs[0];
  return (
    <>
      {ran === "ok" || ran === "failed" ? (
        <p className="notice" role="status">
          {RAN_NOTICES[ran]}
        </p>
      ) : null}
      <div className="page-head">
        <h1>运行状况</h1>
        <AppLink to="/audit">操作记录（审计日志）</AppLink>
      </div>
      <section className="card" aria-labelledby="maintenance-heading">
        <h2 id="maintenance-heading">定时维护</h2>
        <p className="muted">
          超期需求上报与督办办结、协议到期提醒、评议到期结束、清理过期考核表，每 {maintenance.everyText} 运行一次（
          {maintenance.mode === "redis" ? "由 Redis 定时作业触发" : "由 Web 进程定时器触发"}）。
        </p>
        {maintenance.overdue ? (
          <p className="form-error" role="alert" data-testid="maintenance-overdue">
            {maintenance.overdue}
          </p>
        ) : null}
        <dl className="details" data-testid="maintenance-last">
          <dt>最近一次运行</dt>
          <dd>
            {last
              ? `${last.startedAt}（${last.ago}前，${last.source}）：${last.ok === null ? "未结束" : last.ok ? "成功" : "出错"}`
              : "尚无记录"}
          </dd>
          <dt>最近一次成功</dt>
          <dd>
            {maintenance.lastSuccess ? `${maintenance.lastSuccess.at}（${maintenance.lastSuccess.ago}前）` : "尚无记录"}
          </dd>
        </dl>
        {last?.error ? <p className="form-error">{last.error}</p> : null}
        <Form method="post">
          <button type="submit" name="intent" value="run-maintenance" disabled={busy}>
            {busy ? "正在运行…" : "立即运行一次"}
          </button>
        </Form>
      </section>
      <h2>最近的维护记录</h2>
      <AdminTable
        columns={["开始时间", "触发方式", "结果", "处理情况"]}
        emptyText={maintenance.runs.length === 0 ? "尚无维护记录" : null}
      >
        {maintenance.runs.map((run) => (
          <tr key={run.id}>
            <td>{run.startedAt}</td>
            <td>{run.source}</td>
            <td>
              <span className={`badge ${run.ok ? "matched" : run.ok === null ? "draft" : "urgent"}`}>
                {run.ok === null ? "未结束" : run.ok ? "成功" : "出错"}
              </span>
            </td>
            <td>
              {run.figures
                .filter((f) => f.value > 0)
                .map((f) => `${f.label} ${f.value}`)
                .join("，") || "无待处理事项"}
            </td>
          </tr>
        ))}
      </AdminTable>
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
