import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { openNotification } from "~/models/notification-inbox.server";
import { parseId } from "~/schemas/common";
import { notFound, requireActor } from "~/utils/auth.server";

/** Opening a notification: marks it read, then goes to its item (same-site paths only). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const id = parseId(params.notificationId) ?? notFound("通知编号有误");
  throw redirect(openNotification(actor, id));
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

/** Never rendered (the loader always redirects or throws): it makes this a page route, so a refusal shows inside the layout. */
export default function OpenNotification() {
  return null;
}
