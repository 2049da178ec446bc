import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import type { RefusedDecision } from "~/components/service/unit-report-list";
import {
  CommunityReportsView,
  DistrictPairsView,
  StreetPairsView,
  UnitReportsView,
} from "~/components/service/unit-report-views";
import {
  communityReports,
  districtPairs,
  pairingChoices,
  reportChoices,
  streetPairsPage,
  unitReportsPage,
} from "~/models/service/unit-report-lists.server";
import {
  decideReport,
  pairingStreet,
  pairUnitWithCommunity,
  reportingUnit,
  reportToCommunities,
} from "~/models/service/unit-reports.server";
import { pairFormSchema, reportDecisionSchema, reportFormSchema, reportListQuerySchema } from "~/schemas/unit-report";
import { forbidden, requireRole } from "~/utils/auth.server";
import { replyRefusal, refusalBody, refusalStatus } from "~/utils/domain-result.server";
import { PARTICIPANT_ROLES, type RoleSet } from "~/utils/permissions";
import { readForm } from "~/utils/read-form.server";

export const meta: MetaFunction = () => [{ title: "单位报到 · 共驻共建" }];

/** Who changes reports: units report, streets pair, communities decide; the district only reads. */
const REPORT_WRITERS = ["community", "unit", "street"] as const satisfies RoleSet;

const TITLES = { unit: "单位报到", community: "单位报到与结对", street: "报到结对", district: "报到结对" } as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, PARTICIPANT_ROLES);
  const query = reportListQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  switch (actor.role) {
    case "unit": {
      const { unitId, streetId } = reportingUnit(actor);
      return {
        view: "unit" as const,
        reports: unitReportsPage(unitId, query.page),
        ...reportChoices(unitId, streetId),
      };
    }
    case "community":
      if (actor.communityId === null) forbidden();
      return { view: "community" as const, ...communityReports(actor.communityId, query) };
    case "street": {
      const streetId = pairingStreet(actor);
      return {
        view: "street" as const,
        status: query.status,
        pairs: streetPairsPage(streetId, query),
        ...pairingChoices(streetId),
      };
    }
    default:
      if (actor.districtId === null) forbidden();
      return { view: "district" as const, streetId: query.streetId, ...districtPairs(actor.districtId, query) };
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireRole(request, REPORT_WRITERS);
  const formData = await readForm(request);
  const intent = formData.get("intent");
  if (intent === "report") {
    reportingUnit(actor);
    const submission = parseWithZod(formData, { schema: reportFormSchema });
    if (submission.status !== "success") return data(submission.reply(), { status: 400 });
    const result = reportToCommunities(actor, submission.value);
    if (!result.ok) return data(replyRefusal(submission, result), { status: refusalStatus(result) });
    throw redirect("/reports?done=report");
  }
  if (intent === "pair") {
    pairingStreet(actor);
    const submission = parseWithZod(formData, { schema: pairFormSchema });
    if (submission.status !== "success") return data(submission.reply(), { status: 400 });
    const { unitId, communityId, note } = submission.value;
    const result = pairUnitWithCommunity(actor, { unitId: unitId!, communityId: communityId!, note });
    if (!result.ok) return data(replyRefusal(submission, result), { status: refusalStatus(result) });
    throw redirect("/reports?done=pair");
  }
  // A decision on one report's card: the answer names the card, so its message shows there.
  const submission = parseWithZod(formData, { schema: reportDecisionSchema });
  const refusedReportId = Number(formData.get("reportId")) || 0;
  if (submission.status !== "success") {
    const answer: RefusedDecision = { refusedReportId, fieldErrors: submission.error ?? {} };
    if (!submission.error?.reason) answer.formError = "请求无法识别，请刷新页面后重试";
    return data(answer, { status: 400 });
  }
  const result = decideReport(actor, submission.value);
  if (!result.ok) return data({ refusedReportId, ...refusalBody(result) }, { status: refusalStatus(result) });
  const back = new URL(request.url).searchParams;
  back.set("done", submission.value.intent);
  throw redirect(`/reports?${back.toString()}`);
}

export default function Reports() {
  const loaded = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  // Decisions answer with the card's id; the report and pairing forms with Conform's reply.
  const refused = answer && "refusedReportId" in answer ? (answer as RefusedDecision) : undefined;
  const lastResult = answer && !("refusedReportId" in answer) ? answer : null;
  return (
    <>
      <div className="page-head">
        <h1>{TITLES[loaded.view]}</h1>
      </div>
      {loaded.view === "unit" ? (
        <UnitReportsView
          reports={loaded.reports}
          choices={loaded.communities}
          nearestId={loaded.nearestId}
          lastResult={lastResult}
          refused={refused}
        />
      ) : loaded.view === "community" ? (
        <CommunityReportsView pending={loaded.pending} confirmed={loaded.confirmed} refused={refused} />
      ) : loaded.view === "street" ? (
        <StreetPairsView
          pairs={loaded.pairs}
          status={loaded.status}
          units={loaded.units}
          communities={loaded.communities}
          lastResult={lastResult}
        />
      ) : (
        <DistrictPairsView pairs={loaded.pairs} streets={loaded.streets} streetId={loaded.streetId} />
      )}
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
