import { Form, useNavigation } from "@remix-run/react";

export type ClaimActionData = { formError?: string; fieldError?: string } | undefined;

/**
 * 认领 / 申请对接: pick one of my own items to pair with the one on screen. Posts to the page's
 * own action, so it works without JavaScript and shows its error in place.
 */
export function ClaimForm({
  title,
  hint,
  name,
  label,
  options,
  submitLabel,
  result,
}: {
  title: string;
  hint: string;
  name: "resourceId" | "needId";
  label: string;
  options: { id: number; title: string }[];
  submitLabel: string;
  result: ClaimActionData;
}) {
  const navigation = useNavigation();
  return (
    <section className="card" aria-label={title}>
      <h2>{title}</h2>
      <p className="muted">{hint}</p>
      {options.length === 0 ? (
        <p className="muted">您当前没有可用于对接的条目。</p>
      ) : (
        <Form method="post" className="form">
          {result?.formError ? (
            <p className="form-error" role="alert">
              {result.formError}
            </p>
          ) : null}
          <div className="field">
            <label htmlFor={`claim-${name}`}>{label}</label>
            <select
              id={`claim-${name}`}
              name={name}
              defaultValue=""
              aria-invalid={result?.fieldError ? true : undefined}
            >
              <option value="">请选择</option>
              {options.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.title}
                </option>
              ))}
            </select>
            {result?.fieldError ? (
              <p className="field-error" role="alert">
                {result.fieldError}
              </p>
            ) : null}
          </div>
          <div className="form-actions">
            <button type="submit" className="primary" disabled={navigation.state === "submitting"}>
              {submitLabel}
            </button>
          </div>
        </Form>
      )}
    </section>
  );
}
