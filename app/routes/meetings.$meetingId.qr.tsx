import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/ui/app-link";
import { publicationQr } from "~/models/meetings/publication.server";
import { requireParamId, requireRole } from "~/utils/auth.server";
import { PARTICIPANT_ROLES } from "~/utils/permissions";
import { PrintButton } from "~/components/ui/print-button";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? "联席会议"} · 公示二维码` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRole(request, PARTICIPANT_ROLES);
  const id = requireParamId(params, "meetingId", "会议编号有误");
  // The address people scan is this site's own, as the request reached it.
  return { id, ...(await publicationQr(actor, id, new URL(request.url).origin)) };
}

/** An A4 sheet for the notice board: the QR code of the public page and its address in text. */
export default function PublicationQr() {
  const { id, title, streetName, communityName, date, url, svg } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-head no-print">
        <AppLink to={`/meetings/${id}`}>返回会议</AppLink>
        <PrintButton />
      </div>
      <article className="qr-sheet">
        <p className="publication-issuer">
          {communityName ? `${streetName} · ${communityName}` : `${streetName}党工委`}
        </p>
        <h1>{title}决定公示</h1>
        <p>会议日期：{date}</p>
        {/* SVG generated on the server by the qrcode package from our own URL. */}
        <div className="qr-code" role="img" aria-label="公示页面二维码" dangerouslySetInnerHTML={{ __html: svg }} />
        <p className="qr-caption">扫描二维码，查看本次联席会议审议通过的共建项目清单</p>
        <p className="qr-url">{url}</p>
      </article>
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
