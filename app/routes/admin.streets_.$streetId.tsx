import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormErrors, SelectField, TextField } from "~/components/forms";
import { getStreet, saveStreet, selectOptions } from "~/models/admin.server";
import { streetFormSchema } from "~/schemas/admin";
import { parseId } from "~/schemas/common";
import { notFound, requireRole } from "~/utils/auth.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `修改街道 ${data?.street.name ?? ""} · 共驻共建` }];

function streetId(params: { streetId?: string }) {
  return parseId(params.streetId) ?? notFound("街道编号有误");
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  return { street: getStreet(streetId(params)), districts: selectOptions().districts };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireRole(request, "admin");
  const id = streetId(params);
  const submission = parseWithZod(await request.formData(), { schema: streetFormSchema });
  if (submission.status !== "success") return submission.reply();
  const result = saveStreet(actor, id, submission.value);
  if (!result.ok) return submission.reply({ fieldErrors: result.fieldErrors });
  throw redirect("/admin/streets?saved=1");
}

export default function EditStreet() {
  const { street, districts } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: `street-${street.id}`,
    lastResult,
    defaultValue: { name: street.name, districtId: street.districtId },
    constraint: getZodConstraint(streetFormSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: streetFormSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <>
      <div className="page-head">
        <h1>修改街道</h1>
        <Link to="/admin/streets">返回街道列表</Link>
      </div>
      <Form method="post" className="form card" {...getFormProps(form)}>
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
