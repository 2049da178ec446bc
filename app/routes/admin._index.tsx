import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/utils/auth.server";
import { ADMIN_ONLY } from "~/utils/permissions";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ADMIN_ONLY);
  throw redirect("/admin/users");
}

// A component keeps this a page route, so a non-admin sees the 403 page rather than plain text.
export default function AdminIndex() {
  return null;
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
