import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Form,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { AppLink, useAppLinkNavigation } from "~/components/ui/app-link";
import { useNonce } from "~/utils/csp-nonce";
import { mapTiles } from "~/models/map/tiles.server";
import { unreadCount } from "~/models/platform/notifications.server";
import { getActor } from "~/utils/auth.server";
import { ROLE_LABELS } from "~/utils/permissions";
import { personLabel } from "~/utils/person-label";
import { type Actor } from "~/utils/permission-actor";
import stylesHref from "~/styles.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesHref },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "共驻共建 · 需求与资源对接平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await getActor(request);
  return {
    actor: actor ? { displayName: actor.displayName, role: actor.role, username: actor.username } : null,
    unread: actor ? unreadCount(actor.id) : 0,
    // The tile server for the map page and the admin forms' coordinate pickers (decision 036).
    mapTiles: actor ? mapTiles() : null,
  };
}

const NAV: Record<Actor["role"], { to: string; label: string }[]> = {
  community: [
    { to: "/needs", label: "需求清单" },
    { to: "/needs/new", label: "发布需求" },
    { to: "/proposals", label: "匹配建议" },
    { to: "/projects", label: "项目清单" },
    { to: "/meetings", label: "联席会议" },
    { to: "/evaluations", label: "评议" },
    { to: "/resources", label: "街道资源" },
    { to: "/grids", label: "网格" },
    { to: "/members", label: "党员报到" },
    { to: "/service", label: "设岗定责" },
    { to: "/reports", label: "单位报到" },
    { to: "/map", label: "地图" },
    { to: "/audit", label: "操作记录" },
  ],
  grid: [
    { to: "/", label: "本网格需求" },
    { to: "/needs/new", label: "发布需求" },
    { to: "/needs", label: "社区需求清单" },
  ],
  member: [
    { to: "/member", label: "我的报到" },
    { to: "/member/service", label: "认岗与活动" },
    { to: "/member/record", label: "服务记实" },
  ],
  unit: [
    { to: "/resources", label: "资源清单" },
    { to: "/resources/new", label: "发布资源" },
    { to: "/proposals", label: "匹配建议" },
    { to: "/projects", label: "共建项目" },
    { to: "/meetings", label: "联席会议" },
    { to: "/evaluations", label: "评议" },
    { to: "/members", label: "党员报到" },
    { to: "/needs", label: "街道需求" },
    { to: "/reports", label: "单位报到" },
    { to: "/audit", label: "操作记录" },
  ],
  street: [
    { to: "/", label: "街道总览" },
    { to: "/needs", label: "需求" },
    { to: "/resources", label: "资源" },
    { to: "/matching", label: "匹配" },
    { to: "/projects", label: "项目" },
    { to: "/meetings", label: "联席会议" },
    { to: "/escalations", label: "协调督办" },
    { to: "/reports", label: "报到结对" },
    { to: "/map", label: "地图" },
    { to: "/evaluations", label: "评议" },
    { to: "/review", label: "述职评议考核" },
    { to: "/audit", label: "操作记录" },
  ],
  district: [
    { to: "/", label: "全区总览" },
    { to: "/needs", label: "需求" },
    { to: "/resources", label: "资源" },
    { to: "/matching", label: "匹配" },
    { to: "/projects", label: "项目" },
    { to: "/meetings", label: "联席会议" },
    { to: "/escalations", label: "督办" },
    { to: "/reports", label: "报到结对" },
    { to: "/map", label: "地图" },
    { to: "/evaluations", label: "评议" },
    { to: "/review", label: "述职评议考核" },
    { to: "/audit", label: "操作记录" },
  ],
  admin: [
    { to: "/admin", label: "运行状况" },
    { to: "/admin/streets", label: "街道" },
    { to: "/admin/communities", label: "社区" },
    { to: "/admin/units", label: "驻区单位" },
    { to: "/admin/users", label: "账号" },
    { to: "/admin/settings", label: "设置" },
    { to: "/audit", label: "操作记录" },
  ],
};

const withoutTrailingSlash = (path: string) => (path.length > 1 ? path.replace(/\/+$/, "") : path);

/** The signed-in person, the role once (docs/decisions/032-escalation-district-timer-and-ballot-reissue.md). */
function PersonName({ displayName, roleLabel }: { displayName: string; roleLabel: string }) {
  const { name, role } = personLabel(displayName, roleLabel);
  return (
    <span data-testid="signed-in-as">
      {name}
      {role ? <small>（{role}）</small> : null}
    </span>
  );
}

function Header() {
  const data = useRouteLoaderData<typeof loader>("root");
  const actor = data?.actor;
  // The page's own entry is marked, as NavLink's `end` would: the same path, not its children.
  const current = withoutTrailingSlash(useLocation().pathname);
  return (
    <header className="site-header">
      <div className="site-header-inner">
        <AppLink to="/" className="brand">
          共驻共建
        </AppLink>
        {actor ? (
          <>
            <nav aria-label="主导航" className="main-nav">
              {NAV[actor.role].map((item) => (
                <AppLink
                  key={item.to}
                  to={item.to}
                  className={item.to === current ? "active" : undefined}
                  aria-current={item.to === current ? "page" : undefined}
                >
                  {item.label}
                </AppLink>
              ))}
            </nav>
            <div className="who">
              <AppLink to="/help" className="help-link">
                帮助
              </AppLink>
              <AppLink
                to="/notifications"
                className="inbox-link"
                aria-label={data.unread > 0 ? `通知（${data.unread} 条未读）` : "通知"}
              >
                通知{data.unread > 0 ? <span className="badge">{data.unread > 99 ? "99+" : data.unread}</span> : null}
              </AppLink>
              <PersonName displayName={actor.displayName} roleLabel={ROLE_LABELS[actor.role]} />
              {/* A member signed in by their link has no password to change: they set one on their page. */}
              <AppLink to={actor.role === "member" ? "/member#password" : "/account/password"} className="account-link">
                {actor.role === "member" ? "设置密码" : "修改密码"}
              </AppLink>
              <Form method="post" action="/logout">
                <button type="submit" className="link-button">
                  退出
                </button>
              </Form>
            </div>
          </>
        ) : (
          // Staff read the guide before they have an account, so it is one click away signed out too.
          <nav aria-label="主导航" className="main-nav">
            <AppLink to="/help">帮助</AppLink>
          </nav>
        )}
      </div>
    </header>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  useAppLinkNavigation();
  const nonce = useNonce();
  return (
    <html lang="zh-CN">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <Header />
        <main className="container">{children}</main>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
