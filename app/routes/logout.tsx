import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { destroySession } from "~/utils/session.server";

export async function loader() {
  throw redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  throw redirect("/login", { headers: { "Set-Cookie": await destroySession(request) } });
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
