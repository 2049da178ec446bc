import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useLocation, useSearchParams } from "@remix-run/react";
import { SubmitRow } from "~/components/platform/form-parts";
import { AppLink } from "~/components/ui/app-link";
import { FormErrors, TextField, useZodForm } from "~/components/ui/forms";
import { requireMember } from "~/models/service/member-actor.server";
import { ownMemberRecord, setMemberPassword } from "~/models/service/members.server";
import { MEMBER_STATUS_LABELS, memberPasswordSchema } from "~/schemas/member";
import { chinaDateTime } from "~/utils/china-time";
import { readForm } from "~/utils/read-form.server";

export const meta: MetaFunction = () => [{ title: "我的报到 · 共驻共建" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireMember(request);
  return { record: ownMemberRecord(actor), username: actor.username };
}

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await requireMember(request);
  const submission = parseWithZod(await readForm(request), { schema: memberPasswordSchema });
  if (submission.status !== "success") return submission.reply({ hideFields: ["newPassword", "confirmPassword"] });
  await setMemberPassword(actor, submission.value.newPassword);
  throw redirect("/member?password=1");
}

/** The member's own page, on their phone: where their report stands, and a password if they want one. */
export default function MemberHome() {
  const { record, username } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <>
      {params.get("welcome") ? <p className="notice">欢迎！您已进入共驻共建平台。</p> : null}
      {params.get("password") ? <p className="notice">密码已设置，以后也可以用用户名和密码登录。</p> : null}
      <h1>我的报到</h1>
      <section className="card">
        <dl className="details">
          <dt>姓名</dt>
          <dd>{record.name}</dd>
          <dt>所在单位</dt>
          <dd>{record.unitName}</dd>
          <dt>报到社区</dt>
          <dd>
            {record.communityName}
            {record.gridName ? ` · ${record.gridName}` : ""}
          </dd>
          <dt>报到状态</dt>
          <dd data-testid="member-status">{MEMBER_STATUS_LABELS[record.status]}</dd>
          {record.communityConfirmedAt ? (
            <>
              <dt>社区确认时间</dt>
              <dd>{chinaDateTime(record.communityConfirmedAt)}</dd>
            </>
          ) : null}
          {record.status === "declined" && record.declineReason ? (
            <>
              <dt>退回原因</dt>
              <dd>{record.declineReason}</dd>
            </>
          ) : null}
        </dl>
        {record.status === "member_confirmed" ? (
          <p className="muted">报到信息已送社区党组织，社区确认后即可认岗、报名参加服务活动。</p>
        ) : null}
        {record.status === "reported" ? (
          <p>
            <AppLink to="/member/service" className="button">
              认岗与报名活动
            </AppLink>{" "}
            <AppLink to="/member/record">我的服务记实</AppLink>
          </p>
        ) : null}
      </section>
      <h2 id="password">登录密码（可选）</h2>
      <p className="muted">
        您用单位发的个人链接即可进入，无需密码。想在其他设备上用用户名登录，可以设置密码：用户名是{" "}
        <strong>{username}</strong>。
      </p>
      <PasswordForm />
    </>
  );
}

function PasswordForm() {
  const lastResult = useActionData<typeof action>();
  const location = useLocation();
  const [form, fields] = useZodForm(memberPasswordSchema, { id: `member-password-${location.key}`, lastResult });
  return (
    <Form method="post" className="form card" {...getFormProps(form)}>
      <FormErrors errors={form.errors} />
      <TextField meta={fields.newPassword} label="设置密码" type="password" required autoComplete="new-password" />
      <TextField
        meta={fields.confirmPassword}
        label="再次输入密码"
        type="password"
        required
        autoComplete="new-password"
      />
      <SubmitRow label="保存密码" />
    </Form>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
