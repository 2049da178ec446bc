import { getFormProps, getInputProps, getSelectProps, type SubmissionResult } from "@conform-to/react";
import { Form, useNavigation } from "@remix-run/react";
import { BALLOT_BATCH_MAX, createEvaluationSchema, defaultEvaluationTitle } from "~/schemas/evaluation";
import { FieldError, FormErrors, TextField, useZodForm } from "~/components/ui/forms";
import { SubmissionKeyField } from "~/components/ui/submission-key-field";

export interface EvaluationUnitOption {
  id: number;
  name: string;
  kind: string;
}

function Required() {
  return (
    <span aria-hidden="true" style={{ color: "var(--red)" }}>
      {" "}
      *
    </span>
  );
}

/** Opening an evaluation: the unit, the period, the deadline and the first batch of ballots. */
export function EvaluationForm({
  lastResult,
  partnerUnits,
  otherUnits,
  defaults,
  submissionKey,
}: {
  lastResult?: SubmissionResult<string[]> | null;
  partnerUnits: EvaluationUnitOption[];
  otherUnits: EvaluationUnitOption[];
  defaults: { periodStart: string; periodEnd: string; deadline: string; ballotCount: string };
  /** The page's one-time key: a second submit finds the evaluation the first one opened (decision 029). */
  submissionKey: string;
}) {
  const navigation = useNavigation();
  const [form, fields] = useZodForm(createEvaluationSchema, {
    id: "evaluation-form",
    lastResult,
    defaultValue: defaults,
  });
  const unitSelect = getSelectProps(fields.unitId);
  const deadline = getInputProps(fields.deadline, { type: "datetime-local" });
  const chosen = [...partnerUnits, ...otherUnits].find((u) => String(u.id) === fields.unitId.value);
  const titlePlaceholder = defaultEvaluationTitle(
    chosen?.name ?? "（单位名）",
    fields.periodStart.value || defaults.periodStart,
  );
  return (
    <Form method="post" className="form card" {...getFormProps(form)}>
      <FormErrors errors={form.errors} />
      <SubmissionKeyField value={submissionKey} />
      <div className="field">
        <label htmlFor={fields.unitId.id}>
          被评议的驻区单位
          <Required />
        </label>
        <select {...unitSelect} key={unitSelect.key}>
          <option value="">请选择单位</option>
          {partnerUnits.length > 0 ? (
            <optgroup label="与本社区有共建项目的单位">
              {partnerUnits.map((u) => (
                <option key={u.id} value={u.id}>
                  {`${u.name}（${u.kind}）`}
                </option>
              ))}
            </optgroup>
          ) : null}
          {otherUnits.length > 0 ? (
            <optgroup label="本街道其他单位">
              {otherUnits.map((u) => (
                <option key={u.id} value={u.id}>
                  {`${u.name}（${u.kind}）`}
                </option>
              ))}
            </optgroup>
          ) : null}
        </select>
        <FieldError meta={fields.unitId} />
      </div>
      <div className="form-row two">
        <TextField meta={fields.periodStart} label="评议期间：开始" type="date" required />
        <TextField meta={fields.periodEnd} label="评议期间：结束" type="date" required hint="默认为本年度，最长 2 年" />
      </div>
      <div className="form-row two">
        <div className="field">
          <label htmlFor={fields.deadline.id}>
            投票截止时间
            <Required />
          </label>
          <input {...deadline} key={deadline.key} />
          <span className="hint">截止后评议票失效，评议自动结束</span>
          <FieldError meta={fields.deadline} />
        </div>
        <TextField
          meta={fields.ballotCount}
          label="发放评议票（张）"
          type="number"
          min={1}
          max={BALLOT_BATCH_MAX}
          required
          hint={`1–${BALLOT_BATCH_MAX} 张，以后还可以补发`}
        />
      </div>
      <TextField meta={fields.title} label="评议名称" placeholder={titlePlaceholder} hint="留空则使用上面的默认名称" />
      <p className="hint muted">
        提交后立即生成评议票二维码打印页。为保证一票一投，系统不保存二维码链接本身，打印页只显示这一次，请准备好打印。被评议单位和街道将收到通知。
      </p>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={navigation.state === "submitting"}>
          发起评议并生成评议票
        </button>
      </div>
    </Form>
  );
}
