import { getCollectionProps, getFormProps, getInputProps, type SubmissionResult } from "@conform-to/react";
import { Form, useNavigation } from "@remix-run/react";
import { scheduleMeetingSchema } from "~/schemas/meeting";
import { FieldError, FormErrors, TextField, useZodForm } from "~/components/ui/forms";
import { SubmissionKeyField } from "~/components/ui/submission-key-field";

export interface SchedulingUnit {
  id: number;
  name: string;
  kind: string;
}

/** Scheduling a meeting: name, time, place and the street's units to invite. */
export function MeetingForm({
  lastResult,
  defaultTitle,
  units,
  submissionKey,
}: {
  lastResult?: SubmissionResult<string[]> | null;
  defaultTitle: string;
  units: SchedulingUnit[];
  /** The page's one-time key: a second submit finds the meeting the first one scheduled (decision 029). */
  submissionKey: string;
}) {
  const navigation = useNavigation();
  const [form, fields] = useZodForm(scheduleMeetingSchema, {
    id: "meeting-form",
    lastResult,
    defaultValue: { title: defaultTitle },
  });
  const when = getInputProps(fields.scheduledAt, { type: "datetime-local" });
  const unitBoxes = getCollectionProps(fields.unitIds, { type: "checkbox", options: units.map((u) => String(u.id)) });
  return (
    <Form method="post" className="form card" {...getFormProps(form)}>
      <FormErrors errors={form.errors} />
      <SubmissionKeyField value={submissionKey} />
      <TextField meta={fields.title} label="会议名称" required hint="4–60 个字" />
      <div className="form-row two">
        <div className="field">
          <label htmlFor={fields.scheduledAt.id}>
            会议时间
            <span aria-hidden="true" style={{ color: "var(--red)" }}>
              {" "}
              *
            </span>
          </label>
          <input {...when} key={when.key} />
          <FieldError meta={fields.scheduledAt} />
        </div>
        <TextField meta={fields.place} label="会议地点" required placeholder="如：街道党群服务中心二楼会议室" />
      </div>
      <fieldset
        className="field meeting-units"
        aria-describedby={fields.unitIds.errors ? fields.unitIds.errorId : undefined}
      >
        <legend>
          邀请的驻区单位
          <span aria-hidden="true" style={{ color: "var(--red)" }}>
            {" "}
            *
          </span>
        </legend>
        {units.length === 0 ? <p className="muted">本街道还没有驻区单位。</p> : null}
        <div className="meeting-unit-grid">
          {unitBoxes.map((props, i) => (
            <label key={props.key} className="meeting-unit-choice">
              <input {...props} key={props.key} />
              {units[i]!.name}
              <small className="muted">（{units[i]!.kind}）</small>
            </label>
          ))}
        </div>
        <FieldError meta={fields.unitIds} />
      </fieldset>
      <p className="hint muted">
        创建后自动生成议题：待审批的项目草稿和上报街道的需求。单位、社区和街道将收到会议通知。
      </p>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={navigation.state === "submitting"}>
          安排会议
        </button>
      </div>
    </Form>
  );
}
