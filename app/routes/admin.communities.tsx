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
import { CommunityForm } from "~/components/platform/community-form";
import { SavedNotice } from "~/components/platform/saved-notice";
import { saveCommunity } from "~/models/platform/admin.server";
import { listCommunities, streetOptions } from "~/models/platform/admin-lists.server";
import { AdminFilters, emptyListText } from "~/components/platform/admin-list-filters";
import { Pager } from "~/components/ui/list-controls";
import { createOnce, newSubmissionKey, submissionKeyOf } from "~/models/platform/form-submissions.server";
import { communityFormSchema, parseAdminListFilters } from "~/schemas/admin";
import { requireRole } from "~/utils/auth.server";
import { replyRefusal } from "~/utils/domain-result.server";
import { ADMIN_ONLY } from "~/utils/permissions";
import { readForm } from "~/utils/read-form.server";

// Leaflet's and the picker's styles, for the coordinate picker in the form (decision 036).
export const links: LinksFunction = mapStylesheets;

export const meta: MetaFunction = () => [{ title: "社区管理 · 共驻共建" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ADMIN_ONLY);
  const filters = parseAdminListFilters(new URL(request.url));
  return {
    communities: listCommunities(filters),
    filters,
    streets: streetOptions(),
    submissionKey: newSubmissionKey(),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireRole(request, ADMIN_ONLY);
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: communityFormSchema });
  if (submission.status !== "success") return submission.reply();
  // A second submit of the same form (same key) adds nothing and answers as the first did.
  const result = createOnce(
    actor,
    submissionKeyOf(formData),
    "community",
    () => saveCommunity(actor, null, submission.value),
    (created) => created.id,
  );
  if (!result.ok) return replyRefusal(submission, result);
  throw redirect("/admin/communities?saved=1");
}

export default function AdminCommunities() {
  const { communities, filters, streets, submissionKey } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const location = useLocation();
  return (
    <>
      <SavedNotice />
      <div className="page-head">
        <h1>社区管理</h1>
        <AppLink to="/imports?kind=communities" className="button secondary">
          导入
        </AppLink>
      </div>
      <AdminFilters filters={filters} streets={streets} placeholder="社区名称" />
      <AdminTable
        columns={["社区", "所属街道", "纬度", "经度", "操作"]}
        emptyText={emptyListText(communities.items.length, filters, "社区")}
      >
        {communities.items.map((c) => (
          <tr key={c.id}>
            <td>{c.name}</td>
            <td>{c.streetName}</td>
            <td>{c.lat}</td>
            <td>{c.lng}</td>
            <td>
              <AppLink to={`/admin/communities/${c.id}`}>修改</AppLink>
            </td>
          </tr>
        ))}
      </AdminTable>
      <Pager page={communities.page} pageCount={communities.pageCount} total={communities.total} />
      <h2>新增社区</h2>
      {/* Keyed by location so that after a successful save the next entry starts empty. */}
      <CommunityForm
        key={location.key}
        id="community-create"
        lastResult={lastResult}
        submitLabel="新增社区"
        action="/admin/communities"
        submissionKey={submissionKey}
        streets={streets}
        near={centreOf(communities.items)}
      />
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
