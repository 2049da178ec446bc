import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { FormErrors, TextField } from "~/components/ui/forms";
import { hasDemoAccounts } from "~/models/platform/users.server";
import { loginFormSchema } from "~/schemas/login";
import { attemptLogin, getActor, safeRedirect } from "~/utils/auth.server";
import { replyRefusal } from "~/utils/domain-result.server";
import { readForm } from "~/utils/read-form.server";

export const meta: MetaFunction = () => [{ title: "登录 · 共驻共建" }];

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getActor(request)) throw redirect("/");
  // The hint follows the demo accounts themselves (DEMO_DATA seeds them), not NODE_ENV: npm start is always production.
  return { showDemo: hasDemoAccounts() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: loginFormSchema });
  if (submission.status !== "success") {
    return submission.reply({ hideFields: ["password"] });
  }
  const { username, password, redirectTo } = submission.value;
  // Decided before anything is written, so a bad target can never leave a session without its cookie.
  const target = safeRedirect(redirectTo);
  // The client's address as express computes it (req.ip, honouring TRUST_PROXY): server.ts's getLoadContext.
  const result = await attemptLogin(username, password, context.clientAddress);
  if (!result.ok) {
    const reply = replyRefusal(submission, result, { hideFields: ["password"] });
    return result.throttled ? data(reply, { status: 429 }) : reply;
  }
  throw redirect(target, { headers: { "Set-Cookie": result.cookie } });
}

export default function LoginPage() {
  const { showDemo } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "login",
    lastResult,
    constraint: getZodConstraint(loginFormSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: loginFormSchema }),
    shouldRevalidate: "onBlur",
  });
  return (
    <section className="card login">
      <h1>登录共驻共建平台</h1>
      <Form method="post" className="form" {...getFormProps(form)}>
        <FormErrors errors={form.errors} />
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? "/"} />
        <TextField meta={fields.username} label="用户名" autoComplete="username" autoFocus />
        <TextField meta={fields.password} label="密码" type="password" autoComplete="current-password" />
        <button type="submit" className="primary" disabled={navigation.state === "submitting"}>
          {navigation.state === "submitting" ? "正在登录…" : "登录"}
        </button>
      </Form>
      {showDemo ? (
        <details className="demo-logins">
          <summary>演示账号</summary>
          <p>
            demo-community（社区）、demo-grid（网格员）、demo-member（在职党员）、demo-unit（驻区单位）、demo-street（街道）、demo-district（区）、admin（管理员），密码均为
            demo1234。
          </p>
        </details>
      ) : null}
    </section>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
