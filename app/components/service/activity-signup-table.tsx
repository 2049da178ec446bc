import { Form } from "@remix-run/react";
import type { ActivitySignupRow } from "~/models/service/service-activities.server";
import { CHECK_IN_METHOD_LABELS, HOURS_MAX, HOURS_MIN } from "~/schemas/service";
import { chinaDateTime } from "~/utils/china-time";

const NO_WRAP = { whiteSpace: "nowrap" } as const;

/**
 * Everyone signed up for one activity, as the organising community keeps attendance: name and
 * phone (its reporting members'), check-in, and hours — editable until confirmed, then final.
 */
export function ActivitySignupTable({
  signups,
  plannedHours,
  canAttend,
  refused,
}: {
  signups: ActivitySignupRow[];
  plannedHours: number;
  /** From the activity's day on, and not cancelled: marking and confirming are open. */
  canAttend: boolean;
  refused?: { signupId: number; message: string } | null;
}) {
  if (signups.length === 0) return <p className="card muted">还没有党员报名。</p>;
  return (
    <div className="table-wrap">
      <table className="data">
        <thead>
          <tr>
            <th>党员</th>
            <th>签到</th>
            <th>工时</th>
          </tr>
        </thead>
        <tbody>
          {signups.map((s) => (
            <tr key={s.id} data-testid="signup-row">
              {/* Phone and unit under the name: a phone's screen has no room for columns of their own. */}
              <td>
                {s.name}
                <br />
                <a href={`tel:${s.phone}`}>{s.phone}</a>
                <br />
                <small className="muted">{s.unitName}</small>
              </td>
              <td>
                {s.checkedInAt ? (
                  <>
                    {CHECK_IN_METHOD_LABELS[s.checkInMethod ?? "manual"]} {chinaDateTime(s.checkedInAt).slice(11)}
                  </>
                ) : canAttend ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="mark" />
                    <input type="hidden" name="signupId" value={s.id} />
                    <button type="submit" className="secondary" style={NO_WRAP}>
                      标记到场
                    </button>
                  </Form>
                ) : (
                  <span className="muted">未到场</span>
                )}
              </td>
              <td>
                <HoursCell signup={s} plannedHours={plannedHours} canAttend={canAttend} />
                {refused?.signupId === s.id ? (
                  <p className="field-error" role="alert">
                    {refused.message}
                  </p>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function HoursCell({
  signup,
  plannedHours,
  canAttend,
}: {
  signup: ActivitySignupRow;
  plannedHours: number;
  canAttend: boolean;
}) {
  if (signup.hoursConfirmedAt) return <span>{signup.hours} 小时（已确认）</span>;
  if (!signup.checkedInAt || !canAttend) return <span className="muted">—</span>;
  return (
    <Form method="post" className="decision-row">
      <input type="hidden" name="intent" value="confirm" />
      <input type="hidden" name="signupId" value={signup.id} />
      <label className="sr-only" htmlFor={`hours-${signup.id}`}>
        {signup.name}的工时（小时）
      </label>
      <input
        id={`hours-${signup.id}`}
        name="hours"
        type="number"
        min={HOURS_MIN}
        max={HOURS_MAX}
        step={0.5}
        defaultValue={signup.hours ?? plannedHours}
        style={{ maxWidth: "6rem" }}
      />
      <button type="submit" className="primary" style={NO_WRAP}>
        确认工时
      </button>
    </Form>
  );
}
