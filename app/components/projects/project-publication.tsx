import { AppLink } from "~/components/ui/app-link";
import { chinaDateTime } from "~/utils/china-time";

/**
 * The project page's word on what the public reads about the project: the street's approved
 * publication text, or that there is none yet. Everyone who sees the project sees this; only the
 * street's reviewers get the link to write or change it.
 */
export function ProjectPublicationText({
  projectId,
  text,
  approvedAt,
  canApprove,
}: {
  projectId: number;
  text: string | null;
  approvedAt: string | null;
  canApprove: boolean;
}) {
  const approved = text !== null && approvedAt !== null;
  return (
    <section className="card" aria-label="公示文本">
      <h2>公示文本</h2>
      <p className="muted">联席会议通报的公示页面上，本项目只刊登街道审定的公示文本，不公开项目名称和目标。</p>
      {approved ? (
        <>
          <p>
            <span className="badge matched">已审定</span> {chinaDateTime(approvedAt)}
          </p>
          <p style={{ whiteSpace: "pre-wrap" }} data-testid="publication-text">
            {text}
          </p>
        </>
      ) : (
        <p>
          <span className="badge draft">尚未审定</span> 由项目所在街道的审核人员编写并审定。
        </p>
      )}
      <p>
        <AppLink to={`/projects/${projectId}/publication`} className={canApprove ? "button" : undefined}>
          {canApprove ? (approved ? "修改公示文本" : "编写并审定公示文本") : "查看公示页面上的样子"}
        </AppLink>
      </p>
    </section>
  );
}
