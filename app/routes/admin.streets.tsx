import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormErrors, SelectField, TextField } from "~/components/forms";
import { listStreets, saveStreet, selectOptions } from "~/models/admin.server";
import { streetFormSchema } from "~/schemas/admin";
import { requireRole } from "~/utils/auth.server";

export const meta: MetaFunction = () => [{ title: "街道管理 · 共驻共建" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  return { streets: listStreets(), districts: selectOptions().districts };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireRole(request, "admin");
  const submission = parseWithZod(await request.formData(), { schema: streetFormSchema });
  if (submission.status !== "success") return submission.reply();
  const result = saveStreet(actor, null, submission.value);
  if (!result.ok) return submission.reply({ fieldErrors: result.fieldErrors });
  throw redirect("/admin/streets?saved=1");
}

export default function AdminStreets() {
  const { streets, districts } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const location = useLocation();
  return (
    <>
      {params.get("saved") ? <p className="notice">已保存。</p> : null}
      <div className="page-head">
        <h1>街道管理</h1>
      </div>
      <div className="table-wrap">
        <table className="data">
          <thead>
            <tr>
              <th>街道</th>
              <th>所属区</th>
              <th>社区数</th>
              <th>驻区单位数</th>
              <th>操作</th>
            </tr>
          </thead>
          <tbody>
            {streets.map((s) => (
              <tr key={s.id}>
                <td>{s.name}</td>
                <td>{s.districtName}</td>
                <td>{s.communityCount}</td>
                <td>{s.unitCount}</td>
                <td>
                  <Link to={`/admin/streets/${s.id}`}>修改</Link>
                </td>
              </tr>
            ))}
            {streets.length === 0 ? (
              <tr>
                <td colSpan={5} className="muted">
                  还没有街道，请在下方新增。
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
      <h2>新增街道</h2>
      {/* Keyed by location so that after a successful save the next entry starts empty. */}
      <CreateStreetForm key={location.key} districts={districts} />
    </>
  );
}

function CreateStreetForm({ districts }: { districts: { id: number; name: string }[] }) {
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "street-create",
    lastResult,
    constraint: getZodConstraint(streetFormSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: streetFormSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <Form method="post" action="/admin/streets" className="form card" {...getFormProps(form)}>
      <FormErrors errors={form.errors} />
      <div className="form-row two">
        <TextField meta={fields.name} label="街道名称" required />
        <SelectField
          meta={fields.districtId}
          label="所属区"
          required
          placeholder="请选择"
          options={districts.map((d) => ({ value: String(d.id), label: d.name }))}
        />
      </div>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={navigation.state === "submitting"}>
          新增街道
        </button>
      </div>
    </Form>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
