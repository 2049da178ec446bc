import type { ProjectStatus } from "#domain/vocabulary";
import { PROJECT_STATUS_LABELS, PROJECT_STEPS } from "~/schemas/project-labels";

/**
 * The happy path as steps; a cancelled project shows how far it got, struck through, and why it
 * stopped.
 */
export function ProjectProgress({
  status,
  reachedBeforeCancel,
  cancelReason,
}: {
  status: ProjectStatus;
  reachedBeforeCancel?: ProjectStatus | null;
  cancelReason?: string | null;
}) {
  const cancelled = status === "cancelled";
  const current = cancelled ? (reachedBeforeCancel ?? "draft") : status;
  const index = PROJECT_STEPS.indexOf(current);
  return (
    <section className={`card project-progress${cancelled ? " cancelled" : ""}`} aria-label="项目进度">
      <ol className="project-steps">
        {PROJECT_STEPS.map((step, i) => {
          const state = i < index ? "done" : i === index ? "current" : "todo";
          return (
            <li
              key={step}
              className={`project-step ${state}`}
              aria-current={!cancelled && state === "current" ? "step" : undefined}
            >
              <span className="dot" aria-hidden="true">
                {state === "done" ? "✓" : i + 1}
              </span>
              <span className="label">{PROJECT_STATUS_LABELS[step]}</span>
            </li>
          );
        })}
      </ol>
      {cancelled ? (
        <p className="form-error" role="status">
          {`项目已取消（取消时处于“${PROJECT_STATUS_LABELS[current]}”阶段）。取消原因：${cancelReason || "未填写"}`}
        </p>
      ) : null}
    </section>
  );
}
