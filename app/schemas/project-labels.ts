import type {
  AgreementStatus,
  CobuildingForm,
  MeetingDecision,
  MeetingStatus,
  ProjectStatus,
  RecordStatus,
} from "#domain/vocabulary";
import { chinaDate } from "~/utils/china-time";

export const PROJECT_STATUS_LABELS: Record<ProjectStatus, string> = {
  draft: "草稿",
  approved: "已审批",
  agreement_signed: "协议已签订",
  in_progress: "实施中",
  completed: "已完成",
  evaluated: "已评议",
  cancelled: "已取消",
};

/** The happy path, in order, for the progress bar. */
export const PROJECT_STEPS: ProjectStatus[] = [
  "draft",
  "approved",
  "agreement_signed",
  "in_progress",
  "completed",
  "evaluated",
];

export const FORM_LABELS: Record<CobuildingForm, string> = {
  org_building: "组织共建",
  joint_activity: "活动共联",
  resource_sharing: "资源共享",
};

export const AGREEMENT_STATUS_LABELS: Record<AgreementStatus, string> = {
  draft: "待签署",
  effective: "已生效",
  superseded: "已被新版本取代",
  expired: "已到期",
  terminated: "已终止",
};

export const RECORD_STATUS_LABELS: Record<RecordStatus, string> = {
  pending: "待对方确认",
  confirmed: "已确认",
  disputed: "有异议",
};

export const MEETING_STATUS_LABELS: Record<MeetingStatus, string> = {
  scheduled: "已安排",
  held: "已召开",
  published: "已通报",
  cancelled: "已取消",
};

export const MEETING_DECISION_LABELS: Record<MeetingDecision, string> = {
  pending: "待议",
  approved: "通过",
  rejected: "不通过",
  deferred: "暂缓",
};

/** "2027-Q1" for any date in the first quarter of 2027: a calendar day, or an instant read in China. */
export function quarterOf(date: string | Date): string {
  const iso = typeof date === "string" ? date : chinaDate(date);
  const year = iso.slice(0, 4);
  const month = Number(iso.slice(5, 7));
  return `${year}-Q${Math.floor((month - 1) / 3) + 1}`;
}

const QUARTER_NAMES = ["一", "二", "三", "四"];

/** "2027-Q1" → "2027年第一季度"; anything else is shown as it is. */
export function periodLabel(period: string): string {
  const m = /^(\d{4})-Q([1-4])$/.exec(period);
  return m ? `${m[1]}年第${QUARTER_NAMES[Number(m[2]) - 1]}季度` : period;
}
