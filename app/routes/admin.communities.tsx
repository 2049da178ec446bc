import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormErrors, SelectField, TextField } from "~/components/forms";
import { listCommunities, saveCommunity, selectOptions } from "~/models/admin.server";
import { communityFormSchema } from "~/schemas/admin";
import { requireRole } from "~/utils/auth.server";

export const meta: MetaFunction = () => [{ title: "社区管理 · 共驻共建" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  return { communities: listCommunities(), streets: selectOptions().streets };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireRole(request, "admin");
  const submission = parseWithZod(await request.formData(), { schema: communityFormSchema });
  if (submission.status !== "success") return submission.reply();
  const result = saveCommunity(actor, null, submission.value);
  if (!result.ok) return submission.reply({ fieldErrors: result.fieldErrors });
  throw redirect("/admin/communities?saved=1");
}

export default function AdminCommunities() {
  const { communities, streets } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const location = useLocation();
  return (
    <>
      {params.get("saved") ? <p className="notice">已保存。</p> : null}
      <div className="page-head">
        <h1>社区管理</h1>
      </div>
      <div className="table-wrap">
        <table className="data">
          <thead>
            <tr>
              <th>社区</th>
              <th>所属街道</th>
              <th>纬度</th>
              <th>经度</th>
              <th>操作</th>
            </tr>
          </thead>
          <tbody>
            {communities.map((c) => (
              <tr key={c.id}>
                <td>{c.name}</td>
                <td>{c.streetName}</td>
                <td>{c.lat}</td>
                <td>{c.lng}</td>
                <td>
                  <Link to={`/admin/communities/${c.id}`}>修改</Link>
                </td>
              </tr>
            ))}
            {communities.length === 0 ? (
              <tr>
                <td colSpan={5} className="muted">
                  还没有社区，请在下方新增。
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
      <h2>新增社区</h2>
      {/* Keyed by location so that after a successful save the next entry starts empty. */}
      <CreateCommunityForm key={location.key} streets={streets} />
    </>
  );
}

function CreateCommunityForm({ streets }: { streets: { id: number; name: string }[] }) {
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "community-create",
    lastResult,
    constraint: getZodConstraint(communityFormSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: communityFormSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <Form method="post" action="/admin/communities" className="form card" {...getFormProps(form)}>
      <FormErrors errors={form.errors} />
      <div className="form-row two">
        <TextField meta={fields.name} label="社区名称" required />
        <SelectField
          meta={fields.streetId}
          label="所属街道"
          required
          placeholder="请选择"
          options={streets.map((s) => ({ value: String(s.id), label: s.name }))}
        />
      </div>
      <div className="form-row two">
        <TextField meta={fields.lat} label="纬度" type="number" step="0.000001" required hint="如 39.904200" />
        <TextField meta={fields.lng} label="经度" type="number" step="0.000001" required hint="如 116.407400" />
      </div>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={navigation.state === "submitting"}>
          新增社区
        </button>
      </div>
    </Form>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
