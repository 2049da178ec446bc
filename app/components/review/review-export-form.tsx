import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form, useNavigation } from "@remix-run/react";
import { useMemo } from "react";
import { FormErrors, SelectField, useZodForm } from "~/components/ui/forms";
import { exportYearOptions, reviewExportSchema, type ExportYearRange } from "~/schemas/review-export";

/** Choose the year and start a build; disabled while one of the user's builds is under way. */
export function ReviewExportForm({
  range,
  lastResult,
  busy,
}: {
  range: ExportYearRange;
  lastResult?: SubmissionResult<string[]> | null;
  busy: boolean;
}) {
  const schema = useMemo(() => reviewExportSchema(range), [range]);
  const [form, fields] = useZodForm(schema, { id: "review-export", lastResult, defaultValue: { year: range.max } });
  const navigation = useNavigation();
  return (
    <Form method="post" className="form card" {...getFormProps(form)}>
      <FormErrors errors={form.errors} />
      <SelectField
        meta={fields.year}
        label="考核年度"
        options={exportYearOptions(range)}
        required
        hint="统计该年 1 月 1 日至 12 月 31 日；当年的数据截至生成之时。"
      />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy || navigation.state === "submitting"}>
          生成年度考核表
        </button>
      </div>
      {busy ? <p className="muted">您有一份考核表正在生成，完成后可再生成新的。</p> : null}
    </Form>
  );
}
