import { useLocation, useNavigate } from "@remix-run/react";
import { useEffect, type AnchorHTMLAttributes } from "react";

/**
 * The app's link: a plain `<a>` whose clicks `useAppLinkNavigation` (in the root) turns into
 * client-side navigations, as Remix's `<Link>` would. Remix's `<Link>` runs about a dozen hooks per
 * link on the server (resolving its path against the route tree three times over); a list page
 * shows 60–130 links, and those hooks were a large share of rendering it. `to` is an absolute
 * path, or a query (`?…`, `#…`) on the current page. See docs/decisions/017-what-a-page-costs-to-render.md.
 *
 * `data-discover` marks it, as Remix marks its own links, so lazy route discovery fetches the
 * target's route modules ahead of the click.
 */
export function AppLink({
  to,
  preventScrollReset,
  ...props
}: Omit<AnchorHTMLAttributes<HTMLAnchorElement>, "href"> & { to: string; preventScrollReset?: boolean }) {
  const { pathname } = useLocation();
  // A query on this page is written out in full (an empty `?` dropped), as Remix's Link renders it.
  const href = to.startsWith("?") || to.startsWith("#") ? `${pathname}${to.replace(/^\?(?=#|$)/, "")}` : to;
  return <a {...props} href={href} data-discover="true" data-keep-scroll={preventScrollReset ? "" : undefined} />;
}

function isPlainLeftClick(event: MouseEvent) {
  return event.button === 0 && !event.metaKey && !event.altKey && !event.ctrlKey && !event.shiftKey;
}

/** One click listener for every `AppLink` on the page (mounted once, in the root). */
export function useAppLinkNavigation() {
  const navigate = useNavigate();
  useEffect(() => {
    const onClick = (event: MouseEvent) => {
      if (event.defaultPrevented || !isPlainLeftClick(event) || !(event.target instanceof Element)) return;
      const anchor = event.target.closest("a[data-discover]");
      if (
        !(anchor instanceof HTMLAnchorElement) ||
        (anchor.target && anchor.target !== "_self") ||
        anchor.hasAttribute("download")
      )
        return;
      const url = new URL(anchor.href);
      if (url.origin !== window.location.origin) return;
      event.preventDefault();
      const to = `${url.pathname}${url.search}${url.hash}`;
      // As React Router's links do, a link to the page already shown replaces it in the history.
      const current = `${window.location.pathname}${window.location.search}${window.location.hash}`;
      navigate(to, { preventScrollReset: anchor.hasAttribute("data-keep-scroll"), replace: to === current });
    };
    document.addEventListener("click", onClick);
    return () => document.removeEventListener("click", onClick);
  }, [navigate]);
}
