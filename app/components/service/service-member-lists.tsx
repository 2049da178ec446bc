import { Form } from "@remix-run/react";
import type { MemberActivity } from "~/models/service/activity-signups.server";
import type { MemberPost } from "~/models/service/service-posts.server";
import { chineseDate } from "~/utils/china-time";

/** A refusal said on the card it is about ("post-3", "activity-7"). */
export type CardRefusal = { key: string; message: string } | null | undefined;

function ActionButton({
  intent,
  name,
  id,
  label,
  primary,
}: {
  intent: string;
  name: "postId" | "activityId";
  id: number;
  label: string;
  primary?: boolean;
}) {
  return (
    <Form method="post" preventScrollReset>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name={name} value={id} />
      <button type="submit" className={primary ? "primary" : "secondary"}>
        {label}
      </button>
    </Form>
  );
}

function Refusal({ refused, cardKey }: { refused: CardRefusal; cardKey: string }) {
  if (refused?.key !== cardKey) return null;
  return (
    <p className="form-error" role="alert">
      {refused.message}
    </p>
  );
}

/** The community's open posts on the member's phone: 认岗 while places are left, 退出岗位 for their own. */
export function MemberPostCards({ posts, refused }: { posts: MemberPost[]; refused: CardRefusal }) {
  if (posts.length === 0) return <p className="card muted">社区暂时没有招募中的服务岗位。</p>;
  return (
    <ul className="item-list" aria-label="服务岗位">
      {posts.map((post) => {
        const full = post.held >= post.slots;
        return (
          <li key={post.id} className="item" data-testid="member-post">
            <h3>{post.title}</h3>
            <div className="meta">
              {post.mine ? <span className="badge matched">我已认岗</span> : null}
              <span>
                已认岗 {post.held} / {post.slots}
              </span>
              <span>{post.gridName ?? "全社区"}</span>
            </div>
            {post.description ? <p>{post.description}</p> : null}
            {post.mine ? (
              <ActionButton intent="release" name="postId" id={post.id} label="退出岗位" />
            ) : full ? (
              <p className="muted">名额已满</p>
            ) : (
              <ActionButton intent="claim" name="postId" id={post.id} label="认岗" primary />
            )}
            <Refusal refused={refused} cardKey={`post-${post.id}`} />
          </li>
        );
      })}
    </ul>
  );
}

/** The community's upcoming activities: 报名 while places are left, 取消报名 before checking in. */
export function MemberActivityCards({ activities, refused }: { activities: MemberActivity[]; refused: CardRefusal }) {
  if (activities.length === 0) return <p className="card muted">社区近期没有可以报名的服务活动。</p>;
  return (
    <ul className="item-list" aria-label="服务活动">
      {activities.map((a) => {
        const full = a.signedUp >= a.slots;
        return (
          <li key={a.id} className="item" data-testid="member-activity">
            <h3>{a.title}</h3>
            <div className="meta">
              {a.checkedInAt ? (
                <span className="badge fulfilled">已签到</span>
              ) : a.mine ? (
                <span className="badge matched">我已报名</span>
              ) : null}
              <span>
                {chineseDate(a.date)} {a.startTime}
              </span>
              <span>{a.place}</span>
              <span>约 {a.plannedHours} 小时</span>
              <span>
                报名 {a.signedUp} / {a.slots}
              </span>
            </div>
            {a.description ? <p>{a.description}</p> : null}
            {a.checkedInAt ? null : a.mine ? (
              <ActionButton intent="cancel-sign-up" name="activityId" id={a.id} label="取消报名" />
            ) : full ? (
              <p className="muted">名额已满</p>
            ) : (
              <ActionButton intent="sign-up" name="activityId" id={a.id} label="报名" primary />
            )}
            <Refusal refused={refused} cardKey={`activity-${a.id}`} />
          </li>
        );
      })}
    </ul>
  );
}
