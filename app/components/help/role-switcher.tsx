import { AppLink } from "~/components/ui/app-link";
import { ROLES, type Role } from "#domain/vocabulary";
import { ROLE_LABELS } from "~/utils/permissions";

/** Every role's guide, one click away; the signed-in person's own role is marked as theirs. */
export function RoleSwitcher({ current, own }: { current: Role; own: Role | null }) {
  return (
    <nav aria-label="各角色的指南" className="help-roles">
      <span className="muted">看其他角色的指南：</span>
      {ROLES.map((role) => (
        <AppLink
          key={role}
          to={`/help/${role}`}
          className={role === current ? "active" : undefined}
          aria-current={role === current ? "page" : undefined}
        >
          {ROLE_LABELS[role]}
          {role === own ? "（我的角色）" : null}
        </AppLink>
      ))}
    </nav>
  );
}
