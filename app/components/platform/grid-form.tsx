import { getFormProps } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { FormErrors, TextField, useZodForm } from "~/components/ui/forms";
import { gridFormSchema, type GridFormValues } from "~/schemas/grid";
import { type EntityFormProps, SubmitRow } from "./form-parts";

/** Adds a grid (without gridId) or changes one (with it), on the community's grid page. */
export function GridForm({
  id,
  lastResult,
  defaultValue,
  submitLabel,
  action,
  gridId,
}: EntityFormProps<GridFormValues> & { gridId?: number }) {
  const [form, fields] = useZodForm(gridFormSchema, { id, lastResult, defaultValue });
  return (
    <Form method="post" action={action} className="form card" {...getFormProps(form)}>
      <FormErrors errors={form.errors} />
      <input type="hidden" name="intent" value="save" />
      {gridId ? <input type="hidden" name="gridId" value={gridId} /> : null}
      <div className="form-row two">
        <TextField meta={fields.name} label="网格名称" required placeholder="如：3号网格" />
        <TextField meta={fields.area} label="网格范围" placeholder="如：1–6号楼、幸福里东院" />
      </div>
      <div className="form-row three">
        <TextField meta={fields.leaderName} label="网格长" />
        <TextField meta={fields.branchName} label="网格党支部" placeholder="如：第三网格党支部" />
        <TextField meta={fields.secretaryName} label="支部书记" />
      </div>
      <SubmitRow label={submitLabel} />
    </Form>
  );
}
