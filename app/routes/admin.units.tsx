import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation, useSearchParams } from "@remix-run/react";
import { UNIT_KINDS } from "#db/schema";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormErrors, SelectField, TextField } from "~/components/forms";
import { listUnits, saveUnit, selectOptions } from "~/models/admin.server";
import { unitFormSchema } from "~/schemas/admin";
import { requireRole } from "~/utils/auth.server";

export const meta: MetaFunction = () => [{ title: "驻区单位管理 · 共驻共建" }];

const kindOptions = UNIT_KINDS.map((k) => ({ value: k, label: k }));

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  return { units: listUnits(), streets: selectOptions().streets };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireRole(request, "admin");
  const submission = parseWithZod(await request.formData(), { schema: unitFormSchema });
  if (submission.status !== "success") return submission.reply();
  const result = saveUnit(actor, null, submission.value);
  if (!result.ok) return submission.reply({ fieldErrors: result.fieldErrors });
  throw redirect("/admin/units?saved=1");
}

export default function AdminUnits() {
  const { units, streets } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const location = useLocation();
  return (
    <>
      {params.get("saved") ? <p className="notice">已保存。</p> : null}
      <div className="page-head">
        <h1>驻区单位管理</h1>
      </div>
      <div className="table-wrap">
        <table className="data">
          <thead>
            <tr>
              <th>单位</th>
              <th>类型</th>
              <th>所在街道</th>
              <th>地址</th>
              <th>纬度</th>
              <th>经度</th>
              <th>操作</th>
            </tr>
          </thead>
          <tbody>
            {units.map((u) => (
              <tr key={u.id}>
                <td>{u.name}</td>
                <td>{u.kind}</td>
                <td>{u.streetName}</td>
                <td>{u.address || "—"}</td>
                <td>{u.lat}</td>
                <td>{u.lng}</td>
                <td>
                  <Link to={`/admin/units/${u.id}`}>修改</Link>
                </td>
              </tr>
            ))}
            {units.length === 0 ? (
              <tr>
                <td colSpan={7} className="muted">
                  还没有驻区单位，请在下方新增。
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
      <h2>新增驻区单位</h2>
      {/* Keyed by location so that after a successful save the next entry starts empty. */}
      <CreateUnitForm key={location.key} streets={streets} />
    </>
  );
}

function CreateUnitForm({ streets }: { streets: { id: number; name: string }[] }) {
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "unit-create",
    lastResult,
    constraint: getZodConstraint(unitFormSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: unitFormSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <Form method="post" action="/admin/units" className="form card" {...getFormProps(form)}>
      <FormErrors errors={form.errors} />
      <TextField meta={fields.name} label="单位名称" required />
      <div className="form-row two">
        <SelectField meta={fields.kind} label="单位类型" required placeholder="请选择" options={kindOptions} />
        <SelectField
          meta={fields.streetId}
          label="所在街道"
          required
          placeholder="请选择"
          options={streets.map((s) => ({ value: String(s.id), label: s.name }))}
        />
      </div>
      <div className="form-row two">
        <TextField meta={fields.lat} label="纬度" type="number" step="0.000001" required hint="如 39.904200" />
        <TextField meta={fields.lng} label="经度" type="number" step="0.000001" required hint="如 116.407400" />
      </div>
      <TextField meta={fields.address} label="地址" hint="最多 100 字" />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={navigation.state === "submitting"}>
          新增驻区单位
        </button>
      </div>
    </Form>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
