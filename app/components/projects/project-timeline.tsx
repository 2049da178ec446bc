import { PROJECT_STATUS_LABELS } from "~/schemas/project-labels";
import type { ProjectStatus } from "#domain/vocabulary";
import { chinaDateTime } from "~/utils/china-time";

export interface TimelineEvent {
  id: number;
  kind: string;
  toStatus: string | null;
  message: string;
  at: string;
  actorName: string | null;
}

/** The project's whole history, oldest first, so it reads like a story. */
export function ProjectTimeline({ events }: { events: TimelineEvent[] }) {
  if (events.length === 0) return <p className="muted">暂无记录。</p>;
  return (
    <ol className="project-timeline" aria-label="项目历程">
      {events.map((e) => (
        <li key={e.id} className={`project-timeline-item${e.kind === "status" ? " status" : ""}`}>
          <div className="project-timeline-meta">
            <time dateTime={e.at}>{chinaDateTime(e.at)}</time>
            <span>{e.actorName ?? "系统"}</span>
            {e.toStatus ? (
              <span className={`badge project-${e.toStatus}`}>
                {PROJECT_STATUS_LABELS[e.toStatus as ProjectStatus] ?? e.toStatus}
              </span>
            ) : null}
          </div>
          <p>{e.message}</p>
        </li>
      ))}
    </ol>
  );
}
