import { parseWithZod } from "@conform-to/zod";
import {
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/ui/app-link";
import { mapStylesheets } from "~/components/map/map-styles";
import { UnitForm } from "~/components/platform/unit-form";
import { getUnit, saveUnit } from "~/models/platform/admin.server";
import { streetOptions } from "~/models/platform/admin-lists.server";
import { unitFormSchema } from "~/schemas/admin";
import { requireParamId, requireRole } from "~/utils/auth.server";
import { replyRefusal } from "~/utils/domain-result.server";
import { ADMIN_ONLY } from "~/utils/permissions";
import { readForm } from "~/utils/read-form.server";

// Leaflet's and the picker's styles, for the coordinate picker in the form (decision 036).
export const links: LinksFunction = mapStylesheets;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `修改驻区单位 ${data?.unit.name ?? ""} · 共驻共建` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, ADMIN_ONLY);
  return { unit: getUnit(requireParamId(params, "unitId", "驻区单位编号有误")), streets: streetOptions() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireRole(request, ADMIN_ONLY);
  const id = requireParamId(params, "unitId", "驻区单位编号有误");
  const submission = parseWithZod(await readForm(request), { schema: unitFormSchema });
  if (submission.status !== "success") return submission.reply();
  const result = saveUnit(actor, id, submission.value);
  if (!result.ok) return replyRefusal(submission, result);
  throw redirect("/admin/units?saved=1");
}

export default function EditUnit() {
  const { unit, streets } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <>
      <div className="page-head">
        <h1>修改驻区单位</h1>
        <AppLink to="/admin/units">返回单位列表</AppLink>
      </div>
      <UnitForm
        id={`unit-${unit.id}`}
        lastResult={lastResult}
        defaultValue={{
          name: unit.name,
          kind: unit.kind,
          streetId: unit.streetId,
          lat: unit.lat,
          lng: unit.lng,
          address: unit.address,
        }}
        submitLabel="保存"
        action={`/admin/units/${unit.id}`}
        streets={streets}
      />
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
