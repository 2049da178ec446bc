import { parseWithZod } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/app-link";
import { StreetForm } from "~/components/admin/street-form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
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
  return (
    <>
      <div className="page-head">
        <h1>修改街道</h1>
        <AppLink to="/admin/streets">返回街道列表</AppLink>
      </div>
      <StreetForm
        id={`street-${street.id}`}
        lastResult={lastResult}
        defaultValue={{ name: street.name, districtId: street.districtId }}
        submitLabel="保存"
        action={`/admin/streets/${street.id}`}
        districts={districts}
      />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
