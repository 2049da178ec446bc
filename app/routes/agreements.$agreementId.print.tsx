import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/ui/app-link";
import { AgreementDocument } from "~/components/agreements/agreement-document";
import { getAgreementForPrint } from "~/models/agreements/agreements.server";
import { requireParamId, requireRole } from "~/utils/auth.server";
import { PARTICIPANT_ROLES } from "~/utils/permissions";
import { PrintToolbar } from "~/components/ui/print-button";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.agreement.title ?? "共建协议"}（第 ${data?.agreement.version ?? ""} 版）` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRole(request, PARTICIPANT_ROLES);
  const id = requireParamId(params, "agreementId", "协议编号有误");
  return { agreement: getAgreementForPrint(actor, id) };
}

// Scoped to this page: paper size, and nothing of the app around the document on paper.
const PRINT_CSS = `
@page { size: A4; margin: 20mm; }
@media print {
  html, body { background: #fff; }
  .site-header, .no-print { display: none !important; }
  main.container { max-width: none; margin: 0; padding: 0; }
  .agreement-print .agreement-doc { width: auto; max-width: none; margin: 0; padding: 0; border: 0; box-shadow: none; font-size: 10.5pt; line-height: 1.65; }
  .agreement-print .agreement-head h1 { font-size: 16pt; }
  .agreement-print .agreement-clause h2 { font-size: 12pt; margin: 8pt 0 3pt; break-after: avoid; }
  .agreement-print .agreement-closing { break-inside: avoid; }
  .agreement-print .signature-block { grid-template-columns: 1fr 1fr; margin-top: 14pt; }
}
`;

export default function PrintAgreement() {
  const { agreement } = useLoaderData<typeof loader>();
  return (
    <div className="agreement-print">
      <style dangerouslySetInnerHTML={{ __html: PRINT_CSS }} />
      <PrintToolbar>
        <AppLink to={`/agreements/${agreement.id}`}>返回协议</AppLink>
      </PrintToolbar>
      <AgreementDocument agreement={agreement} />
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
