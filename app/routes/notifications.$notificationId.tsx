import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { AppLink } from "~/components/ui/app-link";
import { openNotification, viewNotification } from "~/models/platform/notification-inbox.server";
import { openNotificationSchema } from "~/schemas/notification";
import { requireActor, requireParamId } from "~/utils/auth.server";
import { chinaDateTime } from "~/utils/china-time";
import { readForm } from "~/utils/read-form.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? "通知"} · 共驻共建` }];

/** Showing a notification changes nothing (a GET may be prefetched or opened by a preview). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return viewNotification(actor, requireParamId(params, "notificationId", "通知编号有误"));
}

/** Opening it (the inbox's button, or this page's): marks it read, then goes to its item (same-site paths only). */
export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const id = requireParamId(params, "notificationId", "通知编号有误");
  const parsed = openNotificationSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) throw new Response("无法识别的操作", { status: 400 });
  throw redirect(openNotification(actor, id));
}

export default function NotificationPage() {
  const n = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  return (
    <>
      <div className="page-head">
        <h1>{n.title}</h1>
        <AppLink to="/notifications">返回通知</AppLink>
      </div>
      <section className={`card notification${n.readAt ? "" : " unread"}`}>
        {n.body ? <p>{n.body}</p> : null}
        <div className="meta">
          <span>{chinaDateTime(n.createdAt)}</span>
          <span>{n.readAt ? `已读（${chinaDateTime(n.readAt)}）` : "未读"}</span>
        </div>
        <Form method="post">
          <button
            type="submit"
            name="intent"
            value="open"
            className="primary"
            disabled={navigation.state === "submitting"}
          >
            {n.hasLink ? "前往相关页面" : n.readAt ? "返回通知" : "标为已读"}
          </button>
        </Form>
      </section>
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
