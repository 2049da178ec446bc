import { Form } from "@remix-run/react";
import { MEMBER_STATUSES, type MemberStatus } from "#domain/vocabulary";
import { AdminTable } from "~/components/platform/admin-table";
import { AppLink } from "~/components/ui/app-link";
import { Pager } from "~/components/ui/list-controls";
import type { Page } from "~/models/platform/pagination";
import type { MemberListItem } from "~/models/service/members.server";
import { MEMBER_STATUS_LABELS } from "~/schemas/member";

/** Tabs of the list by status, with counts; `shown` are the statuses this side lists. */
export function MemberStatusTabs({
  counts,
  current,
  shown = MEMBER_STATUSES,
}: {
  counts: Record<MemberStatus, number>;
  current: MemberStatus | undefined;
  shown?: readonly MemberStatus[];
}) {
  return (
    <nav className="tabs" aria-label="按状态筛选">
      <AppLink to="/members" className={current ? "" : "active"}>
        全部
      </AppLink>
      {shown.map((s) => (
        <AppLink key={s} to={`/members?status=${s}`} className={current === s ? "active" : ""}>
          {MEMBER_STATUS_LABELS[s]}（{counts[s]}）
        </AppLink>
      ))}
    </nav>
  );
}

/** The unit's members: a link can be reissued (the old one stops working) and a member marked as left. */
export function UnitMemberTable({ page }: { page: Page<MemberListItem> }) {
  return (
    <>
      <AdminTable
        columns={["姓名", "手机号", "居住社区", "状态", "操作"]}
        emptyText={page.total === 0 ? "还没有登记在职党员，请在下方登记。" : null}
      >
        {page.items.map((m) => (
          <tr key={m.id} data-testid={`member-${m.id}`}>
            <td>
              <AppLink to={`/members/${m.id}`}>{m.name}</AppLink>
            </td>
            <td>{m.phone}</td>
            <td>
              {m.communityName}
              {m.gridName ? ` · ${m.gridName}` : ""}
            </td>
            <td>
              {MEMBER_STATUS_LABELS[m.status]}
              {m.status === "declined" && m.declineReason ? <small className="muted">：{m.declineReason}</small> : null}
            </td>
            <td className="actions">
              {m.status === "left" ? null : (
                <>
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="memberId" value={m.id} />
                    <button type="submit" name="intent" value="reissue" className="secondary">
                      重新生成链接
                    </button>
                  </Form>
                  <Form
                    method="post"
                    className="inline-form"
                    onSubmit={(event) => {
                      if (!confirm(`确定${m.name}已调离本单位吗？其报到链接将失效。`)) event.preventDefault();
                    }}
                  >
                    <input type="hidden" name="memberId" value={m.id} />
                    <button type="submit" name="intent" value="leave" className="danger">
                      调离
                    </button>
                  </Form>
                </>
              )}
            </td>
          </tr>
        ))}
      </AdminTable>
      <Pager page={page.page} pageCount={page.pageCount} total={page.total} />
    </>
  );
}

/** Reports to the community: those waiting are confirmed (optionally into a grid) or returned with a reason. */
export function CommunityMemberTable({
  page,
  grids,
  errors,
}: {
  page: Page<MemberListItem>;
  grids: { id: number; name: string }[];
  errors: { memberId: number; message: string } | null;
}) {
  return (
    <>
      <AdminTable
        columns={["姓名", "手机号", "所在单位", "状态", "操作"]}
        emptyText={page.total === 0 ? "还没有在职党员向本社区报到。" : null}
      >
        {page.items.map((m) => (
          <tr key={m.id} data-testid={`member-${m.id}`}>
            <td>{m.status === "member_confirmed" ? m.name : <AppLink to={`/members/${m.id}`}>{m.name}</AppLink>}</td>
            <td>{m.phone}</td>
            <td>{m.unitName}</td>
            <td>
              {MEMBER_STATUS_LABELS[m.status]}
              {m.gridName ? ` · ${m.gridName}` : ""}
            </td>
            <td className="actions">
              {m.status === "member_confirmed" ? (
                <>
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="memberId" value={m.id} />
                    {grids.length > 0 ? (
                      <select name="gridId" aria-label={`${m.name}所在网格`} defaultValue="">
                        <option value="">不指定网格</option>
                        {grids.map((g) => (
                          <option key={g.id} value={g.id}>
                            {g.name}
                          </option>
                        ))}
                      </select>
                    ) : null}
                    <button type="submit" name="intent" value="confirm" className="primary">
                      确认报到
                    </button>
                  </Form>
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="memberId" value={m.id} />
                    <input name="reason" placeholder="退回原因" aria-label={`退回${m.name}的原因`} />
                    <button type="submit" name="intent" value="decline" className="secondary">
                      退回
                    </button>
                  </Form>
                  {errors?.memberId === m.id ? (
                    <p className="field-error" role="alert">
                      {errors.message}
                    </p>
                  ) : null}
                </>
              ) : null}
            </td>
          </tr>
        ))}
      </AdminTable>
      <Pager page={page.page} pageCount={page.pageCount} total={page.total} />
    </>
  );
}
