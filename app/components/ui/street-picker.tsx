import { Form } from "@remix-run/react";

/** A district user's choice of one street or the whole district, kept in `?streetId=`. */
export function StreetPicker({
  id,
  label,
  allLabel,
  submitLabel,
  streets,
  value,
}: {
  id: string;
  label: string;
  allLabel: string;
  submitLabel: string;
  streets: { id: number; name: string }[];
  value: number | null | undefined;
}) {
  if (streets.length === 0) return null;
  return (
    <Form method="get" className="card filters">
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <select id={id} name="streetId" defaultValue={value ?? ""}>
          <option value="">{allLabel}</option>
          {streets.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </div>
      <div className="actions">
        <button type="submit" className="primary">
          {submitLabel}
        </button>
      </div>
    </Form>
  );
}
