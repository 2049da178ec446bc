import { useLocation } from "@remix-run/react";
import { AppLink } from "~/components/ui/app-link";
import type { AuditChange, AuditPage } from "~/models/platform/audit-reader.server";

function Changes({ changes }: { changes: AuditChange[] }) {
  if (changes.length === 0) return <span className="muted">（无字段变化）</span>;
  return (
    <ul className="audit-changes">
      {changes.map((c) => (
        <li key={c.field}>
          <span className="muted">{c.label}：</span>
          {c.before === null ? null : (
            <>
              <del>{c.before}</del>
              {" → "}
            </>
          )}
          {c.after === null ? <span className="muted">（空）</span> : <ins>{c.after}</ins>}
        </li>
      ))}
    </ul>
  );
}

/** One page of the trail, newest first, with links to the newer and older pages (keyset cursors). */
export function AuditEntries({ page }: { page: AuditPage }) {
  const location = useLocation();
  const hrefWith = (cursor: "before" | "after", id: number | null) => {
    const params = new URLSearchParams(location.search);
    params.delete("before");
    params.delete("after");
    if (id !== null) params.set(cursor, String(id));
    const query = params.toString();
    return query ? `${location.pathname}?${query}` : location.pathname;
  };
  const actorHref = (username: string) => {
    const params = new URLSearchParams(location.search);
    params.delete("before");
    params.delete("after");
    params.set("actor", username);
    return `${location.pathname}?${params.toString()}`;
  };
  return (
    <>
      <div className="table-wrap">
        <table className="data audit-table">
          <thead>
            <tr>
              <th>时间</th>
              <th>操作人</th>
              <th>操作</th>
              <th>事项</th>
              <th>所属</th>
              <th>变更（个人信息已隐去）</th>
            </tr>
          </thead>
          <tbody>
            {page.rows.map((row) => (
              <tr key={row.id} data-audit-id={row.id}>
                <td>{row.at}</td>
                <td>
                  {row.actor ? (
                    <AppLink to={actorHref(row.actor.username)} title={`只看 ${row.actor.username} 的操作`}>
                      {row.actor.name}
                    </AppLink>
                  ) : (
                    "系统"
                  )}
                  {row.actor ? <small className="muted">（{row.actor.role}）</small> : null}
                </td>
                <td title={row.actionCode}>{row.action}</td>
                <td>
                  {row.href ? (
                    <AppLink to={row.href}>
                      {row.entityLabel} #{row.entityId}
                    </AppLink>
                  ) : (
                    `${row.entityLabel} #${row.entityId}`
                  )}
                </td>
                <td>{row.place ?? <span className="muted">—</span>}</td>
                <td>
                  <Changes changes={row.changes} />
                </td>
              </tr>
            ))}
            {page.rows.length === 0 ? (
              <tr>
                <td colSpan={6} className="muted">
                  没有符合条件的记录。
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
      <nav className="pager" aria-label="分页">
        {page.newer !== null ? (
          <>
            <AppLink to={hrefWith("before", null)}>最新</AppLink>
            <AppLink to={hrefWith("after", page.newer)}>较新的记录</AppLink>
          </>
        ) : null}
        {page.older !== null ? <AppLink to={hrefWith("before", page.older)}>较早的记录</AppLink> : null}
      </nav>
    </>
  );
}
