/**
 * How the header names the signed-in person: "name（role）", the role once. Display names typed
 * with a role in brackets ("李敏（社区）", "张伟（单位联络员）", as early accounts and the demo were)
 * lose that bracket, and a name that is only the role ("平台管理员") is not followed by it again.
 */
const ROLE_WORDS = ["社区", "单位", "联络员", "街道", "审核", "区级", "区委", "组织部", "管理员", "工作人员"];

const TRAILING_BRACKET = /\s*[（(]([^（）()]*)[）)]\s*$/;

export function personLabel(displayName: string, roleLabel: string): { name: string; role: string | null } {
  const trimmed = displayName.trim();
  const bracket = TRAILING_BRACKET.exec(trimmed);
  const inBracket = bracket?.[1]?.trim() ?? "";
  const namesRole =
    bracket !== null && (roleLabel.includes(inBracket) || ROLE_WORDS.some((w) => inBracket.includes(w)));
  const name = namesRole ? trimmed.slice(0, bracket.index).trim() || trimmed : trimmed;
  return name === roleLabel ? { name, role: null } : { name, role: roleLabel };
}
