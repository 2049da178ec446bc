/**
 * The words of a co-building agreement: the clause headings every view shares, and the draft a
 * project generates. Pure (no I/O), so the browser can render and the tests can read it.
 */
import type { AgreementContent } from "#db/schema";
import type { CobuildingForm, ResourceKind } from "#domain/vocabulary";
import { addYears } from "~/utils/china-time";

export type ClauseKey = keyof AgreementContent;

/** The clauses in the order the agreement states them. */
export const AGREEMENT_CLAUSES: { key: ClauseKey; heading: string; scope: string }[] = [
  { key: "orgBuilding", heading: "组织共建", scope: "党组织结对、干部双向挂职、人才结对" },
  { key: "jointActivity", heading: "活动共联", scope: "联合开展主题党日、党课教育、志愿服务" },
  { key: "resourceSharing", heading: "资源共享", scope: "场地、信息、文化、服务资源" },
  { key: "communityObligations", heading: "甲方义务", scope: "社区党组织承担的义务" },
  { key: "unitObligations", heading: "乙方义务", scope: "驻区单位党组织承担的义务" },
];

export const CHINESE_NUMERALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

// ─── The generated draft ──────────────────────────────────────────────────────────────────

export interface AgreementSource {
  communityName: string;
  unitName: string;
  project: { title: string; goals: string; forms: CobuildingForm[]; startDate: string | null; endDate: string | null };
  /** The project's needs, without residents' personal data. */
  needs: { title: string; beneficiaryGroup: string; beneficiaryCount: number }[];
  /** This unit's resources in the project. */
  resources: { title: string; kind: ResourceKind }[];
  today: string;
}

export interface AgreementDraft {
  title: string;
  communityParty: string;
  unitParty: string;
  content: AgreementContent;
  termStart: string;
  termEnd: string;
}

const quoted = (titles: string[]) => titles.map((t) => `“${t}”`).join("、");
const sentence = (text: string) => text.trim().replace(/[。；;.\s]+$/u, "");

export function partyName(name: string) {
  return `${name}党组织`;
}

/** The project schedule while it has not ended; otherwise one year from today (or from a later start). */
export function defaultTerm(project: AgreementSource["project"], today: string) {
  const start = project.startDate ?? today;
  if (project.endDate && project.endDate >= today && project.endDate >= start)
    return { termStart: start, termEnd: project.endDate };
  const from = start > today ? start : today;
  return { termStart: from, termEnd: addYears(from, 1) };
}

