import { PROJECT_STATUS_LABELS } from "~/schemas/project-labels";
import type { ProjectStatus } from "#db/vocabulary";

export interface TimelineEvent {
  id: number;
  kind: string;
  toStatus: string | null;
  message: string;
  at: string;
  actorName: string | null;
}

// China has no daylight saving time: a fixed +8 h shows times the way users read their clocks.
export function beijingTime(iso: string) {
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace("T", " ");
}

/** The project's whole history, oldest first, so it reads like a story. */
export function ProjectTimeline({ events }: { events: TimelineEvent[] }) {
  if (events.length === 0) return <p className="muted">暂无记录。</p>;
  return (
    <ol className="project-timeline" aria-label="项目历程">
      {events.map((e) => (
        <li key={e.id} className={`project-timeline-item${e.kind === "status" ? " status" : ""}`}>
          <div className="project-timeline-meta">
            <time dateTime={e.at}>{beijingTime(e.at)}</time>
            <span>{e.actorName ?? "系统"}</span>
            {e.toStatus ? <span className={`badge project-${e.toStatus}`}>{PROJECT_STATUS_LABELS[e.toStatus as ProjectStatus] ?? e.toStatus}</span> : null}
          </div>
          <p>{e.message}</p>
        </li>
      ))}
    </ol>
  );
}
