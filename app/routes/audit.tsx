import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AuditEntries } from "~/components/platform/audit-entries";
import { AuditFilters, type AuditFilterValues } from "~/components/platform/audit-filters";
import { auditEntityTypesFor, readAuditPage } from "~/models/platform/audit-reader.server";
import { parseAuditFilters } from "~/schemas/audit";
import { AUDIT_ENTITY_LABELS } from "~/schemas/audit-labels";
import { requireRole } from "~/utils/auth.server";
import { AUDIT_READER_ROLES } from "~/utils/permissions";

export const meta: MetaFunction = () => [{ title: "操作记录 · 共驻共建" }];

const SCOPE_NOTES: Record<string, string> = {
  admin: "全平台的修改记录。",
  street: "本街道各社区、单位的需求、资源、项目、会议、评议等的修改记录。",
  district: "本区各街道的修改记录。",
  community: "本社区需求与项目的修改记录。",
  unit: "本单位资源的修改记录。",
};

// Every role reads the trail, each within its own scope (audit-reader.server.ts decides which rows).
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, AUDIT_READER_ROLES);
  const types = auditEntityTypesFor(actor).map((t) => ({
    value: t,
    label: (AUDIT_ENTITY_LABELS as Record<string, string>)[t] ?? t,
  }));
  const note = SCOPE_NOTES[actor.role] ?? "";
  const parsed = parseAuditFilters(new URL(request.url));
  if (!parsed.ok) {
    return data(
      { types, note, values: parsed.values as AuditFilterValues, errors: parsed.errors, page: null },
      { status: 400 },
    );
  }
  const { actor: actorName, type, item, from, to } = parsed.filters;
  const values: AuditFilterValues = { actor: actorName, type, item: item?.toString(), from, to };
  return data({
    types,
    note,
    values,
    errors: {} as Record<string, string>,
    page: readAuditPage(actor, parsed.filters),
  });
}

export default function AuditPage() {
  const { types, note, values, errors, page } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-head">
        <h1>操作记录</h1>
      </div>
      <p className="muted">
        {note}谁在何时改了什么；联系人姓名、电话等个人信息在记录中已隐去。每一条记录都与前一条以哈希相连，
        任何改动都能被 <code>npm run audit:verify</code> 查出。
      </p>
      <AuditFilters values={values} errors={errors} types={types} />
      {page ? <AuditEntries page={page} /> : <p className="form-error">查询条件有误，请按提示修改后再查询。</p>}
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
