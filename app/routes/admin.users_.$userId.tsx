import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { AppLink } from "~/components/ui/app-link";
import { SubmitRow } from "~/components/platform/form-parts";
import { SavedNotice } from "~/components/platform/saved-notice";
import { FormErrors, TextField, useZodForm } from "~/components/ui/forms";
import { resetPassword } from "~/models/platform/admin.server";
import { getUser } from "~/models/platform/admin-lists.server";
import { resetPasswordSchema } from "~/schemas/admin";
import { requireParamId, requireRole } from "~/utils/auth.server";
import { chinaDateTime } from "~/utils/china-time";
import { ROLE_LABELS, ADMIN_ONLY } from "~/utils/permissions";
import { readForm } from "~/utils/read-form.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `账号 ${data?.user.username ?? ""} · 共驻共建` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, ADMIN_ONLY);
  const user = getUser(requireParamId(params, "userId", "账号编号有误"));
  return {
    user: {
      ...user,
      createdAtText: chinaDateTime(user.createdAt),
      disabledAtText: user.disabledAt ? chinaDateTime(user.disabledAt) : null,
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireRole(request, ADMIN_ONLY);
  const id = requireParamId(params, "userId", "账号编号有误");
  const submission = parseWithZod(await readForm(request), { schema: resetPasswordSchema });
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

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
