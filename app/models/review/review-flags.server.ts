/**
 * The review's flags (需关注事项): what a street or district reviewer should look into first, as
 * Chinese sentences linking to where it can be dealt with. Pure: computed from the rows.
 */
import { formatShare } from "~/schemas/review";
import type { CommunityReviewRow, ReviewFlag, UnitReviewRow } from "./review-types";
import type { ReviewLimits } from "./review-communities.server";

/**
 * The bottom of a ranking: the rows sharing the lowest value, but only when there is a ranking at
 * all (two or more candidates that do not all tie), so a street of one community is not "last".
 */
function bottom<R>(rows: R[], value: (r: R) => number): R[] {
  if (rows.length < 2) return [];
  const values = rows.map(value);
  const min = Math.min(...values);
  if (min === Math.max(...values)) return [];
  return rows.filter((r) => value(r) === min);
}

export function reviewFlags(
  communities: CommunityReviewRow[],
  units: UnitReviewRow[],
  limits: ReviewLimits,
  options: { scopeName: "街道" | "全区"; withStreet: boolean },
): ReviewFlag[] {
  const where = (r: { streetName: string }) => (options.withStreet ? `${r.streetName}` : "");
  const community = (c: CommunityReviewRow) => `${where(c)}「${c.communityName}」`;
  const unit = (u: UnitReviewRow) => `${where(u)}「${u.unitName}」`;
  const scope = options.scopeName === "街道" ? "本街道" : "全区";
  const flags: ReviewFlag[] = [];

  for (const u of units) {
    if (u.confirmedActivities === 0) {
      flags.push({ kind: "unit_inactive", message: `${unit(u)}本期没有经确认的共建活动`, link: `/units/${u.unitId}` });
    }
  }
  for (const c of communities) {
    if (c.staleNeeds > 0) {
      flags.push({
        kind: "stale_needs",
        message: `${community(c)}有 ${c.staleNeeds} 条需求超过 ${limits.escalationDays} 天仍未匹配`,
        link: `/needs?communityId=${c.communityId}&status=open`,
      });
    }
  }
  for (const c of communities) {
    if (!c.meetingOverdue) continue;
    const since =
      c.daysSinceLastMeeting === null ? "从未召开联席会议" : `已 ${c.daysSinceLastMeeting} 天未召开联席会议`;
    flags.push({
      kind: "meeting_overdue",
      message: `${community(c)}${since}（要求每 ${limits.meetingIntervalDays} 天至少一次）`,
      link: "/meetings",
    });
  }
  const ranked = communities.filter((c) => c.needsPosted > 0 && c.matchedShare !== null);
  for (const c of bottom(ranked, (r) => r.matchedShare ?? 0)) {
    flags.push({
      kind: "bottom_community",
      message: `${community(c)}需求匹配率 ${formatShare(c.matchedShare)}，为${scope}最低（发布 ${c.needsPosted} 条）`,
      link: `/needs?communityId=${c.communityId}`,
    });
  }
  // Units without any confirmed activity are flagged above; the ranking's bottom is among the rest.
  for (const u of bottom(
    units.filter((r) => r.confirmedActivities > 0),
    (r) => r.confirmedActivities,
  )) {
    flags.push({
      kind: "bottom_unit",
      message: `${unit(u)}经确认的共建活动 ${u.confirmedActivities} 次，为${scope}最低`,
      link: `/units/${u.unitId}`,
    });
  }
  return flags;
}
