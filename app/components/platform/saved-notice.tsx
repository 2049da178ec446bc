import { useSearchParams } from "@remix-run/react";

/** The confirmation an admin page shows after a save redirected back to it with ?saved=1. */
export function SavedNotice() {
  const [params] = useSearchParams();
  return params.get("saved") ? <p className="notice">已保存。</p> : null;
}
