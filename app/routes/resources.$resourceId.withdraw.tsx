import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { withdrawResource } from "~/models/catalog/resources.server";
import { requireParamId, requireRole } from "~/utils/auth.server";
import { UNIT_ONLY } from "~/utils/permissions";

/** A GET goes to the item's page; only a real id is written into the Location header (a "%00" would be a 500). */
export async function loader({ params }: ActionFunctionArgs) {
  throw redirect(`/resources/${requireParamId(params, "resourceId", "资源编号有误")}`);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireRole(request, UNIT_ONLY);
  const id = requireParamId(params, "resourceId", "资源编号有误");
  withdrawResource(actor, id);
  throw redirect(`/resources/${id}?withdrawn=1`);
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
