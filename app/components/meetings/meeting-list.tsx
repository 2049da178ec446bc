import type { MeetingStatus } from "#domain/vocabulary";
import { AppLink } from "~/components/ui/app-link";
import { MEETING_STATUS_LABELS } from "~/schemas/project-labels";
import { localWallClock } from "~/utils/china-time";

export interface MeetingListItem {
  id: number;
  title: string;
  scheduledAt: string;
  place: string;
  status: MeetingStatus;
  streetName: string;
  communityName: string | null;
  itemCount: number;
  pendingCount: number;
}

export function MeetingList({ meetings, empty }: { meetings: MeetingListItem[]; empty: string }) {
  if (meetings.length === 0) return <p className="card muted">{empty}</p>;
  return (
    <ul className="item-list">
      {meetings.map((m) => (
        <li key={m.id} className="item" data-testid="meeting">
          <h3>
            <AppLink to={`/meetings/${m.id}`}>{m.title}</AppLink>
          </h3>
          <div className="meta">
            <span className={`badge meeting-${m.status}`}>{MEETING_STATUS_LABELS[m.status]}</span>
            <span>{localWallClock(m.scheduledAt)}</span>
            <span>{m.place}</span>
            <span>{m.communityName ? `${m.streetName} · ${m.communityName}` : `${m.streetName}（街道会议）`}</span>
            <span>
              议题 {m.itemCount} 项{m.pendingCount > 0 ? `，待议 ${m.pendingCount} 项` : ""}
            </span>
          </div>
        </li>
      ))}
    </ul>
  );
}
