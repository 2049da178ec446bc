import { getFormProps } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { UNIT_KINDS } from "#domain/vocabulary";
import { FormErrors, SelectField, TextField, useZodForm } from "~/components/ui/forms";
import { SubmissionKeyField } from "~/components/ui/submission-key-field";
import { CoordinatePicker } from "~/components/map/coordinate-picker";
import { unitFormSchema, type UnitFormValues } from "~/schemas/admin";
import { CoordinateFields, type EntityFormProps, type NamedRow, rowOptions, SubmitRow } from "./form-parts";

const kindOptions = UNIT_KINDS.map((k) => ({ value: k, label: k }));

/** Creates a unit (without defaultValue) or edits one (with it). */
export function UnitForm({
  id,
  lastResult,
  defaultValue,
  submitLabel,
  action,
  submissionKey,
  streets,
  near,
}: EntityFormProps<UnitFormValues> & {
  streets: NamedRow[];
  /** Where a blank form's map starts (the places already entered). */
  near?: { lat: number; lng: number } | null;
}) {
  const [form, fields] = useZodForm(unitFormSchema, { id, lastResult, defaultValue });
  return (
    <Form method="post" action={action} className="form card" {...getFormProps(form)}>
      <FormErrors errors={form.errors} />
      <SubmissionKeyField value={submissionKey} />
      <TextField meta={fields.name} label="单位名称" required />
      <div className="form-row two">
        <SelectField meta={fields.kind} label="单位类型" required placeholder="请选择" options={kindOptions} />
        <SelectField
          meta={fields.streetId}
          label="所在街道"
          required
          placeholder="请选择"
          options={rowOptions(streets)}
        />
      </div>
      <CoordinateFields lat={fields.lat} lng={fields.lng} showExamples={!defaultValue} />
      <CoordinatePicker latId={fields.lat.id} lngId={fields.lng.id} near={near} />
      <TextField meta={fields.address} label="地址" hint="最多 100 字" />
      <SubmitRow label={submitLabel} />
    </Form>
  );
}
