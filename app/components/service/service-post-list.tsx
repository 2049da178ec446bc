import { Form } from "@remix-run/react";
import type { CommunityPost } from "~/models/service/service-posts.server";
import { SERVICE_POST_STATUS_LABELS } from "~/schemas/service";

/** The community's posts on /service: places taken, who holds them, and 关闭岗位 while open. */
export function ServicePostList({
  posts,
  refused,
}: {
  posts: CommunityPost[];
  /** A refusal said on the row of the post it is about. */
  refused?: { postId: number; message: string } | null;
}) {
  if (posts.length === 0) return <p className="card muted">还没有服务岗位，请在下方发布。</p>;
  return (
    <ul className="item-list" aria-label="服务岗位">
      {posts.map((post) => (
        <li key={post.id} className="item" data-testid="service-post">
          <h3>{post.title}</h3>
          <div className="meta">
            <span className={`badge ${post.status === "open" ? "open" : "withdrawn"}`}>
              {SERVICE_POST_STATUS_LABELS[post.status]}
            </span>
            <span>
              已认岗 {post.held} / {post.slots}
            </span>
            <span>{post.gridName ?? "全社区"}</span>
          </div>
          {post.description ? <p>{post.description}</p> : null}
          {post.holders.length > 0 ? <p className="muted">认岗党员：{post.holders.join("、")}</p> : null}
          {post.status === "open" ? (
            <Form
              method="post"
              onSubmit={(e) => {
                if (!confirm(`关闭「${post.title}」？认岗的党员将收到通知，认岗随之结束。`)) e.preventDefault();
              }}
            >
              <input type="hidden" name="intent" value="close-post" />
              <input type="hidden" name="postId" value={post.id} />
              <button type="submit" className="secondary">
                关闭岗位
              </button>
            </Form>
          ) : null}
          {refused?.postId === post.id ? (
            <p className="form-error" role="alert">
              {refused.message}
            </p>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
