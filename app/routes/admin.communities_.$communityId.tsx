import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormErrors, SelectField, TextField } from "~/components/forms";
import { getCommunity, saveCommunity, selectOptions } from "~/models/admin.server";
import { communityFormSchema } from "~/schemas/admin";
import { parseId } from "~/schemas/common";
import { notFound, requireRole } from "~/utils/auth.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `修改社区 ${data?.community.name ?? ""} · 共驻共建` }];

function communityId(params: { communityId?: string }) {
  return parseId(params.communityId) ?? notFound("社区编号有误");
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  return { community: getCommunity(communityId(params)), streets: selectOptions().streets };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireRole(request, "admin");
  const id = communityId(params);
  const submission = parseWithZod(await request.formData(), { schema: communityFormSchema });
  if (submission.status !== "success") return submission.reply();
  const result = saveCommunity(actor, id, submission.value);
  if (!result.ok) return submission.reply({ fieldErrors: result.fieldErrors });
  throw redirect("/admin/communities?saved=1");
}

export default function EditCommunity() {
  const { community, streets } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: `community-${community.id}`,
    lastResult,
    defaultValue: { name: community.name, streetId: community.streetId, lat: community.lat, lng: community.lng },
    constraint: getZodConstraint(communityFormSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: communityFormSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <>
      <div className="page-head">
        <h1>修改社区</h1>
        <Link to="/admin/communities">返回社区列表</Link>
      </div>
      <Form method="post" className="form card" {...getFormProps(form)}>
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
          <TextField meta={fields.lat} label="纬度" type="number" step="0.000001" required />
          <TextField meta={fields.lng} label="经度" type="number" step="0.000001" required />
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
