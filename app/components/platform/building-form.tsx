import { getFormProps } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { FormErrors, TextField, useZodForm } from "~/components/ui/forms";
import { buildingFormSchema, type BuildingFormValues } from "~/schemas/grid";
import { type EntityFormProps, SubmitRow } from "./form-parts";

/** Adds a building to a grid (without buildingId) or changes one (with it). */
export function BuildingForm({
  id,
  lastResult,
  defaultValue,
  submitLabel,
  action,
  buildingId,
}: EntityFormProps<BuildingFormValues> & { buildingId?: number }) {
  const [form, fields] = useZodForm(buildingFormSchema, { id, lastResult, defaultValue });
  return (
    <Form method="post" action={action} className="form card" {...getFormProps(form)}>
      <FormErrors errors={form.errors} />
      <input type="hidden" name="intent" value="save" />
      {buildingId ? <input type="hidden" name="buildingId" value={buildingId} /> : null}
      <div className="form-row three">
        <TextField meta={fields.name} label="楼栋名称" required placeholder="如：5号楼" />
        <TextField meta={fields.groupLeaderName} label="楼栋党小组长" />
        <TextField meta={fields.households} label="住户数" type="number" min={0} step={1} inputMode="numeric" />
      </div>
      <SubmitRow label={submitLabel} />
    </Form>
  );
}
