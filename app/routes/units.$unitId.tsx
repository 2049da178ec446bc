import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AppLink } from "~/components/ui/app-link";
import { Pager } from "~/components/ui/list-controls";
import { OpinionRecordList, UnitProjectGroups, UnitTotals } from "~/components/evaluations/opinion-unit-record";
import { UnitMemberFiguresSection } from "~/components/evaluations/unit-member-figures";
import { PairedCommunitiesSection } from "~/components/service/paired-communities";
import { getUnitRecord } from "~/models/evaluations/unit-record.server";
import { pairedCommunitiesOfUnit } from "~/models/service/unit-report-lists.server";
import { requireParamId, requireRole } from "~/utils/auth.server";
import { PARTICIPANT_ROLES } from "~/utils/permissions";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.unit.name ?? "驻区单位"} · 共建档案 · 共驻共建` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRole(request, PARTICIPANT_ROLES);
  const id = requireParamId(params, "unitId", "单位编号有误");
  const search = new URL(request.url).searchParams;
  const record = getUnitRecord(actor, id, new Date(), {
    projectPage: Number(search.get("page")) || undefined,
    allOpinions: search.get("opinions") === "all",
  });
  // Read only once getUnitRecord has let the actor see this unit.
  return { ...record, paired: pairedCommunitiesOfUnit(id) };
}

export default function UnitRecordPage() {
  const { unit, projectGroups, projectCount, projectPage, totals, opinions, opinionTotal, paired, members } =
    useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-head">
        <h1>{unit.name}</h1>
        <AppLink to="/projects">项目清单</AppLink>
      </div>
      <section className="card">
        <dl className="details">
          <dt>单位类型</dt>
          <dd>{unit.kind}</dd>
          <dt>所在街道</dt>
          <dd>{unit.streetName}</dd>
        </dl>
      </section>
      <PairedCommunitiesSection paired={paired} />
      <UnitMemberFiguresSection members={members} />
      <section className="card" aria-labelledby="totals-head">
        <h2 id="totals-head">活动记实（仅统计双方已确认的记录）</h2>
        <UnitTotals totals={totals} />
      </section>
      <section className="card" aria-labelledby="opinions-head">
        <h2 id="opinions-head">评议意见（经街道审核）</h2>
        <OpinionRecordList opinions={opinions} />
        {opinionTotal > opinions.length ? (
          <p>
            <AppLink to="?opinions=all#opinions-head">查看全部 {opinionTotal} 份评议意见</AppLink>
          </p>
        ) : null}
      </section>
      <section className="card" id="projects" aria-labelledby="projects-head">
        <h2 id="projects-head">共建项目（{projectCount} 个）</h2>
        <UnitProjectGroups groups={projectGroups} />
        {projectPage.pageCount > 1 ? (
          <Pager
            page={projectPage.page}
            pageCount={projectPage.pageCount}
            total={projectPage.total}
            label="共建项目分页"
            anchor="projects"
          />
        ) : null}
      </section>
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/ui/error-boundary";
