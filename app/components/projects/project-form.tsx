import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form, useNavigation } from "@remix-run/react";
import type { CobuildingForm } from "#domain/vocabulary";
import { AppLink } from "~/components/ui/app-link";
import { FORM_LABELS, periodLabel } from "~/schemas/project-labels";
import { projectDraftSchema, projectScheduleSchema } from "~/schemas/project";
import { FormErrors, TextField, useZodForm } from "~/components/ui/forms";
import { FormsField, GoalsField, PeriodField, ScheduleFields } from "./project-fields";

export interface ProjectFormDefaults {
  id: number;
  title: string;
  goals: string;
  forms: CobuildingForm[];
  period: string;
  startDate: string | null;
  endDate: string | null;
}

function Actions({ projectId }: { projectId: number }) {
  const navigation = useNavigation();
  return (
    <div className="form-actions">
      <button type="submit" className="primary" disabled={navigation.state === "submitting"}>
        保存
      </button>
      <AppLink to={`/projects/${projectId}`} className="button secondary">
        返回项目
      </AppLink>
    </div>
  );
}

/** Before approval: every detail of the project. */
export function ProjectDraftForm({
  project,
  periods,
  lastResult,
}: {
  project: ProjectFormDefaults;
  periods: string[];
  lastResult?: SubmissionResult<string[]> | null;
}) {
  const [form, fields] = useZodForm(projectDraftSchema, {
    id: "project-form",
    lastResult,
    defaultValue: {
      title: project.title,
      goals: project.goals,
      forms: project.forms,
      period: project.period,
      startDate: project.startDate ?? "",
      endDate: project.endDate ?? "",
    },
  });
  return (
    <Form method="post" className="form card" {...getFormProps(form)}>
      <FormErrors errors={form.errors} />
      <TextField meta={fields.title} label="项目名称" required hint="4–60 个字" />
      <GoalsField meta={fields.goals} />
      <FormsField meta={fields.forms} />
      <ScheduleFields start={fields.startDate} end={fields.endDate} />
      <PeriodField meta={fields.period} periods={periods} />
      <Actions projectId={project.id} />
    </Form>
  );
}

/** After approval: the street decided on the title, forms and period; goals and schedule may still change. */
export function ProjectScheduleForm({
  project,
  lastResult,
}: {
  project: ProjectFormDefaults;
  lastResult?: SubmissionResult<string[]> | null;
}) {
  const [form, fields] = useZodForm(projectScheduleSchema, {
    id: "project-form",
    lastResult,
    defaultValue: { goals: project.goals, startDate: project.startDate ?? "", endDate: project.endDate ?? "" },
  });
  return (
    <Form method="post" className="form card" {...getFormProps(form)}>
      <FormErrors errors={form.errors} />
      <p className="muted">
        项目已获街道审批：名称、共建形式和所属季度以审批为准，不能再修改；目标和计划时间仍可调整。
      </p>
      <dl className="details">
        <dt>项目名称</dt>
        <dd>{project.title}</dd>
        <dt>共建形式</dt>
        <dd>{project.forms.map((f) => FORM_LABELS[f]).join("、")}</dd>
        <dt>所属季度</dt>
        <dd>{periodLabel(project.period)}</dd>
      </dl>
      <GoalsField meta={fields.goals} />
      <ScheduleFields start={fields.startDate} end={fields.endDate} />
      <Actions projectId={project.id} />
    </Form>
  );
}
