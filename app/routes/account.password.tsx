import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { SubmitRow } from "~/components/platform/form-parts";
import { SavedNotice } from "~/components/platform/saved-notice";
import { FormErrors, TextField, useZodForm } from "~/components/ui/forms";
import { changeOwnPassword, mustChangePassword } from "~/models/platform/account.server";
import { changePasswordSchema, FIRST_SIGN_IN_NOTICE } from "~/schemas/account";
import { requireActor } from "~/utils/auth.server";
import { replyRefusal } from "~/utils/domain-result.server";
import { readForm } from "~/utils/read-form.server";
import { readSessionId } from "~/utils/session.server";

export const meta: MetaFunction = () => [{ title: "修改密码 · 共驻共建" }];

const HIDDEN = ["currentPassword", "newPassword", "confirmPassword"];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return { username: actor.username, mustChange: mustChangePassword(actor.id) };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const submission = parseWithZod(await readForm(request), { schema: changePasswordSchema(actor.username) });
  if (submission.status !== "success") return submission.reply({ hideFields: HIDDEN });
  const wasRequired = mustChangePassword(actor.id);
  const { currentPassword, newPassword } = submission.value;
  const result = await changeOwnPassword(actor, await readSessionId(request), currentPassword, newPassword);
  if (!result.ok) return replyRefusal(submission, result, { hideFields: HIDDEN });
  // A first sign-in goes on to the user's home page; a change made by choice says it was saved.
  throw redirect(wasRequired ? "/" : "/account/password?saved=1");
}

export default function AccountPasswordPage() {
  const { username, mustChange } = useLoaderData<typeof loader>();
  const location = useLocation();
  return (
    <>
      <SavedNotice />
      <div className="page-head">
        <h1>修改密码</h1>
      </div>
      {mustChange ? (
        <p className="notice" role="status" data-testid="must-change-password">
          {FIRST_SIGN_IN_NOTICE}：账号的初始密码由他人设置，设置自己的密码后才能使用其他功能。
        </p>
      ) : null}
      {/* Keyed by location so no password stays in the fields after saving. */}
      <PasswordForm key={location.key} username={username} />
    </>
  );
}

function PasswordForm({ username }: { username: string }) {
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useZodForm(changePasswordSchema(username), { id: "change-password", lastResult });
  return (
    <Form method="post" action="/account/password" className="form card" {...getFormProps(form)}>
      <FormErrors errors={form.errors} />
      <TextField
        meta={fields.currentPassword}
        label="当前密码"
        type="password"
        required
        autoComplete="current-password"
      />
      <TextField
        meta={fields.newPassword}
        label="新密码"
        type="password"
        required
        autoComplete="new-password"
        hint="至少 8 位，不能与当前密码或用户名相同。保存后，其他设备上的登录将退出。"
      />
      <TextField
        meta={fields.confirmPassword}
        label="再次输入新密码"
        type="password"
        required
        autoComplete="new-password"
      />
      <SubmitRow label="保存新密码" />
    </Form>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
