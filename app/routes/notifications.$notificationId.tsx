import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { openNotification } from "~/models/platform/notification-inbox.server";
import { requireActor, requireParamId } from "~/utils/auth.server";

/** Opening a notification: marks it read, then goes to its item (same-site paths only). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const id = requireParamId(params, "notificationId", "通知编号有误");
  throw redirect(openNotification(actor, id));
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";

/** Never rendered (the loader always redirects or throws): it makes this a page route, so a refusal shows inside the layout. */
export default function OpenNotification() {
  return null;
}
