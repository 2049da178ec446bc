import { getFormProps } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { FormErrors, TextField, useZodForm } from "~/components/ui/forms";
import { HOUSEHOLDS_LINKED_MAX, householdFormSchema, type HouseholdFormValues } from "~/schemas/grid";
import { type EntityFormProps, SubmitRow } from "./form-parts";

/** Adds a party member household to a building (without householdId) or changes one (with it). */
export function HouseholdForm({
  id,
  lastResult,
  defaultValue,
  submitLabel,
  action,
  householdId,
}: EntityFormProps<HouseholdFormValues> & { householdId?: number }) {
  const [form, fields] = useZodForm(householdFormSchema, { id, lastResult, defaultValue });
  return (
    <Form method="post" action={action} className="form card" {...getFormProps(form)}>
      <FormErrors errors={form.errors} />
      <input type="hidden" name="intent" value="save" />
      {householdId ? <input type="hidden" name="householdId" value={householdId} /> : null}
      <div className="form-row two">
        <TextField meta={fields.memberName} label="中心户姓名" required autoComplete="off" />
        <TextField meta={fields.room} label="门牌号" placeholder="如：2单元301" />
      </div>
      <div className="form-row two">
        <TextField meta={fields.phone} label="联系电话" type="tel" autoComplete="off" />
        <TextField
          meta={fields.linkedHouseholds}
          label="联系户数"
          type="number"
          min={0}
          max={HOUSEHOLDS_LINKED_MAX}
          step={1}
          inputMode="numeric"
          hint="这户党员经常联系的周边住户数"
        />
      </div>
      <SubmitRow label={submitLabel} />
    </Form>
  );
}
