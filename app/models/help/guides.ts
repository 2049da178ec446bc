import { ROLES, type Role } from "#domain/vocabulary";
import { ADMIN_GUIDE } from "./admin";
import { COMMUNITY_GUIDE } from "./community";
import { DISTRICT_GUIDE } from "./district";
import { GRID_GUIDE } from "./grid";
import { MEMBER_GUIDE } from "./member";
import type { HelpStep, RoleGuide } from "./guide-types";
import { STREET_GUIDE } from "./street";
import { UNIT_GUIDE } from "./unit";

export type { HelpLink, HelpStep, RoleGuide } from "./guide-types";

/** The staff guide, one per role, in the order of ROLES (the order the role list shows). */
export const GUIDES: Record<Role, RoleGuide> = {
  community: COMMUNITY_GUIDE,
  grid: GRID_GUIDE,
  unit: UNIT_GUIDE,
  member: MEMBER_GUIDE,
  street: STREET_GUIDE,
  district: DISTRICT_GUIDE,
  admin: ADMIN_GUIDE,
};

export function guideRoleOf(value: string | undefined): Role | null {
  return (ROLES as readonly string[]).includes(value ?? "") ? (value as Role) : null;
}

/**
 * Where the screenshots are served from (and, under public/, where the browser test writes them).
 * Not public/help/: a folder there would shadow the guide's own pages, since the static files are
 * served first and a folder's address answers with a redirect to "…/".
 */
export const SHOTS_FOLDER = "/help-shots";

/** Where a step's screenshot is served from. */
export function shotPath(role: Role, step: HelpStep): string {
  return `${SHOTS_FOLDER}/${role}/${step.id}.png`;
}

/** Every screenshot the guides show, for the tests that take them and check they exist. */
export function allShots(): { role: Role; step: HelpStep; path: string }[] {
  return ROLES.flatMap((role) =>
    GUIDES[role].steps.filter((step) => step.shot).map((step) => ({ role, step, path: shotPath(role, step) })),
  );
}

/** The printed quick start: the steps that carry a one-line summary, at most seven so it fits one A4 page. */
export function quickSteps(guide: RoleGuide): string[] {
  return guide.steps.flatMap((step) => (step.quick ? [step.quick] : [])).slice(0, 7);
}

/** The first thing anyone does, whatever the role: accounts start with a password someone else chose. */
export const FIRST_SIGN_IN = "第一次登录时，按提示把初始密码改成只有自己知道的新密码；以后可随时点右上角的“修改密码”。";

/** Where to turn when stuck, the same for every role after its own first contact. */
export const SHARED_SUPPORT = [
  "忘记密码、账号被停用：请平台管理员在“账号”里重置或恢复。",
  "页面报错或数据不对：记下页面地址、时间和做了什么，告诉平台管理员；“操作记录”里能查到每一步操作。",
];
