import type { BallotRefusal } from "~/models/evaluations/ballots.server";

export type BallotPageState = BallotRefusal | "thanks";

const STATES: Record<BallotPageState, { title: string; text: string }> = {
  invalid: {
    title: "评议链接无效",
    text: "没有找到这张评议票。请核对二维码或链接是否完整，或向发放评议票的社区咨询。",
  },
  used: { title: "此评议票已经投过，每张票只能投一次", text: "这张评议票已经投出，不能再次投票或修改。感谢您的参与！" },
  revoked: {
    title: "此评议票已作废",
    text: "发放评议票的社区已作废这张票，它不能再用于投票。如需参加评议，请向社区索取新的评议票。",
  },
  closed: {
    title: "评议已结束",
    text: "本次评议已经结束投票（已到截止时间，或由社区提前结束），不再接受投票。感谢您的关注！",
  },
  thanks: {
    title: "投票成功，感谢您的参与！",
    text: "您的评议已经提交。每张评议票只能投一次，这张票已不能再次使用。您的意见将作为社区对驻区单位评议的依据。",
  },
};

/** What the public ballot page says when there is no ballot to fill in. */
export function BallotStateView({ state, unitName }: { state: BallotPageState; unitName?: string }) {
  const { title, text } = STATES[state];
  return (
    <section
      className={`card ballot-state ballot-state-${state}`}
      role={state === "thanks" ? "status" : "alert"}
      data-state={state}
    >
      <p className="ballot-state-icon" aria-hidden="true">
        {state === "thanks" ? "✓" : "!"}
      </p>
      <h1>{title}</h1>
      {unitName && state !== "invalid" ? <p className="muted">评议对象：{unitName}</p> : null}
      <p>{text}</p>
    </section>
  );
}
