import {
  getInputProps,
  getSelectProps,
  getTextareaProps,
  useForm,
  type DefaultValue,
  type FieldMetadata,
  type FormMetadata,
  type SubmissionResult,
} from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { z, ZodTypeAny } from "zod";
import type { ReactNode } from "react";

/*
 * Shared field components take a field of any form: Conform's metadata is generic over that form's
 * schema, which a shared component cannot name.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyField = FieldMetadata<any, any, any>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyForm = FormMetadata<any, any>;
type Meta = AnyField;

export function FieldError({ meta }: { meta: Meta }) {
  if (!meta.errors?.length) return null;
  return (
    <p className="field-error" id={meta.errorId} role="alert">
      {meta.errors[0]}
    </p>
  );
}

function Wrapper({
  meta,
  label,
  hint,
  children,
  required,
}: {
  meta: Meta;
  label: string;
  hint?: ReactNode;
  children: ReactNode;
  required?: boolean;
}) {
  return (
    <div className="field">
      <label htmlFor={meta.id}>
        {label}
        {required ? (
          <span aria-hidden="true" style={{ color: "var(--red)" }}>
            {" "}
            *
          </span>
        ) : null}
      </label>
      {children}
      {hint ? (
        <span className="hint" id={meta.descriptionId}>
          {hint}
        </span>
      ) : null}
      <FieldError meta={meta} />
    </div>
  );
}

type InputType = "text" | "number" | "date" | "password" | "tel" | "search";

export function TextField({
  meta,
  label,
  type = "text",
  hint,
  required,
  ...rest
}: { meta: Meta; label: string; type?: InputType; hint?: ReactNode; required?: boolean } & Omit<
  JSX.IntrinsicElements["input"],
  "type"
>) {
  const props = getInputProps(meta, { type, ariaDescribedBy: hint ? meta.descriptionId : undefined });
  return (
    <Wrapper meta={meta} label={label} hint={hint} required={required}>
      <input {...props} {...rest} key={props.key} />
    </Wrapper>
  );
}

export function TextareaField({
  meta,
  label,
  hint,
  required,
  ...rest
}: { meta: Meta; label: string; hint?: ReactNode; required?: boolean } & JSX.IntrinsicElements["textarea"]) {
  const props = getTextareaProps(meta, { ariaDescribedBy: hint ? meta.descriptionId : undefined });
  return (
    <Wrapper meta={meta} label={label} hint={hint} required={required}>
      <textarea {...props} {...rest} key={props.key} />
    </Wrapper>
  );
}

export function SelectField({
  meta,
  label,
  hint,
  options,
  placeholder,
  required,
  ...rest
}: {
  meta: Meta;
  label: string;
  hint?: ReactNode;
  options: readonly { value: string; label: string }[];
  placeholder?: string;
  required?: boolean;
} & JSX.IntrinsicElements["select"]) {
  const props = getSelectProps(meta, { ariaDescribedBy: hint ? meta.descriptionId : undefined });
  return (
    <Wrapper meta={meta} label={label} hint={hint} required={required}>
      <select {...props} {...rest} key={props.key}>
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Wrapper>
  );
}

export function FormErrors({ errors }: { errors?: string[] | null }) {
  if (!errors?.length) return null;
  return (
    <p className="form-error" role="alert">
      {errors.join("；")}
    </p>
  );
}

export function labelledOptions<K extends string>(labels: Record<K, string>) {
  return (Object.entries(labels) as [K, string][]).map(([value, label]) => ({ value, label }));
}

/**
 * Conform wired to one zod schema: the same rules validate in the browser (on blur, then as the
 * user types) and on the server, so a form shows its Chinese messages at the fields either way.
 */
export function useZodForm<Schema extends ZodTypeAny>(
  schema: Schema,
  options: { id: string; lastResult?: SubmissionResult<string[]> | null; defaultValue?: DefaultValue<z.input<Schema>> },
) {
  return useForm<z.input<Schema>, z.output<Schema>>({
    ...options,
    constraint: getZodConstraint(schema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
}
