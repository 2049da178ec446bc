/**
 * Pages whose address carries a secret (a ballot, a member's personal link, a check-in code): kept
 * out of search engines, out of caches, and out of any Referer sent from them.
 */
export const TOKEN_PAGE_HEADERS = { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" };

export function tokenPageMeta(title: string) {
  return [
    { title: `${title} · 共驻共建` },
    { name: "robots", content: "noindex" },
    { name: "referrer", content: "no-referrer" },
  ];
}
