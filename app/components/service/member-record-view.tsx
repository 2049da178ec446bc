import { Form } from "@remix-run/react";
import { AdminTable } from "~/components/platform/admin-table";
import type { MemberServiceYear } from "~/models/service/service-record.server";

/** The years a record can be looked at, newest first, as links keeping the page. */
export function YearPicker({ year, thisYear, path }: { year: number; thisYear: number; path: string }) {
  const years = Array.from({ length: Math.min(5, thisYear - 2024 + 1) }, (_, i) => thisYear - i);
  return (
    <Form method="get" action={path} className="inline-form">
      <label>
        年度{" "}
        <select name="year" defaultValue={year} onChange={(e) => e.currentTarget.form?.requestSubmit()}>
          {years.map((y) => (
            <option key={y} value={y}>
              {y} 年
            </option>
          ))}
        </select>
      </label>
      <noscript>
        <button type="submit" className="secondary">
          查看
        </button>
      </noscript>
    </Form>
  );
}

/** A member's year: totals, posts held, activities with check-in and confirmed hours, the community's comment. */
export function MemberRecordView({
  service,
  projectActivities,
  comment,
}: {
  service: Pick<MemberServiceYear, "claims" | "activities" | "totals">;
  projectActivities: { recordId: number; date: string; place: string; hours: number; projectTitle: string }[];
  comment: { comment: string } | null;
}) {
  return (
    <>
      <div className="stats">
        <div className="stat">
          参加活动（次）<b data-testid="record-attended">{service.totals.activitiesAttended}</b>
        </div>
        <div className="stat">
          确认工时（小时）<b data-testid="record-hours">{service.totals.confirmedHours}</b>
        </div>
        <div className="stat">
          认领岗位<b>{service.claims.length}</b>
        </div>
      </div>
      <h2>认领的岗位</h2>
      <AdminTable columns={["岗位", "社区"]} emptyText={service.claims.length === 0 ? "本年度没有认领岗位。" : null}>
        {service.claims.map((c) => (
          <tr key={`${c.postId}-${c.claimedAt}`}>
            <td>{c.title}</td>
            <td>{c.communityName}</td>
          </tr>
        ))}
      </AdminTable>
      <h2>参加的活动</h2>
      <AdminTable
        columns={["日期", "活动", "地点", "签到", "确认工时"]}
        emptyText={service.activities.length === 0 ? "本年度没有报名活动。" : null}
      >
        {service.activities.map((a) => (
          <tr key={a.activityId}>
            <td>
              {a.date} {a.startTime}
            </td>
            <td>{a.title}</td>
            <td>{a.place}</td>
            <td>{a.checkedInAt ? (a.checkInMethod === "qr" ? "扫码签到" : "社区登记到场") : "未签到"}</td>
            <td className="num">{a.confirmedHours ?? "待确认"}</td>
          </tr>
        ))}
      </AdminTable>
      <h2>参加的共建项目活动</h2>
      <AdminTable
        columns={["日期", "共建项目", "地点", "活动时长（小时）"]}
        emptyText={projectActivities.length === 0 ? "本年度没有经确认、列有本人的共建项目活动记实。" : null}
      >
        {projectActivities.map((r) => (
          <tr key={r.recordId}>
            <td>{r.date}</td>
            <td>{r.projectTitle}</td>
            <td>{r.place}</td>
            <td className="num">{r.hours}</td>
          </tr>
        ))}
      </AdminTable>
      <h2>社区评语</h2>
      <p data-testid="record-comment">{comment?.comment ?? "（社区尚未填写本年度评语）"}</p>
    </>
  );
}
