import { parseWithZod } from "@conform-to/zod";
import {
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { AppLink } from "~/components/ui/app-link";
import { centreOf } from "~/components/map/coordinate-picker";
import { mapStylesheets } from "~/components/map/map-styles";
import { AdminTable } from "~/components/platform/admin-table";
import { SavedNotice } from "~/components/platform/saved-notice";
import { UnitForm } from "~/components/platform/unit-form";
import { saveUnit } from "~/models/platform/admin.server";
import { listUnits, streetOptions } from "~/models/platform/admin-lists.server";
import { AdminFilters, emptyListText } from "~/components/platform/admin-list-filters";
import { Pager } from "~/components/ui/list-controls";
import { createOnce, newSubmissionKey, submissionKeyOf } from "~/models/platform/form-submissions.server";
import { parseAdminListFilters, unitFormSchema } from "~/schemas/admin";
import { requireRole } from "~/utils/auth.server";
import { replyRefusal } from "~/utils/domain-result.server";
import { ADMIN_ONLY } from "~/utils/permissions";
import { readForm } from "~/utils/read-form.server";

// Leaflet's and the picker's styles, for the coordinate picker in the form (decision 036).
export const links: LinksFunction = mapStylesheets;

export const meta: MetaFunction = () => [{ title: "驻区单位管理 · 共驻共建" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ADMIN_ONLY);
  const filters = parseAdminListFilters(new URL(request.url));
  return { units: listUnits(filters), filters, streets: streetOptions(), submissionKey: newSubmissionKey() };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireRole(request, ADMIN_ONLY);
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: unitFormSchema });
  if (submission.status !== "success") return submission.reply();
  // A second submit of the same form (same key) adds nothing and answers as the first did.
  const result = createOnce(
    actor,
    submissionKeyOf(formData),
    "unit",
    () => saveUnit(actor, null, submission.value),
    (created) => created.id,
  );
  if (!result.ok) return replyRefusal(submission, result);
  throw redirect("/admin/units?saved=1");
}

export default function AdminUnits() {
  const { units, filters, streets, submissionKey } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const location = useLocation();
  return (
    <>
      <SavedNotice />
      <div className="page-head">
        <h1>驻区单位管理</h1>
        {/* Plain links: the browser downloads the workbook instead of Remix navigating to it. */}
        <div className="form-actions">
          <a href="/admin/units/export" className="button secondary" download>
            导出 Excel
          </a>
          <a href="/templates/units" className="button secondary" download>
            下载模板
          </a>
          <AppLink to="/imports?kind=units" className="button secondary">
            导入
          </AppLink>
        </div>
      </div>
      <AdminFilters filters={filters} streets={streets} placeholder="单位名称或地址" />
      <AdminTable
        columns={["单位", "类型", "所在街道", "地址", "纬度", "经度", "操作"]}
        emptyText={emptyListText(units.items.length, filters, "驻区单位")}
      >
        {units.items.map((u) => (
          <tr key={u.id}>
            <td>{u.name}</td>
            <td>{u.kind}</td>
            <td>{u.streetName}</td>
            <td>{u.address || "—"}</td>
            <td>{u.lat}</td>
            <td>{u.lng}</td>
            <td>
              <AppLink to={`/admin/units/${u.id}`}>修改</AppLink>
            </td>
          </tr>
        ))}
      </AdminTable>
      <Pager page={units.page} pageCount={units.pageCount} total={units.total} />
      <h2>新增驻区单位</h2>
      {/* Keyed by location so that after a successful save the next entry starts empty. */}
      <UnitForm
        key={location.key}
        id="unit-create"
        lastResult={lastResult}
        submitLabel="新增驻区单位"
        action="/admin/units"
        submissionKey={submissionKey}
        streets={streets}
        near={centreOf(units.items)}
      />
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
