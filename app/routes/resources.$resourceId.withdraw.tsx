import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { withdrawResource } from "~/models/resources.server";
import { parseId } from "~/schemas/common";
import { notFound, requireRole } from "~/utils/auth.server";

export async function loader({ params }: ActionFunctionArgs) {
  throw redirect(`/resources/${params.resourceId}`);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireRole(request, "unit");
  const id = parseId(params.resourceId) ?? notFound("资源编号有误");
  withdrawResource(actor, id);
  throw redirect(`/resources/${id}?withdrawn=1`);
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
