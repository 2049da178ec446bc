import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { SubmitRow } from "~/components/platform/form-parts";
import { FormErrors, TextField, useZodForm } from "~/components/ui/forms";
import { cancelActivitySchema, walkInSchema } from "~/schemas/service";

/** A reported member of the community who came without signing up, found by their phone. */
export function WalkInForm({ lastResult }: { lastResult?: SubmissionResult<string[]> | null }) {
  const [form, fields] = useZodForm(walkInSchema, { id: "walk-in", lastResult });
  return (
    <Form method="post" className="form card" {...getFormProps(form)}>
      <FormErrors errors={form.errors} />
      <input type="hidden" name="intent" value="walk-in" />
      <TextField
        meta={fields.phone}
        label="未报名到场的党员手机号"
        type="tel"
        inputMode="tel"
        hint="本社区已报到的党员未报名就来参加时，按手机号登记到场（不受名额限制）"
      />
      <SubmitRow label="登记到场" />
    </Form>
  );
}

/** 确认工时 for everyone present and not yet confirmed, each with the hours shown in their row. */
export function ConfirmAllForm({ pending, plannedHours }: { pending: number; plannedHours: number }) {
  if (pending === 0) return null;
  return (
    <Form
      method="post"
      onSubmit={(e) => {
        if (!confirm(`确认 ${pending} 位到场党员的工时？确认后不能更改。`)) e.preventDefault();
      }}
    >
      <input type="hidden" name="intent" value="confirm-all" />
      <p className="muted">
        一键确认使用各人已改过的工时，未改过的按计划时长 {plannedHours} 小时计。需要不同工时的，请先在该行确认。
      </p>
      <button type="submit" className="primary">
        确认全部到场党员的工时（{pending} 人）
      </button>
    </Form>
  );
}

/** 取消活动: everyone signed up is told; refused once anyone has checked in. */
export function CancelActivityForm({ lastResult }: { lastResult?: SubmissionResult<string[]> | null }) {
  const [form, fields] = useZodForm(cancelActivitySchema, { id: "cancel-activity", lastResult });
  const formProps = getFormProps(form);
  return (
    <Form
      method="post"
      className="form card"
      {...formProps}
      // Asked first (it cannot be undone), then Conform's own submit handling.
      onSubmit={(e) => {
        if (confirm("取消这个活动？已报名的党员会收到通知。")) formProps.onSubmit(e);
        else e.preventDefault();
      }}
    >
      <FormErrors errors={form.errors} />
      <input type="hidden" name="intent" value="cancel" />
      <TextField meta={fields.reason} label="取消原因（会告诉已报名的党员）" placeholder="如：天气原因改期" />
      <div className="form-actions">
        <button type="submit" className="danger">
          取消活动
        </button>
      </div>
    </Form>
  );
}
