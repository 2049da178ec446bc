import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { AppLink } from "~/components/ui/app-link";
import { AdminTable } from "~/components/platform/admin-table";
import { rowOptions, SubmitRow } from "~/components/platform/form-parts";
import { SavedNotice } from "~/components/platform/saved-notice";
import { FormErrors, SelectField, TextField, labelledOptions, useZodForm } from "~/components/ui/forms";
import { SubmissionKeyField } from "~/components/ui/submission-key-field";
import { Pager } from "~/components/ui/list-controls";
import { AdminFilters } from "~/components/platform/admin-list-filters";
import { createUser, setUserDisabled } from "~/models/platform/admin.server";
import { districtOptions, listUsers, scopeOptions, streetOptions } from "~/models/platform/admin-lists.server";
import { createOnceAsync, newSubmissionKey, submissionKeyOf } from "~/models/platform/form-submissions.server";
import { parseAdminListFilters, userCreateSchema } from "~/schemas/admin";
import { parseId } from "~/schemas/common";
import { requireRole } from "~/utils/auth.server";
import { replyRefusal } from "~/utils/domain-result.server";
import { ROLE_LABELS, ADMIN_ONLY } from "~/utils/permissions";
import { readForm } from "~/utils/read-form.server";

export const meta: MetaFunction = () => [{ title: "账号管理 · 共驻共建" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, ADMIN_ONLY);
  const filters = parseAdminListFilters(new URL(request.url));
  return {
    users: listUsers(filters),
    filters,
    options: { streets: streetOptions(), districts: districtOptions(), ...scopeOptions(filters.streetId) },
    actorId: actor.id,
    submissionKey: newSubmissionKey(),
  };
}

/** Back to the page the admin was on (search, street, page), saying it saved. */
function savedRedirect(request: Request) {
  const url = new URL(request.url);
  url.searchParams.set("saved", "1");
  return redirect(`${url.pathname}${url.search}`);
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireRole(request, ADMIN_ONLY);
  const formData = await readForm(request);
  const intent = formData.get("intent");
  if (intent === "disable" || intent === "enable") {
    const userId = parseId(String(formData.get("userId") ?? ""));
    if (userId === null) throw new Response("账号编号有误", { status: 400 });
    setUserDisabled(actor, userId, intent === "disable");
    throw savedRedirect(request);
  }
  if (intent !== "create") throw new Response("无法识别的操作", { status: 400 });
  const submission = parseWithZod(formData, { schema: userCreateSchema });
  if (submission.status !== "success") return submission.reply({ hideFields: ["password"] });
  // A second submit of the same form (same key) creates no second account and answers as the first did.
  const result = await createOnceAsync(
    actor,
    submissionKeyOf(formData),
    "user",
    (claim) => createUser(actor, submission.value, claim),
    (created) => created.id,
  );
  if (!result.ok) return replyRefusal(submission, result, { hideFields: ["password"] });
  throw savedRedirect(request);
}

type Options = ReturnType<typeof useLoaderData<typeof loader>>["options"];

const STATUS_BADGE = { active: "matched", disabled: "withdrawn", locked: "urgent" } as const;

