import type { LoaderFunctionArgs } from "@remix-run/node";
import { KIND_LABELS } from "~/models/exchange/columns";
import { requireTemplateAccess, templateKindOf, templateWorkbook } from "~/models/exchange/template.server";
import { downloadHeaders } from "~/models/exchange/workbook.server";
import { residenceOptions } from "~/models/service/members.server";
import { notFound, requireActor } from "~/utils/auth.server";

/** An import template (.xlsx): for the role that imports that kind only (decision 033). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const kind = templateKindOf(params.kind);
  if (!kind) notFound("没有这种导入模板");
  requireTemplateAccess(actor, kind);
  // A unit's members live in its district: the 说明 sheet lists those communities, as the form offers them.
  const lists =
    kind === "members"
      ? [{ name: "居住社区（本区的社区）", values: residenceOptions(actor).map((r) => `${r.streetName}/${r.name}`) }]
      : [];
  const body = await templateWorkbook(kind, lists);
  return new Response(new Uint8Array(body), {
    headers: downloadHeaders(`template-${kind}.xlsx`, `${KIND_LABELS[kind]}导入模板.xlsx`, body.byteLength),
  });
}
