import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { rowOptions, SubmitRow, type NamedRow } from "~/components/platform/form-parts";
import { FormErrors, SelectField, TextareaField, TextField, useZodForm } from "~/components/ui/forms";
import { servicePostFormSchema, SLOTS_MAX } from "~/schemas/service";

/** 设岗定责: a new standing post of the community, on /service. */
export function ServicePostForm({
  lastResult,
  grids,
}: {
  lastResult?: SubmissionResult<string[]> | null;
  grids: NamedRow[];
}) {
  const [form, fields] = useZodForm(servicePostFormSchema, { id: "post-create", lastResult });
  return (
    <Form method="post" className="form card" {...getFormProps(form)}>
      <FormErrors errors={form.errors} />
      <input type="hidden" name="intent" value="create-post" />
      <div className="form-row two">
        <TextField
          meta={fields.title}
          label="岗位名称"
          required
          placeholder="如：楼栋文明劝导、助老陪护、四点半课堂辅导"
        />
        <TextField
          meta={fields.slots}
          label="名额"
          type="number"
          min={1}
          max={SLOTS_MAX}
          required
          inputMode="numeric"
        />
      </div>
      <TextareaField meta={fields.description} label="岗位职责" rows={3} placeholder="做什么、什么时间、在哪里" />
      {grids.length > 0 ? (
        <SelectField meta={fields.gridId} label="网格" options={rowOptions(grids)} placeholder="全社区（不限网格）" />
      ) : null}
      <SubmitRow label="发布岗位" />
    </Form>
  );
}
