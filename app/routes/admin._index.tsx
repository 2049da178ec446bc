import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requireRole } from "~/utils/auth.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  throw redirect("/admin/users");
}

// A component keeps this a page route, so a non-admin sees the 403 page rather than plain text.
export default function AdminIndex() {
  return null;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
