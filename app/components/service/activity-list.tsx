import { AppLink } from "~/components/ui/app-link";
import type { CommunityActivity } from "~/models/service/service-activities.server";
import { SERVICE_ACTIVITY_STATUS_LABELS } from "~/schemas/service";
import { chineseDate } from "~/utils/china-time";

const BADGE = { open: "open", cancelled: "withdrawn", closed: "fulfilled" } as const;

/** The community's activities on /service, each linking to its sign-ups and attendance. */
export function ActivityList({ activities, empty }: { activities: CommunityActivity[]; empty: string }) {
  if (activities.length === 0) return <p className="card muted">{empty}</p>;
  return (
    <ul className="item-list">
      {activities.map((a) => (
        <li key={a.id} className="item" data-testid="service-activity">
          <h3>
            <AppLink to={`/service/activities/${a.id}`}>{a.title}</AppLink>
          </h3>
          <div className="meta">
            <span className={`badge ${BADGE[a.status]}`}>{SERVICE_ACTIVITY_STATUS_LABELS[a.status]}</span>
            <span>
              {chineseDate(a.date)} {a.startTime}
            </span>
            <span>{a.place}</span>
            <span>计划 {a.plannedHours} 小时</span>
            <span>
              报名 {a.signedUp} / {a.slots}，到场 {a.checkedIn}
            </span>
            {a.gridName ? <span>{a.gridName}</span> : null}
          </div>
        </li>
      ))}
    </ul>
  );
}
