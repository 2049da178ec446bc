import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { Pager } from "~/components/ui/list-controls";
import { inboxPage, markAllRead } from "~/models/platform/notification-inbox.server";
import { inboxActionSchema } from "~/schemas/notification";
import { requireActor } from "~/utils/auth.server";
import { chinaDateTime } from "~/utils/china-time";
import { readForm } from "~/utils/read-form.server";

export const meta: MetaFunction = () => [{ title: "通知 · 共驻共建" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const page = Number(new URL(request.url).searchParams.get("page")) || 1;
  return inboxPage(actor, page);
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const parsed = inboxActionSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) throw new Response("无法识别的操作", { status: 400 });
  markAllRead(actor);
  throw redirect("/notifications");
}

export default function Notifications() {
  const { items, total, page, pageCount, unread } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  return (
    <>
      <div className="page-head">
        <h1>通知</h1>
        {unread > 0 ? (
          <Form method="post">
            <button
              type="submit"
              name="intent"
              value="read-all"
              className="secondary"
              disabled={navigation.state === "submitting"}
            >
              全部标为已读
            </button>
          </Form>
        ) : null}
      </div>
      <p className="muted">
        {unread > 0 ? `${unread} 条未读。` : "没有未读通知。"}点开一条通知即标为已读，并前往相关页面。
      </p>
      {items.length === 0 ? (
        <p className="card muted">还没有通知。匹配建议、认领、签署、记实确认、督办和会议等待办会出现在这里。</p>
      ) : (
        <ul className="item-list" aria-label="通知列表">
          {items.map((n) => (
            <li key={n.id} className={`item notification${n.readAt ? "" : " unread"}`} data-testid="notification">
              {/* Opening is a POST (it marks the notification read); GET /notifications/:id only shows it. */}
              <Form method="post" action={`/notifications/${n.id}`} className="notification-open">
                <h3>
                  <button type="submit" name="intent" value="open">
                    {n.readAt ? null : <span className="badge urgent">未读</span>} {n.title}
                  </button>
                </h3>
              </Form>
              {n.body ? <p>{n.body}</p> : null}
              <div className="meta">
                <span>{chinaDateTime(n.createdAt)}</span>
              </div>
            </li>
          ))}
        </ul>
      )}
      {pageCount > 1 ? <Pager page={page} pageCount={pageCount} total={total} /> : null}
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
