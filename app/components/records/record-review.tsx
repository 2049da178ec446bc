import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form, useNavigation } from "@remix-run/react";
import { recordReviewSchema } from "~/schemas/activity-record";
import { FormErrors, TextareaField, useZodForm } from "~/components/ui/forms";

/** The other side's answer: confirm, or dispute with a reason the recorder can act on. */
export function RecordReview({ lastResult }: { lastResult?: SubmissionResult<string[]> | null }) {
  const navigation = useNavigation();
  const [form, fields] = useZodForm(recordReviewSchema, { id: "record-review", lastResult });
  const busy = navigation.state === "submitting";
  return (
    <Form method="post" className="form" {...getFormProps(form)}>
      <FormErrors errors={form.errors} />
      <p className="muted">请核实活动是否属实、数字是否准确。确认后记实计入统计和评议，任何人不能再修改。</p>
      <TextareaField meta={fields.reason} label="异议理由" hint="提出异议时必填：哪里不符、应当如何更正" rows={3} />
      <div className="form-actions">
        <button type="submit" name="intent" value="confirm" className="primary" disabled={busy}>
          确认
        </button>
        <button type="submit" name="intent" value="dispute" className="danger" disabled={busy}>
          有异议
        </button>
      </div>
    </Form>
  );
}
