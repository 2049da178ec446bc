import { useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import type { RunPhase } from "~/models/matching/run-phase.server";

/** What a matching run's phase is called on the pages (run-phase.server.ts). */
export const RUN_PHASE_LABELS: Record<RunPhase, string> = {
  queued: "匹配排队中",
  running: "匹配中",
  retrying: "等待重试",
  done: "已完成",
  failed: "失败",
};

/** Reloads the page's data every `everyMs` while `active`, so a run's line moves without a reload. */
export function usePollWhile(active: boolean, everyMs: number) {
  const revalidator = useRevalidator();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), everyMs);
    return () => clearInterval(timer);
  }, [active, everyMs, revalidator]);
}

const NEED_LINES: Record<"queued" | "running" | "retrying", string> = {
  queued: "这条需求的匹配请求正在排队，计算完成后建议会显示在这里。",
  running: "正在为这条需求计算匹配建议。",
  retrying: "匹配暂时没有完成，系统会自动重试，无需重新提交。",
};

/**
 * The need page's line while a run that will cover the need has not finished: queued, computing or
 * waiting for a retry, in place of "暂无匹配建议". Nothing once no run is pending.
 */
export function NeedMatchingStatus({ state }: { state: { phase: RunPhase } | null }) {
  usePollWhile(state !== null, 2000);
  if (!state || state.phase === "done" || state.phase === "failed") return null;
  return (
    <p className="notice" role="status" data-testid="need-matching-status">
      <strong>{RUN_PHASE_LABELS[state.phase]}</strong>：{NEED_LINES[state.phase]}
    </p>
  );
}
