import { Form, useLocation, useNavigation } from "@remix-run/react";
import { AppLink } from "~/components/ui/app-link";
import type { ReviewQuery } from "~/schemas/review";
import { SORT_PARAMS } from "~/schemas/review";

function FieldError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p className="field-error" id={id} role="alert">
      {message}
    </p>
  );
}

/**
 * The period of the review (a year, or custom dates that take precedence) and, for a district
 * user, the street to drill into. A GET form: the address is the view, so it can be shared.
 */
export function ReviewPeriodForm({
  form,
  errors,
  currentYear,
  streets,
  streetId,
}: {
  form: ReviewQuery["form"];
  errors: ReviewQuery["errors"];
  currentYear: number;
  streets: { id: number; name: string }[];
  streetId: number | null;
}) {
  const location = useLocation();
  const navigation = useNavigation();
  const params = new URLSearchParams(location.search);
  const years = Array.from({ length: 8 }, (_, i) => String(currentYear - i));
  if (form.year && !years.includes(form.year)) years.unshift(form.year);
  const invalid = (field: keyof ReviewQuery["errors"]) =>
    errors[field] ? { "aria-invalid": true, "aria-describedby": `review-${field}-error` } : {};
  return (
    <Form method="get" className="card filters review-period" key={location.search} aria-label="统计区间">
      {streets.length > 0 ? (
        <div className="field">
          <label htmlFor="review-street">街道</label>
          <select id="review-street" name="streetId" defaultValue={streetId ?? ""}>
            <option value="">全部街道</option>
            {streets.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <div className="field">
        <label htmlFor="review-year">年度</label>
        <select id="review-year" name="year" defaultValue={form.year} {...invalid("year")}>
          {years.map((y) => (
            <option key={y} value={y}>
              {y}年
            </option>
          ))}
        </select>
        <FieldError id="review-year-error" message={errors.year} />
      </div>
      <div className="field">
        <label htmlFor="review-from">自定义开始日期</label>
        <input id="review-from" name="from" type="date" defaultValue={form.from} {...invalid("from")} />
        <FieldError id="review-from-error" message={errors.from} />
      </div>
      <div className="field">
        <label htmlFor="review-to">自定义结束日期</label>
        <input id="review-to" name="to" type="date" defaultValue={form.to} {...invalid("to")} />
        <FieldError id="review-to-error" message={errors.to} />
      </div>
      {Object.values(SORT_PARAMS).map((name) => {
        const value = params.get(name);
        return value ? <input key={name} type="hidden" name={name} value={value} /> : null;
      })}
      <div className="actions">
        <button type="submit" className="primary" disabled={navigation.state === "loading"}>
          查看
        </button>
        <AppLink
          to={streetId && streets.length > 0 ? `?streetId=${streetId}` : location.pathname}
          className="button secondary"
        >
          本年度
        </AppLink>
      </div>
      <p className="hint muted review-period-hint">填写起止日期时按起止日期统计，否则按所选年度统计。</p>
    </Form>
  );
}
