import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { withdrawNeed } from "~/models/catalog/needs.server";
import { requireParamId, requireRole } from "~/utils/auth.server";
import { NEED_KEEPER_ROLES } from "~/utils/permissions";

/** A GET goes to the item's page; only a real id is written into the Location header (a "%00" would be a 500). */
export async function loader({ params }: ActionFunctionArgs) {
  throw redirect(`/needs/${requireParamId(params, "needId", "需求编号有误")}`);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireRole(request, NEED_KEEPER_ROLES);
  const id = requireParamId(params, "needId", "需求编号有误");
  withdrawNeed(actor, id);
  throw redirect(`/needs/${id}?withdrawn=1`);
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
