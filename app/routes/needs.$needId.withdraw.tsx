import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { withdrawNeed } from "~/models/needs.server";
import { parseId } from "~/schemas/common";
import { notFound, requireRole } from "~/utils/auth.server";

export async function loader({ params }: ActionFunctionArgs) {
  throw redirect(`/needs/${params.needId}`);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireRole(request, "community");
  const id = parseId(params.needId) ?? notFound("需求编号有误");
  withdrawNeed(actor, id);
  throw redirect(`/needs/${id}?withdrawn=1`);
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
