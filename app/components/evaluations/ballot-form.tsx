import { getCollectionProps, getFormProps, getTextareaProps, type SubmissionResult } from "@conform-to/react";
import { Form, useNavigation } from "@remix-run/react";
import { GRADE_LABELS, GRADE_ORDER, RATING_CRITERIA, type RatingCriterion } from "~/schemas/evaluation-labels";
import { ballotVoteSchema, COMMENT_MAX } from "~/schemas/evaluation";
import { FieldError, FormErrors, useZodForm, type AnyField } from "~/components/ui/forms";

function ChoiceGroup({
  meta,
  legend,
  hint,
  options,
  className,
}: {
  meta: AnyField;
  legend: string;
  hint?: string;
  options: { value: string; label: string }[];
  className: string;
}) {
  const radios = getCollectionProps(meta, { type: "radio", options: options.map((o) => o.value) });
  return (
    <fieldset
      className={`field ballot-choice ${className}`}
      aria-invalid={meta.errors ? true : undefined}
      aria-describedby={meta.errors ? meta.errorId : undefined}
    >
      <legend>
        {legend}
        <span aria-hidden="true" style={{ color: "var(--red)" }}>
          {" "}
          *
        </span>
      </legend>
      {hint ? <span className="hint">{hint}</span> : null}
      <div className="ballot-options">
        {radios.map((props, i) => (
          <label key={props.key}>
            <input {...props} key={props.key} />
            <span>{options[i]!.label}</span>
          </label>
        ))}
      </div>
      <FieldError meta={meta} />
    </fieldset>
  );
}

const SCORES = ["1", "2", "3", "4", "5"].map((v) => ({ value: v, label: v }));

/** The ballot: three ratings 1–5, an overall grade and an optional comment. */
export function BallotForm({
  lastResult,
  formError,
}: {
  lastResult?: SubmissionResult<string[]> | null;
  formError?: string | null;
}) {
  const navigation = useNavigation();
  const [form, fields] = useZodForm(ballotVoteSchema, { id: "ballot-form", lastResult });
  const comment = getTextareaProps(fields.comment);
  return (
    <Form method="post" className="form card evaluation-card ballot-form" {...getFormProps(form)}>
      <h2>评议票</h2>
      <FormErrors errors={formError ? [formError] : form.errors} />
      {(Object.keys(RATING_CRITERIA) as RatingCriterion[]).map((key, i) => (
        <ChoiceGroup
          key={key}
          meta={fields[key]}
          legend={RATING_CRITERIA[key]}
          hint={i === 0 ? "1 分最低，5 分最高" : undefined}
          options={SCORES}
          className="ballot-rating"
        />
      ))}
      <ChoiceGroup
        meta={fields.grade}
        legend="总体评价"
        options={GRADE_ORDER.map((g) => ({ value: g, label: GRADE_LABELS[g] }))}
        className="ballot-grade"
      />
      <div className="field">
        <label htmlFor={fields.comment.id}>意见建议（选填）</label>
        <textarea
          {...comment}
          key={comment.key}
          maxLength={COMMENT_MAX}
          rows={4}
          placeholder="对该单位参与社区共建的意见和建议"
        />
        <span className="hint">{COMMENT_MAX} 字以内，请勿填写个人信息</span>
        <FieldError meta={fields.comment} />
      </div>
      <p className="hint muted">每张评议票只能投一次，提交后不能修改。</p>
      <div className="form-actions">
        <button type="submit" className="primary ballot-submit" disabled={navigation.state === "submitting"}>
          提交评议
        </button>
      </div>
    </Form>
  );
}
