import { getFormProps } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { FormErrors, SelectField, TextField, useZodForm } from "~/components/ui/forms";
import { SubmissionKeyField } from "~/components/ui/submission-key-field";
import { streetFormSchema, type StreetFormValues } from "~/schemas/admin";
import { type EntityFormProps, type NamedRow, rowOptions, SubmitRow } from "./form-parts";

/** Creates a street (without defaultValue) or edits one (with it). */
export function StreetForm({
  id,
  lastResult,
  defaultValue,
  submitLabel,
  action,
  submissionKey,
  districts,
}: EntityFormProps<StreetFormValues> & { districts: NamedRow[] }) {
  const [form, fields] = useZodForm(streetFormSchema, { id, lastResult, defaultValue });
  return (
    <Form method="post" action={action} className="form card" {...getFormProps(form)}>
      <FormErrors errors={form.errors} />
      <SubmissionKeyField value={submissionKey} />
      <div className="form-row two">
        <TextField meta={fields.name} label="街道名称" required />
        <SelectField
          meta={fields.districtId}
          label="所属区"
          required
          placeholder="请选择"
          options={rowOptions(districts)}
        />
      </div>
      <SubmitRow label={submitLabel} />
    </Form>
  );
}
