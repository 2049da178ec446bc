import type { SubmissionResult } from "@conform-to/react";
import { Form, useLocation, useSearchParams } from "@remix-run/react";
import { FilterActions, Pager } from "~/components/ui/list-controls";
import { StreetPicker } from "~/components/ui/street-picker";
import type { Page } from "~/models/platform/pagination";
import type { ReportChoice, ReportRow } from "~/models/service/unit-report-lists.server";
import { UNIT_REPORT_STATUS_LABELS } from "~/schemas/unit-report";
import { UnitPairingForm } from "./unit-pairing-form";
import { UnitReportForm } from "./unit-report-form";
import { ReportList, type RefusedDecision } from "./unit-report-list";

/** What a redirect back to /reports says happened (`?done=`). */
const DONE: Record<string, string> = {
  report: "报到已提交，等待社区确认。",
  pair: "结对已安排，等待社区确认。",
  confirm: "已确认结对。",
  decline: "已告知单位不接受的理由。",
  end: "已解除结对。",
};

function DoneNotice() {
  const [params] = useSearchParams();
  const text = DONE[params.get("done") ?? ""];
  return text ? (
    <p className="notice" role="status">
      {text}
    </p>
  ) : null;
}

function Paged({
  page,
  param = "page",
  label,
  anchor,
}: {
  page: Page<unknown>;
  param?: string;
  label: string;
  anchor: string;
}) {
  return page.pageCount > 1 ? (
    <Pager page={page.page} pageCount={page.pageCount} total={page.total} param={param} label={label} anchor={anchor} />
  ) : null;
}

export function UnitReportsView({
  reports,
  choices,
  nearestId,
  lastResult,
  refused,
}: {
  reports: Page<ReportRow>;
  choices: ReportChoice[];
  nearestId: number | null;
  lastResult?: SubmissionResult<string[]> | null;
  refused?: RefusedDecision;
}) {
  const location = useLocation();
  return (
    <>
      <DoneNotice />
      <section id="mine" aria-labelledby="mine-head">
        <h2 id="mine-head">本单位的报到与结对（{reports.total} 个）</h2>
        <ReportList
          reports={reports.items}
          viewer="unit"
          refused={refused}
          label="本单位的报到"
          empty="还没有报到记录：在下方选择社区报到。"
        />
        <Paged page={reports} label="报到分页" anchor="mine" />
      </section>
      <section aria-labelledby="report-head">
        <h2 id="report-head">向社区报到</h2>
        <p className="muted">
          单位党组织向所在社区报到，社区确认后即为结对共建单位；被社区婉拒或已解除的，可以再次报到。
        </p>
        <UnitReportForm key={location.key} lastResult={lastResult} choices={choices} nearestId={nearestId} />
      </section>
    </>
  );
}

export function CommunityReportsView({
  pending,
  confirmed,
  refused,
}: {
  pending: Page<ReportRow>;
  confirmed: Page<ReportRow>;
  refused?: RefusedDecision;
}) {
  return (
    <>
      <DoneNotice />
      <section id="pending" aria-labelledby="pending-head">
        <h2 id="pending-head">待确认的报到（{pending.total} 条）</h2>
        <p className="muted">驻区单位报到或街道安排的结对，确认后成为本社区的结对共建单位；不接受时请写明理由。</p>
        <ReportList
          reports={pending.items}
          viewer="community"
          refused={refused}
          label="待确认的报到"
          empty="没有待确认的报到。"
        />
        <Paged page={pending} param="pendingPage" label="待确认分页" anchor="pending" />
      </section>
      <section id="paired" aria-labelledby="paired-head">
        <h2 id="paired-head">本社区的结对共建单位（{confirmed.total} 家）</h2>
        <ReportList
          reports={confirmed.items}
          viewer="community"
          refused={refused}
          label="结对共建单位"
          empty="还没有结对共建单位。"
        />
        <Paged page={confirmed} label="结对单位分页" anchor="paired" />
      </section>
    </>
  );
}

export function StreetPairsView({
  pairs,
  status,
  units,
  communities,
  lastResult,
}: {
  pairs: Page<ReportRow>;
  status?: string;
  units: { id: number; name: string }[];
  communities: { id: number; name: string }[];
  lastResult?: SubmissionResult<string[]> | null;
}) {
  const location = useLocation();
  return (
    <>
      <DoneNotice />
      <Form method="get" className="card filters" role="search" key={location.search}>
        <div className="field">
          <label htmlFor="filter-status">状态</label>
          <select id="filter-status" name="status" defaultValue={status ?? ""}>
            <option value="">全部状态</option>
            {Object.entries(UNIT_REPORT_STATUS_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <FilterActions />
      </Form>
      <section id="pairs" aria-labelledby="pairs-head">
        <h2 id="pairs-head">本街道的报到与结对（{pairs.total} 个）</h2>
        <ReportList reports={pairs.items} viewer="street" label="报到与结对" empty="没有符合条件的报到或结对。" />
        <Paged page={pairs} label="结对分页" anchor="pairs" />
      </section>
      <section aria-labelledby="pair-head">
        <h2 id="pair-head">安排结对</h2>
        <p className="muted">街道把本街道的驻区单位与社区结对，社区确认后生效；双方都会收到通知。</p>
        <UnitPairingForm key={location.key} lastResult={lastResult} units={units} communities={communities} />
      </section>
    </>
  );
}

export function DistrictPairsView({
  pairs,
  streets,
  streetId,
}: {
  pairs: Page<ReportRow>;
  streets: { id: number; name: string }[];
  streetId?: number;
}) {
  return (
    <>
      <StreetPicker
        id="pairs-street"
        label="街道"
        allLabel="全区"
        submitLabel="查看"
        streets={streets}
        value={streetId}
      />
      <section id="pairs" aria-labelledby="pairs-head">
        <h2 id="pairs-head">报到与结对（{pairs.total} 个）</h2>
        <ReportList reports={pairs.items} viewer="district" label="报到与结对" empty="没有报到或结对。" />
        <Paged page={pairs} label="结对分页" anchor="pairs" />
      </section>
    </>
  );
}
