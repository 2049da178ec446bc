import { parseWithZod } from "@conform-to/zod";
import {
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/ui/app-link";
import { mapStylesheets } from "~/components/map/map-styles";
import { CommunityForm } from "~/components/platform/community-form";
import { CommunityGridList } from "~/components/platform/community-grid-list";
import { getCommunity, saveCommunity } from "~/models/platform/admin.server";
import { streetOptions } from "~/models/platform/admin-lists.server";
import { communityGrids } from "~/models/platform/grids.server";
import { communityFormSchema } from "~/schemas/admin";
import { requireParamId, requireRole } from "~/utils/auth.server";
import { replyRefusal } from "~/utils/domain-result.server";
import { ADMIN_ONLY } from "~/utils/permissions";
import { readForm } from "~/utils/read-form.server";

// Leaflet's and the picker's styles, for the coordinate picker in the form (decision 036).
export const links: LinksFunction = mapStylesheets;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `修改社区 ${data?.community.name ?? ""} · 共驻共建` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, ADMIN_ONLY);
  const community = getCommunity(requireParamId(params, "communityId", "社区编号有误"));
  return { community, streets: streetOptions(), grids: communityGrids(community.id) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireRole(request, ADMIN_ONLY);
  const id = requireParamId(params, "communityId", "社区编号有误");
  const submission = parseWithZod(await readForm(request), { schema: communityFormSchema });
  if (submission.status !== "success") return submission.reply();
  const result = saveCommunity(actor, id, submission.value);
  if (!result.ok) return replyRefusal(submission, result);
  throw redirect("/admin/communities?saved=1");
}

export default function EditCommunity() {
  const { community, streets, grids } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <>
      <div className="page-head">
        <h1>修改社区</h1>
        <AppLink to="/admin/communities">返回社区列表</AppLink>
      </div>
      <CommunityForm
        id={`community-${community.id}`}
        lastResult={lastResult}
        defaultValue={{ name: community.name, streetId: community.streetId, lat: community.lat, lng: community.lng }}
        submitLabel="保存"
        action={`/admin/communities/${community.id}`}
        streets={streets}
      />
      <CommunityGridList grids={grids} />
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
