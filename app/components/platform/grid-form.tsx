import { getFormProps } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { CoordinatePicker } from "~/components/map/coordinate-picker";
import { FormErrors, TextField, useZodForm } from "~/components/ui/forms";
import { gridFormChecked, type GridFormValues } from "~/schemas/grid";
import { type EntityFormProps, SubmitRow } from "./form-parts";

/** A stored grid as the form starts from it: its place may be missing (null). */
type GridDefaults = Omit<GridFormValues, "lat" | "lng"> & { lat?: number | null; lng?: number | null };

/** Adds a grid (without gridId) or changes one (with it), on the community's grid page. */
export function GridForm({
  id,
  lastResult,
  defaultValue,
  submitLabel,
  action,
  gridId,
  near,
}: Omit<EntityFormProps<GridFormValues>, "defaultValue"> & {
  defaultValue?: GridDefaults;
  gridId?: number;
  /** Where the map starts for a grid without a place (the community's own point). */
  near?: { lat: number; lng: number } | null;
}) {
  const [form, fields] = useZodForm(gridFormChecked, { id, lastResult, defaultValue });
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
      {/* Optional, unlike a community's: a grid without a place is simply not on the map. */}
      <div className="form-row two">
        <TextField meta={fields.lat} label="纬度" type="number" step="0.000001" hint="选填：网格中心点" />
        <TextField meta={fields.lng} label="经度" type="number" step="0.000001" hint="与纬度同填或同空" />
      </div>
      <CoordinatePicker latId={fields.lat.id} lngId={fields.lng.id} near={near} />
      <SubmitRow label={submitLabel} />
    </Form>
  );
}
