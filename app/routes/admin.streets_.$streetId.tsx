import { parseWithZod } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/ui/app-link";
import { StreetForm } from "~/components/platform/street-form";
import { getStreet, saveStreet } from "~/models/platform/admin.server";
import { districtOptions } from "~/models/platform/admin-lists.server";
import { streetFormSchema } from "~/schemas/admin";
import { requireParamId, requireRole } from "~/utils/auth.server";
import { replyRefusal } from "~/utils/domain-result.server";
import { ADMIN_ONLY } from "~/utils/permissions";
import { readForm } from "~/utils/read-form.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `修改街道 ${data?.street.name ?? ""} · 共驻共建` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, ADMIN_ONLY);
  return {
    street: getStreet(requireParamId(params, "streetId", "街道编号有误")),
    districts: districtOptions(),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireRole(request, ADMIN_ONLY);
  const id = requireParamId(params, "streetId", "街道编号有误");
  const submission = parseWithZod(await readForm(request), { schema: streetFormSchema });
  if (submission.status !== "success") return submission.reply();
  const result = saveStreet(actor, id, submission.value);
  if (!result.ok) return replyRefusal(submission, result);
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

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
