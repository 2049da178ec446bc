import { data, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/ui/app-link";
import { PrintButton } from "~/components/ui/print-button";
import { openCheckIn } from "~/models/service/check-in.server";
import { requireParamId, requireRole } from "~/utils/auth.server";
import { chineseDate } from "~/utils/china-time";
import { refusalStatus } from "~/utils/domain-result.server";
import { COMMUNITY_ONLY } from "~/utils/permissions";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data && "activity" in data ? data.activity.title : "服务活动"} · 签到二维码` },
  { name: "robots", content: "noindex" },
];

// The sheet carries a live check-in code: never kept by a cache, never sent on as a Referer.
const HEADERS = { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" };
export const headers: HeadersFunction = () => HEADERS;

/** Opening the sheet issues a fresh code (on the activity's day only); the previous one stops working. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRole(request, COMMUNITY_ONLY);
  const id = requireParamId(params, "activityId", "服务活动编号有误");
  // The address members scan is this site's own, as the request reached it.
  const sheet = await openCheckIn(actor, id, new URL(request.url).origin);
  if (!sheet.ok) return data({ id, refusal: sheet.error }, { status: refusalStatus(sheet), headers: HEADERS });
  const { activity, url, svg } = sheet;
  return data({ id, activity, url, svg }, { headers: HEADERS });
}

/** A sheet to print or show on a screen at the activity: the QR code members scan, and its address. */
export default function ActivityCheckInQr() {
  const loaded = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-head no-print">
        <AppLink to={`/service/activities/${loaded.id}`}>返回活动</AppLink>
        {"svg" in loaded ? <PrintButton /> : null}
      </div>
      {"svg" in loaded ? (
        <article className="qr-sheet">
          <h1>{loaded.activity.title}</h1>
          <p>
            {chineseDate(loaded.activity.date)} {loaded.activity.startTime} · {loaded.activity.place}
          </p>
          {/* SVG generated on the server by the qrcode package from our own URL. */}
          <div
            className="qr-code"
            role="img"
            aria-label="签到二维码"
            dangerouslySetInnerHTML={{ __html: loaded.svg }}
          />
          <p className="qr-caption">在职党员请用手机扫码签到（需登录）</p>
          <p className="qr-url" data-testid="check-in-url">
            {loaded.url}
          </p>
        </article>
      ) : (
        <p className="card form-error" role="alert">
          {loaded.refusal}
        </p>
      )}
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
