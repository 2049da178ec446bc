import type { CobuildingForm, RecordStatus } from "#domain/vocabulary";
import { AppLink } from "~/components/ui/app-link";
import { FORM_LABELS, RECORD_STATUS_LABELS } from "~/schemas/project-labels";

export interface RecordListItem {
  id: number;
  date: string;
  form: CobuildingForm;
  place: string;
  unitName: string;
  recordedSide: "community" | "unit";
  recorderName: string;
  partyMembers: number;
  residentsServed: number;
  hours: number;
  summary: string;
  status: RecordStatus;
  photoCount: number;
  coverPhotoId: number | null;
}

export function RecordStatusBadge({ status }: { status: RecordStatus }) {
  return <span className={`badge record-${status}`}>{RECORD_STATUS_LABELS[status]}</span>;
}

export function RecordTotals({
  totals,
}: {
  totals: { records: number; partyMembers: number; residentsServed: number; hours: number };
}) {
  return (
    <section aria-label="已确认记实合计">
      <div className="stats">
        <div className="stat">
          已确认记实<b>{totals.records}</b>
        </div>
        <div className="stat">
          党员参与（人次）<b>{totals.partyMembers}</b>
        </div>
        <div className="stat">
          服务群众（人次）<b>{totals.residentsServed}</b>
        </div>
        <div className="stat">
          活动时长（小时）<b>{totals.hours}</b>
        </div>
      </div>
      <p className="muted">只统计双方已确认的记实；待确认和有异议的记实不计入。</p>
    </section>
  );
}

export function RecordList({ records }: { records: RecordListItem[] }) {
  if (records.length === 0) return <p className="card muted">还没有活动记实。</p>;
  return (
    <ul className="item-list" aria-label="活动记实列表">
      {records.map((r) => (
        <li key={r.id} className="item record-item" data-testid="record">
          {r.coverPhotoId !== null ? (
            <img className="record-cover" src={`/records/photos/${r.coverPhotoId}`} alt="" loading="lazy" />
          ) : null}
          <div>
            <h3>
              <AppLink to={`/records/${r.id}`}>
                {r.date} · {FORM_LABELS[r.form]} · {r.place}
              </AppLink>
            </h3>
            <div className="meta">
              <RecordStatusBadge status={r.status} />
              <span>{r.unitName}</span>
              <span>
                {r.recordedSide === "community" ? "社区" : "单位"}记录：{r.recorderName}
              </span>
              <span>
                党员 {r.partyMembers} 人次 · 群众 {r.residentsServed} 人次 · {r.hours} 小时
              </span>
              {r.photoCount > 0 ? <span>照片 {r.photoCount} 张</span> : null}
            </div>
            <p className="record-summary">{r.summary}</p>
          </div>
        </li>
      ))}
    </ul>
  );
}
