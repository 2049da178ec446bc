import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form, useNavigation } from "@remix-run/react";
import { FormErrors, SelectField, TextareaField, useZodForm } from "~/components/ui/forms";
import { pairFormSchema } from "~/schemas/unit-report";

interface Choice {
  id: number;
  name: string;
}

/** The street's 结对: one of its units with one of its communities, which the community then confirms. */
export function UnitPairingForm({
  lastResult,
  units,
  communities,
}: {
  lastResult?: SubmissionResult<string[]> | null;
  units: Choice[];
  communities: Choice[];
}) {
  const navigation = useNavigation();
  const [form, fields] = useZodForm(pairFormSchema, { id: "unit-pairing-form", lastResult });
  const options = (choices: Choice[]) => choices.map((c) => ({ value: String(c.id), label: c.name }));
  return (
    <Form method="post" className="form card" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="pair" />
      <FormErrors errors={form.errors} />
      <div className="form-row two">
        <SelectField meta={fields.unitId} label="驻区单位" required placeholder="请选择" options={options(units)} />
        <SelectField
          meta={fields.communityId}
          label="社区"
          required
          placeholder="请选择"
          options={options(communities)}
        />
      </div>
      <TextareaField meta={fields.note} label="结对说明" rows={2} hint="为何结对、希望共建什么（500 字以内）" />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={navigation.state === "submitting"}>
          安排结对
        </button>
      </div>
    </Form>
  );
}
