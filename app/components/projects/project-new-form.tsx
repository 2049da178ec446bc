import { getCollectionProps, getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form, useNavigation } from "@remix-run/react";
import { AppLink } from "~/components/ui/app-link";
import { newProjectSchema } from "~/schemas/project";
import { FieldError, FormErrors, TextField, useZodForm, type AnyField } from "~/components/ui/forms";
import { SubmissionKeyField } from "~/components/ui/submission-key-field";
import { CheckboxGroup, FormsField, GoalsField, PeriodField, ScheduleFields } from "./project-fields";

export interface CreationOptions {
  communityName: string;
  needs: { id: number; title: string; category: string }[];
  units: {
    unitId: number;
    unitName: string;
    resources: { id: number; title: string; category: string; remaining: number }[];
  }[];
}

/** Resources grouped by their unit: one checkbox list, a heading per unit. */
function ResourcePicker({ meta, units }: { meta: AnyField; units: CreationOptions["units"] }) {
  const all = units.flatMap((u) => u.resources);
  const inputs = getCollectionProps(meta, { type: "checkbox", options: all.map((r) => String(r.id)) });
  const inputFor = (id: number) => inputs[all.findIndex((r) => r.id === id)]!;
  return (
    <fieldset
      className="project-checks"
      aria-invalid={meta.errors?.length ? true : undefined}
      aria-describedby={meta.errors?.length ? meta.errorId : undefined}
    >
      <legend>
        对接单位与资源
        <span aria-hidden="true" style={{ color: "var(--red)" }}>
          {" "}
          *
        </span>
      </legend>
      <p className="hint">本街道驻区单位仍有名额的资源；每选一项占用该资源一个名额。</p>
      {units.length === 0 ? <p className="muted">本街道暂无可对接的资源。</p> : null}
      {units.map((unit) => (
        <div key={unit.unitId} className="project-unit-group" role="group" aria-label={unit.unitName}>
          <h3>{unit.unitName}</h3>
          {unit.resources.map((r) => {
            const { key, required: _required, ...props } = inputFor(r.id);
            return (
              <label key={key} className="project-check">
                <input {...props} />
                <span>
                  {r.title}{" "}
                  <small className="muted">
                    （{r.category}，剩余名额 {r.remaining}）
                  </small>
                </span>
              </label>
            );
          })}
        </div>
      ))}
      <FieldError meta={meta} />
    </fieldset>
  );
}

export function NewProjectForm({
  options,
  periods,
  defaultPeriod,
  lastResult,
  submissionKey,
}: {
  options: CreationOptions;
  periods: string[];
  defaultPeriod: string;
  lastResult?: SubmissionResult<string[]> | null;
  /** The page's one-time key: a second submit finds the project the first one made (decision 029). */
  submissionKey: string;
}) {
  const navigation = useNavigation();
  const [form, fields] = useZodForm(newProjectSchema, {
    id: "new-project-form",
    lastResult,
    defaultValue: { period: defaultPeriod },
  });
  const needOptions = options.needs.map((n) => ({
    value: String(n.id),
    label: (
      <>
        {n.title} <small className="muted">（{n.category}）</small>
      </>
    ),
  }));
  return (
    <Form method="post" className="form card" {...getFormProps(form)}>
      <FormErrors errors={form.errors} />
      <SubmissionKeyField value={submissionKey} />
      {options.needs.length === 0 ? (
        <p className="muted">
          本社区暂无征集中的需求。<AppLink to="/needs/new">先发布需求</AppLink>
        </p>
      ) : (
        <CheckboxGroup
          meta={fields.needIds}
          legend="本社区需求（征集中）"
          hint="可选多条；项目创建后这些需求变为“已匹配”"
          options={needOptions}
          required
        />
      )}
      <ResourcePicker meta={fields.resourceIds} units={options.units} />
      <TextField meta={fields.title} label="项目名称" hint="留空则使用第一条需求的标题" />
      <GoalsField meta={fields.goals} />
      <FormsField meta={fields.forms} />
      <ScheduleFields start={fields.startDate} end={fields.endDate} />
      <PeriodField meta={fields.period} periods={periods} />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={navigation.state === "submitting"}>
          创建项目草稿
        </button>
        <AppLink to="/projects" className="button secondary">
          返回项目清单
        </AppLink>
      </div>
    </Form>
  );
}
