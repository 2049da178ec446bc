import { Form, useLocation } from "@remix-run/react";
import { FilterActions } from "~/components/ui/list-controls";

export interface AuditFilterValues {
  actor?: string;
  type?: string;
  item?: string;
  from?: string;
  to?: string;
}

/**
 * The audit reader's GET form: person, item (type and number) and a date range. It works without
 * JavaScript and keeps the filters in the URL; a wrong value comes back with its message beside it.
 */
export function AuditFilters({
  values,
  errors,
  types,
}: {
  values: AuditFilterValues;
  errors: Record<string, string>;
  types: { value: string; label: string }[];
}) {
  const location = useLocation();
  const field = (name: keyof AuditFilterValues | "before", label: string, input: JSX.Element) => (
    <div className="field">
      <label htmlFor={`audit-${name}`}>{label}</label>
      {input}
      {errors[name] ? (
        <p className="field-error" id={`audit-${name}-error`} role="alert">
          {errors[name]}
        </p>
      ) : null}
    </div>
  );
  const described = (name: string) =>
    errors[name] ? { "aria-invalid": true, "aria-describedby": `audit-${name}-error` } : {};
  return (
    <Form method="get" className="card filters" role="search" key={location.search}>
      {field(
        "actor",
        "操作人（用户名）",
        <input
          id="audit-actor"
          name="actor"
          defaultValue={values.actor ?? ""}
          maxLength={64}
          {...described("actor")}
        />,
      )}
      {field(
        "type",
        "事项类型",
        <select id="audit-type" name="type" defaultValue={values.type ?? ""} {...described("type")}>
          <option value="">全部类型</option>
          {types.map((t) => (
            <option key={t.value} value={t.value}>
              {t.label}
            </option>
          ))}
        </select>,
      )}
      {field(
        "item",
        "事项编号",
        <input
          id="audit-item"
          name="item"
          inputMode="numeric"
          defaultValue={values.item ?? ""}
          maxLength={16}
          {...described("item")}
        />,
      )}
      {field(
        "from",
        "开始日期",
        <input id="audit-from" name="from" type="date" defaultValue={values.from ?? ""} {...described("from")} />,
      )}
      {field(
        "to",
        "结束日期",
        <input id="audit-to" name="to" type="date" defaultValue={values.to ?? ""} {...described("to")} />,
      )}
      {errors.before ? (
        <p className="field-error" role="alert">
          {errors.before}
        </p>
      ) : null}
      <FilterActions />
    </Form>
  );
}
