import { Form, useNavigation } from "@remix-run/react";
import { AppLink } from "~/components/ui/app-link";
import type { CheckInPage } from "~/models/service/check-in.server";
import { chinaDateTime, chineseDate } from "~/utils/china-time";

/** What a member sees after scanning an activity's check-in QR code, on their phone. */
export function ActivityCheckInView({
  page,
  joined,
  formError,
}: {
  page: CheckInPage;
  /** Right after 报名并签到: the scan that follows finds them checked in, which is no repeat. */
  joined: boolean;
  formError?: string | null;
}) {
  const navigation = useNavigation();
  const { activity } = page;
  return (
    <section className="card ballot-state">
      <p className="muted">{activity.communityName} · 服务活动签到</p>
      <h1>{page.state === "checked_in" ? "签到成功" : activity.title}</h1>
      {page.state === "checked_in" ? <p>{activity.title}</p> : null}
      <p className="muted">
        {chineseDate(activity.date)} {activity.startTime} · {activity.place}
      </p>
      {page.state === "checked_in" ? (
        <p>
          {page.already && !joined ? "您已签到，无需重复签到。" : "感谢您参加本次服务！"}签到时间：
          {chinaDateTime(page.checkedInAt).slice(11)}。服务结束后，社区会为您确认工时。
        </p>
      ) : page.state === "closed" ? (
        <p className="form-error" role="alert">
          {page.message}
        </p>
      ) : page.state === "full" ? (
        <p className="form-error" role="alert">
          您没有报名这个活动，名额也已满。如确已到场服务，请告诉社区工作人员，由他们为您登记。
        </p>
      ) : (
        <Form method="post">
          <p>您还没有报名这个活动。现在还有 {page.free} 个名额，可以报名并签到。</p>
          {formError ? (
            <p className="form-error" role="alert">
              {formError}
            </p>
          ) : null}
          <button type="submit" className="primary" disabled={navigation.state === "submitting"}>
            报名并签到
          </button>
        </Form>
      )}
      <p>
        <AppLink to="/member/service">查看认岗与活动</AppLink>
      </p>
    </section>
  );
}
