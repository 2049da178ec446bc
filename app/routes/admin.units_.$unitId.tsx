import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { UNIT_KINDS } from "#db/schema";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormErrors, SelectField, TextField } from "~/components/forms";
import { getUnit, saveUnit, selectOptions } from "~/models/admin.server";
import { unitFormSchema } from "~/schemas/admin";
import { parseId } from "~/schemas/common";
import { notFound, requireRole } from "~/utils/auth.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `修改驻区单位 ${data?.unit.name ?? ""} · 共驻共建` }];

const kindOptions = UNIT_KINDS.map((k) => ({ value: k, label: k }));

function unitId(params: { unitId?: string }) {
  return parseId(params.unitId) ?? notFound("驻区单位编号有误");
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  return { unit: getUnit(unitId(params)), streets: selectOptions().streets };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireRole(request, "admin");
  const id = unitId(params);
  const submission = parseWithZod(await request.formData(), { schema: unitFormSchema });
  if (submission.status !== "success") return submission.reply();
  const result = saveUnit(actor, id, submission.value);
  if (!result.ok) return submission.reply({ fieldErrors: result.fieldErrors });
  throw redirect("/admin/units?saved=1");
}

export default function EditUnit() {
  const { unit, streets } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: `unit-${unit.id}`,
    lastResult,
    defaultValue: { name: unit.name, kind: unit.kind, streetId: unit.streetId, lat: unit.lat, lng: unit.lng, address: unit.address },
    constraint: getZodConstraint(unitFormSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: unitFormSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <>
      <div className="page-head">
        <h1>修改驻区单位</h1>
        <Link to="/admin/units">返回单位列表</Link>
      </div>
      <Form method="post" className="form card" {...getFormProps(form)}>
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
          <TextField meta={fields.lat} label="纬度" type="number" step="0.000001" required />
          <TextField meta={fields.lng} label="经度" type="number" step="0.000001" required />
        </div>
        <TextField meta={fields.address} label="地址" hint="最多 100 字" />
        <div className="form-actions">
          <button type="submit" className="primary" disabled={navigation.state === "submitting"}>
            保存
          </button>
        </div>
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
