import type { FieldMetadata, SubmissionResult } from "@conform-to/react";
import { useNavigation } from "@remix-run/react";
import { TextField } from "~/components/ui/forms";

/** The props of an entity form: it creates a record without `defaultValue` and edits one with it. */
export interface EntityFormProps<Values> {
  /** The Conform form id, e.g. "street-create" or `street-${id}`. */
  id: string;
  lastResult?: SubmissionResult<string[]> | null;
  defaultValue?: Values;
  submitLabel: string;
  action: string;
  /** The create page's one-time key (decision 029): a second submit makes nothing more. */
  submissionKey?: string;
}

/** A row offered in a select: a street, a district, … */
export type NamedRow = { id: number; name: string };

/** Options for a SelectField from database rows; the label defaults to the row's name. */
export function rowOptions<Row extends NamedRow>(rows: Row[], label: (row: Row) => string = (row) => row.name) {
  return rows.map((row) => ({ value: String(row.id), label: label(row) }));
}

/** The form's submit button, disabled while the form is being submitted. */
export function SubmitRow({ label }: { label: string }) {
  const navigation = useNavigation();
  return (
    <div className="form-actions">
      <button type="submit" className="primary" disabled={navigation.state === "submitting"}>
        {label}
      </button>
    </div>
  );
}

/** Latitude and longitude side by side; `showExamples` adds sample values as hints (useful on an empty form). */
export function CoordinateFields({
  lat,
  lng,
  showExamples,
}: {
  lat: FieldMetadata<number>;
  lng: FieldMetadata<number>;
  showExamples: boolean;
}) {
  return (
    <div className="form-row two">
      <TextField
        meta={lat}
        label="纬度"
        type="number"
        step="0.000001"
        required
        hint={showExamples ? "如 39.904200" : undefined}
      />
      <TextField
        meta={lng}
        label="经度"
        type="number"
        step="0.000001"
        required
        hint={showExamples ? "如 116.407400" : undefined}
      />
    </div>
  );
}
