import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { AppLink } from "~/components/app-link";
import { SubmitRow } from "~/components/admin/form-parts";
import { SavedNotice } from "~/components/admin/saved-notice";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormErrors, TextField, useZodForm } from "~/components/forms";
import { formatBeijingTime, getUser, resetPassword } from "~/models/admin.server";
import { resetPasswordSchema } from "~/schemas/admin";
import { parseId } from "~/schemas/common";
import { notFound, requireRole } from "~/utils/auth.server";
import { ROLE_LABELS } from "~/utils/permissions";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `账号 ${data?.user.username ?? ""} · 共驻共建` }];

function userId(params: { userId?: string }) {
  return parseId(params.userId) ?? notFound("账号编号有误");
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const user = getUser(userId(params));
  return {
    user: {
      ...user,
      createdAtText: formatBeijingTime(user.createdAt),
      disabledAtText: user.disabledAt ? formatBeijingTime(user.disabledAt) : null,
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireRole(request, "admin");
  const id = userId(params);
  const submission = parseWithZod(await request.formData(), { schema: resetPasswordSchema });
  if (submission.status !== "success") return submission.reply({ hideFields: ["password"] });
  await resetPassword(actor, id, submission.value.password);
  throw redirect(`/admin/users/${id}?saved=1`);
}

export default function AdminUserDetail() {
  const { user } = useLoaderData<typeof loader>();
  const location = useLocation();
  return (
    <>
      <SavedNotice />
      <div className="page-head">
        <h1>
          {user.displayName}（{user.username}）
        </h1>
        <AppLink to="/admin/users">返回账号列表</AppLink>
      </div>
      <section className="card">
        <dl className="details">
          <dt>用户名</dt>
          <dd>{user.username}</dd>
          <dt>姓名</dt>
          <dd>{user.displayName}</dd>
          <dt>角色</dt>
          <dd>{ROLE_LABELS[user.role]}</dd>
          <dt>所属</dt>
          <dd>{user.scopeName ?? "—"}</dd>
          <dt>状态</dt>
          <dd>
            {user.status === "disabled"
              ? `已停用（${user.disabledAtText}）`
              : user.status === "locked"
                ? `已锁定至 ${user.lockedUntilText}`
                : "正常"}
          </dd>
          <dt>创建时间</dt>
          <dd>{user.createdAtText}</dd>
        </dl>
      </section>
      <h2>重置密码</h2>
      {/* Keyed by location so the new password does not stay in the field after saving. */}
      <ResetPasswordForm key={location.key} userId={user.id} />
    </>
  );
}

function ResetPasswordForm({ userId }: { userId: number }) {
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useZodForm(resetPasswordSchema, { id: `reset-password-${userId}`, lastResult });
  return (
    <Form method="post" action={`/admin/users/${userId}`} className="form card" {...getFormProps(form)}>
      <FormErrors errors={form.errors} />
      <TextField
        meta={fields.password}
        label="新密码"
        type="password"
        required
        autoComplete="new-password"
        hint="至少 8 位。重置后该账号的登录锁定解除，已登录的设备需用新密码重新登录。"
      />
      <SubmitRow label="重置密码" />
    </Form>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
