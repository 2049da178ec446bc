/**
 * The measures of the street's and district's annual review (述职评议考核), shared by the
 * dashboard, the ranking tables and the Excel export so all three show the same numbers.
 * Every figure about activities counts CONFIRMED activity records only.
 */
import type { Grade } from "#domain/vocabulary";

export interface ReviewPeriod {
  /** Inclusive ISO dates, e.g. 2026-01-01 … 2026-12-31. */
  from: string;
  to: string;
}

export interface CommunityReviewRow {
  communityId: number;
  communityName: string;
  streetId: number;
  streetName: string;
  needsPosted: number;
  /** Needs of the period that were matched (or fulfilled) ÷ needs posted; null when none posted. */
  matchedShare: number | null;
  /** Median days from a need's creation to its project's creation; null when nothing matched. */
  medianDaysToMatch: number | null;
  fulfilledShare: number | null;
  escalations: number;
  meetingsHeld: number;
  /** Needs open longer than the escalation limit at the end of the period. */
  staleNeeds: number;
  /** Days since the last held meeting covering this community; null when never. */
  daysSinceLastMeeting: number | null;
  meetingOverdue: boolean;
}

export interface UnitReviewRow {
  unitId: number;
  unitName: string;
  unitKind: string;
  streetId: number;
  streetName: string;
  resourcesOffered: number;
  projects: number;
  confirmedActivities: number;
  partyMemberTimes: number;
  hours: number;
  residentsServed: number;
  /** Mean of the satisfaction rating (1–5) over ballots cast in the period; null without ballots. */
  satisfaction: number | null;
  /** Grade of the latest endorsed opinion in the period; null without one. */
  opinionGrade: Grade | null;
}

/**
 * A unit's in-service party members (双报到, decision 041) in the year the period ends in: read
 * for the rows shown (a page of the dashboard, the export's units), not kept with the figures.
 */
export interface MemberCounts {
  /** Registered and not left. */
  registered: number;
  /** Of those, confirmed by their residential community. */
  reported: number;
  /** Members not left with at least one activity of the year whose hours the community confirmed. */
  active: number;
  confirmedHours: number;
}

/** The figures' year and each unit's counts, by unit id (a plain object: it goes to the browser). */
export interface UnitMembers {
  year: number;
  byUnit: Record<number, MemberCounts>;
}

export interface StreetReviewRow {
  streetId: number;
  streetName: string;
  communities: number;
  units: number;
  needsPosted: number;
  matchedShare: number | null;
  medianDaysToMatch: number | null;
  fulfilledShare: number | null;
  escalations: number;
  meetingsHeld: number;
  confirmedActivities: number;
  hours: number;
  residentsServed: number;
  satisfaction: number | null;
  /** Share of the street's units with at least one confirmed activity in the period. */
  activeUnitShare: number | null;
}

export interface ReviewFlag {
  kind: "unit_inactive" | "stale_needs" | "meeting_overdue" | "bottom_community" | "bottom_unit";
  /** Chinese sentence naming the community or unit and why. */
  message: string;
  link: string;
}

export interface StreetReview {
  period: ReviewPeriod;
  communities: CommunityReviewRow[];
  units: UnitReviewRow[];
  flags: ReviewFlag[];
}

export interface DistrictReview {
  period: ReviewPeriod;
  streets: StreetReviewRow[];
  communities: CommunityReviewRow[];
  units: UnitReviewRow[];
  flags: ReviewFlag[];
}
