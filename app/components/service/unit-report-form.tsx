import { getCollectionProps, getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form, useNavigation } from "@remix-run/react";
import { FieldError, FormErrors, TextareaField, useZodForm } from "~/components/ui/forms";
import type { ReportChoice } from "~/models/service/unit-report-lists.server";
import { reportFormSchema, UNIT_REPORT_STATUS_LABELS } from "~/schemas/unit-report";

/**
 * The unit's 报到: the communities of its street as boxes to tick (the nearest one ticked, since a
 * unit normally reports where it stands), each with where the unit stands with it, and a note.
 */
export function UnitReportForm({
  lastResult,
  choices,
  nearestId,
}: {
  lastResult?: SubmissionResult<string[]> | null;
  choices: ReportChoice[];
  nearestId: number | null;
}) {
  const navigation = useNavigation();
  // Ticked by default only where a report can still be made.
  const open = (c: ReportChoice) => c.status !== "pending" && c.status !== "confirmed";
  const nearest = choices.find((c) => c.id === nearestId && open(c));
  const [form, fields] = useZodForm(reportFormSchema, {
    id: "unit-report-form",
    lastResult,
    defaultValue: { communityIds: nearest ? [String(nearest.id)] : [] },
  });
  const boxes = getCollectionProps(fields.communityIds, {
    type: "checkbox",
    options: choices.map((c) => String(c.id)),
  });
  return (
    <Form method="post" className="form card" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="report" />
      <FormErrors errors={form.errors} />
      <fieldset
        className="field meeting-units"
        aria-describedby={fields.communityIds.errors ? fields.communityIds.errorId : undefined}
      >
        <legend>
          报到的社区
          <span aria-hidden="true" style={{ color: "var(--red)" }}>
            {" "}
            *
          </span>
        </legend>
        {choices.length === 0 ? <p className="muted">本街道还没有社区。</p> : null}
        <div className="meeting-unit-grid">
          {boxes.map((props, i) => {
            const choice = choices[i]!;
            return (
              <label key={props.key} className="meeting-unit-choice">
                {/* Already pending or paired there: nothing to report (the server refuses it too). */}
                <input {...props} key={props.key} disabled={!open(choice)} />
                {choice.name}
                {choice.id === nearestId ? <small className="muted">（离本单位最近）</small> : null}
                {choice.status ? <small className="muted">（{UNIT_REPORT_STATUS_LABELS[choice.status]}）</small> : null}
              </label>
            );
          })}
        </div>
        <FieldError meta={fields.communityIds} />
      </fieldset>
      <TextareaField
        meta={fields.note}
        label="报到说明"
        rows={3}
        hint="本单位党组织能为社区做什么：如党员志愿服务、场地开放、专业咨询（500 字以内）"
      />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={navigation.state === "submitting"}>
          提交报到
        </button>
      </div>
    </Form>
  );
}
