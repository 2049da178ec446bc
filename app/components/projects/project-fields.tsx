import { getCollectionProps } from "@conform-to/react";
import type { ReactNode } from "react";
import { COBUILDING_FORMS } from "#domain/vocabulary";
import { FORM_LABELS, periodLabel } from "~/schemas/project-labels";
import { FieldError, SelectField, TextField, TextareaField, type AnyField } from "~/components/ui/forms";

type Meta = AnyField;

/** A group of checkboxes for one array field, its error under the group. */
export function CheckboxGroup({
  meta,
  legend,
  hint,
  options,
  required,
}: {
  meta: Meta;
  legend: string;
  hint?: ReactNode;
  options: { value: string; label: ReactNode }[];
  required?: boolean;
}) {
  const inputs = getCollectionProps(meta, { type: "checkbox", options: options.map((o) => o.value) });
  return (
    <fieldset
      className="project-checks"
      aria-invalid={meta.errors?.length ? true : undefined}
      aria-describedby={meta.errors?.length ? meta.errorId : undefined}
    >
      <legend>
        {legend}
        {required ? (
          <span aria-hidden="true" style={{ color: "var(--red)" }}>
            {" "}
            *
          </span>
        ) : null}
      </legend>
      {hint ? <p className="hint">{hint}</p> : null}
      {inputs.map(({ key, required: _required, ...props }, i) => (
        <label key={key} className="project-check">
          <input {...props} />
          <span>{options[i]!.label}</span>
        </label>
      ))}
      <FieldError meta={meta} />
    </fieldset>
  );
}

const formOptions = COBUILDING_FORMS.map((f) => ({ value: f, label: FORM_LABELS[f] }));

export function FormsField({ meta }: { meta: Meta }) {
  return (
    <CheckboxGroup meta={meta} legend="共建形式" hint="至少选择一种；审批时以此为准" options={formOptions} required />
  );
}

export function PeriodField({ meta, periods }: { meta: Meta; periods: string[] }) {
  return (
    <SelectField
      meta={meta}
      label="所属项目清单（季度）"
      required
      options={periods.map((p) => ({ value: p, label: periodLabel(p) }))}
    />
  );
}

export function GoalsField({ meta }: { meta: Meta }) {
  return <TextareaField meta={meta} label="项目目标" hint="最多 2000 字：服务谁、做成什么样、怎样算完成" />;
}

export function ScheduleFields({ start, end }: { start: Meta; end: Meta }) {
  return (
    <div className="form-row two">
      <TextField meta={start} label="计划开始日期" type="date" />
      <TextField meta={end} label="计划结束日期" type="date" />
    </div>
  );
}
