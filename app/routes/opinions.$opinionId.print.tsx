import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/ui/app-link";
import { OpinionDocument } from "~/components/evaluations/opinion-document";
import { opinionTitle } from "~/models/evaluations/opinion-draft";
import { opinionForPrint } from "~/models/evaluations/opinions.server";
import { requireParamId, requireRole } from "~/utils/auth.server";
import { PARTICIPANT_ROLES } from "~/utils/permissions";
import { PrintToolbar } from "~/components/ui/print-button";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? opinionTitle(data.opinion.figures.unitName, data.opinion.figures.periodLabel) : "评议意见" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRole(request, PARTICIPANT_ROLES);
  const id = requireParamId(params, "opinionId", "评议意见编号有误");
  return opinionForPrint(actor, id);
}

// Scoped to this page: A4 paper, and nothing of the app around the document on paper.
const PRINT_CSS = `
@page { size: A4; margin: 20mm 18mm; }
@media print {
  html, body { background: #fff; }
  .site-header, .no-print { display: none !important; }
  main.container { max-width: none; margin: 0; padding: 0; }
  .opinion-print .opinion-doc { width: auto; max-width: none; margin: 0; padding: 0; border: 0; box-shadow: none; font-size: 11pt; line-height: 1.75; }
  .opinion-print .opinion-head h1 { font-size: 16pt; }
  .opinion-print .opinion-body h2, .opinion-print .opinion-appendix h2 { font-size: 12pt; break-after: avoid; }
  .opinion-print .opinion-figures { font-size: 9.5pt; }
  .opinion-print .opinion-grade, .opinion-print .opinion-sign { break-inside: avoid; }
  .opinion-print .opinion-figures tr { break-inside: avoid; }
}
`;

export default function PrintOpinion() {
  const { opinion, names, links } = useLoaderData<typeof loader>();
  return (
    <div className="opinion-print">
      <style dangerouslySetInnerHTML={{ __html: PRINT_CSS }} />
      <PrintToolbar>
        {links.opinionPage ? <AppLink to={`/evaluations/${opinion.evaluationId}/opinion`}>返回评议意见</AppLink> : null}
        {links.unitRecord ? <AppLink to={`/units/${opinion.unitId}`}>单位共建档案</AppLink> : null}
      </PrintToolbar>
      <OpinionDocument opinion={opinion} communityName={names.community} streetName={names.street} />
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
