import {
  data,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { enterByMemberLink, memberLinkPage } from "~/models/service/member-links.server";
import { MEMBER_TOKEN_RE } from "~/schemas/member";
import { sessionCookieFor } from "~/utils/session.server";
import { TOKEN_PAGE_HEADERS, tokenPageMeta } from "~/utils/token-page";

// The token is in the address: no search engines, and no Referer carrying it anywhere.
export const meta: MetaFunction = () => tokenPageMeta("党员报到");
const HEADERS = TOKEN_PAGE_HEADERS;
export const headers: HeadersFunction = () => HEADERS;

/**
 * Public: the member's personal link (decision 041). Opening it changes nothing (chat apps fetch
 * links to preview them); the button below posts, and only that confirms and signs in.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const token = params.token ?? "";
  const page = MEMBER_TOKEN_RE.test(token) ? memberLinkPage(token) : ({ state: "invalid" } as const);
  return data(page, { status: page.state === "open" ? 200 : page.state === "left" ? 410 : 404, headers: HEADERS });
}

export async function action({ params }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const entered = MEMBER_TOKEN_RE.test(token) ? await enterByMemberLink(token) : { ok: false as const };
  if (!entered.ok) return data({ refused: true }, { status: 404, headers: HEADERS });
  throw redirect("/member?welcome=1", {
    headers: { ...HEADERS, "Set-Cookie": await sessionCookieFor(entered.sessionId) },
  });
}

export default function MemberLink() {
  const page = useLoaderData<typeof loader>();
  const submitting = useNavigation().state === "submitting";
  if (page.state !== "open") {
    return (
      <section className="card member-link">
        <h1>链接已失效</h1>
        <p>
          {page.state === "left"
            ? `您已从${page.unitName}调离，这个报到链接不再使用。`
            : "这个报到链接不存在或已被单位重新生成。请向所在单位的联络员索取新的链接。"}
        </p>
      </section>
    );
  }
  return (
    <section className="card member-link">
      <p className="muted">{page.unitName} · 在职党员进社区报到</p>
      <h1>{page.name}同志，您好</h1>
      <dl className="details">
        <dt>所在单位</dt>
        <dd>{page.unitName}</dd>
        <dt>报到社区</dt>
        <dd>{page.communityName}（居住地）</dd>
      </dl>
      <p>
        {page.confirmed
          ? "您已确认过报到。点下面的按钮进入，查看社区的服务岗位和活动、您的服务记实。"
          : "请核对以上信息。确认后，报到信息送社区党组织确认；以后用这个链接即可进入，无需密码。"}
      </p>
      <Form method="post">
        <button type="submit" className="primary" disabled={submitting}>
          {page.confirmed ? "进入" : "确认报到"}
        </button>
      </Form>
      <p className="muted">这个链接只属于您本人，请勿转发。信息有误请联系单位联络员。</p>
    </section>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