export function draftAgreement(src: AgreementSource): AgreementDraft {
  const project = `“${src.project.title}”项目`;
  const needText = src.needs.length > 0 ? quoted(src.needs.map((n) => n.title)) : project;
  const group = src.needs.find((n) => n.beneficiaryGroup)?.beneficiaryGroup;
  const served = src.needs.reduce((sum, n) => sum + n.beneficiaryCount, 0);
  const beneficiaries = group ? `${group}${served > 0 ? `（约 ${served} 人）` : ""}` : "";
  const ofKind = (...kinds: ResourceKind[]) => src.resources.filter((r) => kinds.includes(r.kind)).map((r) => r.title);
  const venues = ofKind("venue");
  const services = src.resources.filter((r) => r.kind !== "venue").map((r) => r.title);
  const experts = ofKind("expertise", "volunteers", "jobs_training");
  const involved = (form: CobuildingForm) => src.project.forms.includes(form);
  // The project's goals open the first clause the project actually involves.
  const firstForm = (["org_building", "joint_activity", "resource_sharing"] as const).find(involved);
  const goals = sentence(src.project.goals);
  const about = (form: CobuildingForm) => (form === firstForm && goals ? `${project}（项目目标：${goals}）` : project);

  const orgBuilding = involved("org_building")
    ? [
        `双方党组织围绕${about("org_building")}结成共建对子，以组织共建带动项目落实：`,
        `1. 党组织结对：甲乙双方党组织自本协议生效之日起建立结对关系，每季度至少召开一次共建联席会议，通报${project}进展，共同研究解决实施中的问题。`,
        `2. 干部双向挂职：双方各推荐 1 名党员干部到对方兼职，乙方挂职干部参与${needText}的策划与实施，甲方挂职干部协助乙方做好在职党员到社区报到工作，挂职期限与本协议期限一致。`,
        `3. 人才结对：乙方选派${experts.length > 0 ? `承担${quoted(experts)}的` : "具有相关专长的"}党员骨干与社区工作者、网格员结对，提供业务指导和专业支持。`,
      ].join("\n")
    : "本协议不涉及组织共建的具体事项。双方党组织保持日常联络；如需开展党组织结对、干部双向挂职或人才结对，另行协商并以协议变更的方式约定。";

  const jointActivity = involved("joint_activity")
    ? [
        `双方以${about("joint_activity")}为载体联合开展活动：`,
        `1. 联合开展主题党日：每季度至少联合开展一次主题党日活动，组织双方党员参与${needText}等服务。`,
        "2. 党课教育：双方互派党课讲师，协议期限内至少联合举办两次党课或专题学习，把项目实施中的经验和问题作为学习内容。",
        `3. 志愿服务：乙方组织在职党员到甲方报到，围绕${needText}开展志愿服务${beneficiaries ? `，重点服务${beneficiaries}` : ""}；甲方负责发布服务需求、组织居民参与，并与乙方共同做好活动记实。`,
      ].join("\n")
    : "本协议不涉及活动共联的具体事项。双方可根据工作需要，自愿联合开展主题党日、党课教育和志愿服务活动。";

  const resourceSharing = involved("resource_sharing")
    ? [
        `双方围绕${about("resource_sharing")}，按照共享、共用、共赢的原则开放各自资源：`,
        `1. 场地资源：${venues.length > 0 ? `乙方向甲方开放${quoted(venues)}；` : "乙方在条件允许时向甲方开放会议室、活动室等场地；"}甲方开放党群服务中心等活动阵地，供双方开展项目活动使用，使用时间提前商定。`,
        "2. 信息资源：双方互通党建工作、社区治理和项目进展信息，在平台上及时更新需求、资源和活动记实。",
        "3. 文化资源：双方共享党建宣传阵地和文化活动资源，联合开展文化进社区活动。",
        `4. 服务资源：${services.length > 0 ? `乙方按本协议提供${quoted(services)}，服务${needText}` : `乙方结合自身优势，为${needText}提供便民服务，具体内容由双方商定`}；甲方提供组织协调和居民对接保障。`,
      ].join("\n")
    : "本协议不涉及资源共享的具体事项。双方在条件允许时可相互开放场地、信息、文化和服务资源，具体事宜另行商定。";

  const offered = src.resources.length > 0 ? quoted(src.resources.map((r) => r.title)) : "相关资源和服务";
  const communityObligations = [
    `1. 收集、核实居民需求，组织居民参与${project}，为活动开展提供场地协调、人员组织等保障。`,
    "2. 指定专人与乙方联络，活动结束后及时在平台上记录活动情况，并及时确认乙方提交的活动记录。",
    "3. 依法保护居民个人信息，仅在项目实施需要的范围内向乙方提供。",
    "4. 每季度向街道党工委报告项目进展，配合做好共建成效评议。",
  ].join("\n");
  const unitObligations = [
    `1. 按本协议约定提供${offered}，保证服务质量和安全。`,
    `2. 组织在职党员到社区报到，参与${project}的实施，服从甲方的统一协调。`,
    "3. 指定党建联络员与甲方联络，及时在平台上记录或确认活动情况。",
    "4. 对服务中知悉的居民个人信息予以保密，不得用于本项目以外的用途。",
  ].join("\n");

  return {
    title: `关于“${src.project.title}”的共建协议`,
    communityParty: partyName(src.communityName),
    unitParty: partyName(src.unitName),
    content: { orgBuilding, jointActivity, resourceSharing, communityObligations, unitObligations },
    ...defaultTerm(src.project, src.today),
  };
}
