import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import { SavedNotice } from "~/components/platform/saved-notice";
import { SubmitRow } from "~/components/platform/form-parts";
import { FormErrors, TextField, useZodForm } from "~/components/ui/forms";
import { allSettings, saveSettings, SETTING_DEFINITIONS, type SettingKey } from "~/models/platform/settings.server";
import { settingsFormSchema } from "~/schemas/settings";
import { requireRole } from "~/utils/auth.server";
import { ADMIN_ONLY } from "~/utils/permissions";
import { readForm } from "~/utils/read-form.server";

export const meta: MetaFunction = () => [{ title: "平台设置 · 共驻共建" }];

const HINTS: Record<SettingKey, string> = {
  escalation_days: "需求发布后超过这些天仍未匹配，由定时维护任务自动送入街道协调队列。",
  meeting_interval_days: "社区距上次联席会议超过这些天，街道会看到“会议逾期”提示。",
  agreement_reminder_days: "共建协议到期前这些天，提醒协议双方续签或办结。",
};

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ADMIN_ONLY);
  return { values: allSettings(), definitions: SETTING_DEFINITIONS };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireRole(request, ADMIN_ONLY);
  const submission = parseWithZod(await readForm(request), { schema: settingsFormSchema(SETTING_DEFINITIONS) });
  if (submission.status !== "success") return submission.reply();
  saveSettings(actor.id, submission.value);
  throw redirect("/admin/settings?saved=1");
}

export default function AdminSettings() {
  const { values, definitions } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const schema = useMemo(() => settingsFormSchema(definitions), [definitions]);
  const [form, fields] = useZodForm(schema, { id: "settings", lastResult, defaultValue: values });
  const keys = Object.keys(definitions) as SettingKey[];
  return (
    <>
      <SavedNotice />
      <div className="page-head">
        <h1>平台设置</h1>
      </div>
      <Form method="post" className="form card" {...getFormProps(form)}>
        <FormErrors errors={form.errors} />
        {keys.map((key) => (
          <TextField
            key={key}
            meta={fields[key]}
            label={definitions[key].label}
            type="number"
            inputMode="numeric"
            required
            hint={`${HINTS[key]}允许 ${definitions[key].min}–${definitions[key].max} 天，默认 ${definitions[key].default} 天。`}
          />
        ))}
        <SubmitRow label="保存设置" />
      </Form>
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
