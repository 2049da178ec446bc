/** Whole days between an ISO time and now, for "已等待 N 天" and the escalation timers. */
export const DAY_MS = 24 * 3600 * 1000;

export function daysBetween(fromIso: string, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - new Date(fromIso).getTime()) / DAY_MS));
}
