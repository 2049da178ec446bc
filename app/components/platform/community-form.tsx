import { getFormProps } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { FormErrors, SelectField, TextField, useZodForm } from "~/components/ui/forms";
import { SubmissionKeyField } from "~/components/ui/submission-key-field";
import { CoordinatePicker } from "~/components/map/coordinate-picker";
import { communityFormSchema, type CommunityFormValues } from "~/schemas/admin";
import { CoordinateFields, type EntityFormProps, type NamedRow, rowOptions, SubmitRow } from "./form-parts";

/** Creates a community (without defaultValue) or edits one (with it). */
export function CommunityForm({
  id,
  lastResult,
  defaultValue,
  submitLabel,
  action,
  submissionKey,
  streets,
  near,
}: EntityFormProps<CommunityFormValues> & {
  streets: NamedRow[];
  /** Where a blank form's map starts (the places already entered). */
  near?: { lat: number; lng: number } | null;
}) {
  const [form, fields] = useZodForm(communityFormSchema, { id, lastResult, defaultValue });
  return (
    <Form method="post" action={action} className="form card" {...getFormProps(form)}>
      <FormErrors errors={form.errors} />
      <SubmissionKeyField value={submissionKey} />
      <div className="form-row two">
        <TextField meta={fields.name} label="社区名称" required />
        <SelectField
          meta={fields.streetId}
          label="所属街道"
          required
          placeholder="请选择"
          options={rowOptions(streets)}
        />
      </div>
      <CoordinateFields lat={fields.lat} lng={fields.lng} showExamples={!defaultValue} />
      <CoordinatePicker latId={fields.lat.id} lngId={fields.lng.id} near={near} />
      <SubmitRow label={submitLabel} />
    </Form>
  );
}
