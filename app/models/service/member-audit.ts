import { maskName } from "#db/audit-chain";
import type { PartyMember } from "#db/schema";

/**
 * What an audit row keeps of a member: the phone is masked by its key (138****5678), the name to
 * its surname, and the link's hash is left out (it is a credential's fingerprint, not a fact).
 */
export function auditedMember(row: PartyMember) {
  const { linkTokenHash: _hash, ...rest } = row;
  return { ...rest, name: maskName(row.name) };
}