export default function AdminUsers() {
  const { users, filters, options, actorId, submissionKey } = useLoaderData<typeof loader>();
  const location = useLocation();
  // Posts keep the page's query, so the admin comes back to the same search, street and page.
  const here = `/admin/users${location.search}`;
  return (
    <>
      <SavedNotice />
      <div className="page-head">
        <h1>账号管理</h1>
        <AppLink to="/imports?kind=accounts" className="button secondary">
          导入
        </AppLink>
      </div>
      <AdminFilters filters={filters} streets={options.streets} placeholder="用户名或姓名" />
      <AdminTable
        columns={["用户名", "姓名", "角色", "所属", "状态", "操作"]}
        emptyText={users.items.length === 0 ? "没有符合条件的账号。" : null}
      >
        {users.items.map((u) => (
          <tr key={u.id}>
            <td>
              <AppLink to={`/admin/users/${u.id}`}>{u.username}</AppLink>
            </td>
            <td>{u.displayName}</td>
            <td>{ROLE_LABELS[u.role]}</td>
            <td>{u.scopeName ?? "—"}</td>
            <td>
              <span className={`badge ${STATUS_BADGE[u.status]}`}>
                {u.status === "disabled" ? "已停用" : u.status === "locked" ? `已锁定至 ${u.lockedUntilText}` : "正常"}
              </span>
            </td>
            <td style={{ whiteSpace: "nowrap" }}>
              <AppLink to={`/admin/users/${u.id}`}>详情</AppLink>{" "}
              {u.id === actorId ? (
                <span className="muted">（当前账号）</span>
              ) : (
                <Form
                  method="post"
                  action={here}
                  className="inline-form"
                  onSubmit={(e) => {
                    if (!u.disabledAt && !confirm(`确定停用账号 ${u.username} 吗？停用后该账号将立即退出登录。`))
                      e.preventDefault();
                  }}
                >
                  <input type="hidden" name="userId" value={u.id} />
                  <button
                    type="submit"
                    name="intent"
                    value={u.disabledAt ? "enable" : "disable"}
                    className={u.disabledAt ? "secondary" : "danger"}
                  >
                    {u.disabledAt ? "启用" : "停用"}
                  </button>
                </Form>
              )}
            </td>
          </tr>
        ))}
      </AdminTable>
      <Pager page={users.page} pageCount={users.pageCount} total={users.total} />
      <h2>新建账号</h2>
      {/* Keyed by location so that after a successful save the next entry starts empty. */}
      <CreateUserForm
        key={location.key}
        options={options}
        streetChosen={filters.streetId !== undefined}
        postTo={here}
        submissionKey={submissionKey}
      />
    </>
  );
}

function CreateUserForm({
  options,
  streetChosen,
  postTo,
  submissionKey,
}: {
  options: Options;
  streetChosen: boolean;
  postTo: string;
  submissionKey: string;
}) {
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useZodForm(userCreateSchema, { id: "user-create", lastResult });
  const scopeHint = (required: string) => (streetChosen ? required : `${required}；请先在上方选择街道`);
  return (
    <Form method="post" action={postTo} className="form card" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="create" />
      <SubmissionKeyField value={submissionKey} />
      <FormErrors errors={form.errors} />
      <div className="form-row two">
        <TextField
          meta={fields.username}
          label="用户名"
          required
          autoComplete="off"
          hint="3–32 位小写字母、数字、点、下划线或连字符"
        />
        <TextField meta={fields.displayName} label="姓名" required autoComplete="off" />
      </div>
      <div className="form-row two">
        <SelectField
          meta={fields.role}
          label="角色"
          required
          placeholder="请选择"
          options={labelledOptions(ROLE_LABELS)}
        />
        <TextField
          meta={fields.password}
          label="初始密码"
          type="password"
          required
          autoComplete="new-password"
          hint="至少 8 位，请线下告知本人"
        />
      </div>
      <p className="muted">
        按角色选择所属范围：只保存与角色对应的一项，平台管理员无需选择。社区、单位和网格按上方所选街道列出。
      </p>
      <div className="form-row two">
        <SelectField
          meta={fields.communityId}
          label="所属社区"
          hint={scopeHint("社区工作人员必选")}
          placeholder="不选"
          options={rowOptions(options.communities)}
        />
        <SelectField
          meta={fields.unitId}
          label="所属单位"
          hint={scopeHint("驻区单位联络员必选")}
          placeholder="不选"
          options={rowOptions(options.units)}
        />
      </div>
      <div className="form-row two">
        <SelectField
          meta={fields.gridId}
          label="所属网格"
          hint={scopeHint("网格员必选（所属社区随网格）")}
          placeholder="不选"
          options={rowOptions(options.grids)}
        />
      </div>
      <div className="form-row two">
        <SelectField
          meta={fields.streetId}
          label="所属街道"
          hint="街道审核人员必选"
          placeholder="不选"
          options={rowOptions(options.streets)}
        />
        <SelectField
          meta={fields.districtId}
          label="所属区"
          hint="区委组织部必选"
          placeholder="不选"
          options={rowOptions(options.districts)}
        />
      </div>
      <SubmitRow label="创建账号" />
    </Form>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
