import { parseWithZod } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { AppLink } from "~/components/ui/app-link";
import { AdminTable } from "~/components/platform/admin-table";
import { SavedNotice } from "~/components/platform/saved-notice";
import { StreetForm } from "~/components/platform/street-form";
import { saveStreet } from "~/models/platform/admin.server";
import { districtOptions, listStreets } from "~/models/platform/admin-lists.server";
import { createOnce, newSubmissionKey, submissionKeyOf } from "~/models/platform/form-submissions.server";
import { streetFormSchema } from "~/schemas/admin";
import { requireRole } from "~/utils/auth.server";
import { replyRefusal } from "~/utils/domain-result.server";
import { ADMIN_ONLY } from "~/utils/permissions";
import { readForm } from "~/utils/read-form.server";

export const meta: MetaFunction = () => [{ title: "街道管理 · 共驻共建" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ADMIN_ONLY);
  return { streets: listStreets(), districts: districtOptions(), submissionKey: newSubmissionKey() };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireRole(request, ADMIN_ONLY);
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: streetFormSchema });
  if (submission.status !== "success") return submission.reply();
  // A second submit of the same form (same key) adds nothing and answers as the first did.
  const result = createOnce(
    actor,
    submissionKeyOf(formData),
    "street",
    () => saveStreet(actor, null, submission.value),
    (created) => created.id,
  );
  if (!result.ok) return replyRefusal(submission, result);
  throw redirect("/admin/streets?saved=1");
}

export default function AdminStreets() {
  const { streets, districts, submissionKey } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const location = useLocation();
  return (
    <>
      <SavedNotice />
      <div className="page-head">
        <h1>街道管理</h1>
        <AppLink to="/imports?kind=streets" className="button secondary">
          导入
        </AppLink>
      </div>
      <AdminTable
        columns={["街道", "所属区", "社区数", "驻区单位数", "操作"]}
        emptyText={streets.length === 0 ? "还没有街道，请在下方新增。" : null}
      >
        {streets.map((s) => (
          <tr key={s.id}>
            <td>{s.name}</td>
            <td>{s.districtName}</td>
            <td>{s.communityCount}</td>
            <td>{s.unitCount}</td>
            <td>
              <AppLink to={`/admin/streets/${s.id}`}>修改</AppLink>
            </td>
          </tr>
        ))}
      </AdminTable>
      <h2>新增街道</h2>
      {/* Keyed by location so that after a successful save the next entry starts empty. */}
      <StreetForm
        key={location.key}
        id="street-create"
        lastResult={lastResult}
        submitLabel="新增街道"
        action="/admin/streets"
        submissionKey={submissionKey}
        districts={districts}
      />
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
