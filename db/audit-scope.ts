/**
 * The street and community an audited item belongs to, looked up from the item itself when its
 * audit row is written (and by the backfill for older rows), so that no caller has to pass them
 * and none can pass them wrong: writeAudit has some sixty callers, and a new one is covered the
 * day it is written. docs/decisions/026-audit-trail.md.
 *
 * Each lookup is one indexed read by primary key, with exactly one parameter (the `?`).
 */

export interface AuditScope {
  streetId: number | null;
  communityId: number | null;
}

const NEED = `SELECT c.street_id AS streetId, n.community_id AS communityId
  FROM needs n JOIN communities c ON c.id = n.community_id WHERE n.id = `;
const PROJECT = `SELECT c.street_id AS streetId, p.community_id AS communityId
  FROM projects p JOIN communities c ON c.id = p.community_id WHERE p.id = `;
const MEETING = `SELECT street_id AS streetId, community_id AS communityId FROM meetings WHERE id = `;
const EVALUATION = `SELECT c.street_id AS streetId, e.community_id AS communityId
  FROM evaluations e JOIN communities c ON c.id = e.community_id WHERE e.id = `;

/** Per entity type (the `entityType` of writeAudit), the query for its scope. */
export const ENTITY_SCOPE_SQL: Record<string, string> = {
  need: `${NEED}?`,
  proposal: `${NEED}(SELECT need_id FROM proposals WHERE id = ?)`,
  escalation: `${NEED}(SELECT need_id FROM escalations WHERE id = ?)`,
  project: `${PROJECT}?`,
  agreement: `${PROJECT}(SELECT project_id FROM agreements WHERE id = ?)`,
  activity_record: `${PROJECT}(SELECT project_id FROM activity_records WHERE id = ?)`,
  meeting: `${MEETING}?`,
  meeting_item: `${MEETING}(SELECT meeting_id FROM meeting_items WHERE id = ?)`,
  evaluation: `${EVALUATION}?`,
  ballot: `${EVALUATION}(SELECT evaluation_id FROM ballots WHERE id = ?)`,
  opinion: `SELECT c.street_id AS streetId, o.community_id AS communityId
    FROM opinions o JOIN communities c ON c.id = o.community_id WHERE o.id = ?`,
  resource: `SELECT u.street_id AS streetId, NULL AS communityId
    FROM resources r JOIN units u ON u.id = r.unit_id WHERE r.id = ?`,
  unit: `SELECT street_id AS streetId, NULL AS communityId FROM units WHERE id = ?`,
  community: `SELECT street_id AS streetId, id AS communityId FROM communities WHERE id = ?`,
  grid: `SELECT c.street_id AS streetId, g.community_id AS communityId
    FROM grids g JOIN communities c ON c.id = g.community_id WHERE g.id = ?`,
  building: `SELECT c.street_id AS streetId, g.community_id AS communityId
    FROM buildings b JOIN grids g ON g.id = b.grid_id JOIN communities c ON c.id = g.community_id WHERE b.id = ?`,
  unit_report: `SELECT c.street_id AS streetId, r.community_id AS communityId
    FROM unit_reports r JOIN communities c ON c.id = r.community_id WHERE r.id = ?`,
  party_member: `SELECT c.street_id AS streetId, m.community_id AS communityId
    FROM party_members m JOIN communities c ON c.id = m.community_id WHERE m.id = ?`,
  service_post: `SELECT c.street_id AS streetId, p.community_id AS communityId
    FROM service_posts p JOIN communities c ON c.id = p.community_id WHERE p.id = ?`,
  service_activity: `SELECT c.street_id AS streetId, a.community_id AS communityId
    FROM service_activities a JOIN communities c ON c.id = a.community_id WHERE a.id = ?`,
  post_claim: `SELECT c.street_id AS streetId, p.community_id AS communityId
    FROM post_claims x JOIN service_posts p ON p.id = x.post_id JOIN communities c ON c.id = p.community_id
    WHERE x.id = ?`,
  activity_signup: `SELECT c.street_id AS streetId, a.community_id AS communityId
    FROM activity_signups x JOIN service_activities a ON a.id = x.activity_id
    JOIN communities c ON c.id = a.community_id WHERE x.id = ?`,
  party_household: `SELECT c.street_id AS streetId, g.community_id AS communityId
    FROM party_households h JOIN buildings b ON b.id = h.building_id JOIN grids g ON g.id = b.grid_id
    JOIN communities c ON c.id = g.community_id WHERE h.id = ?`,
  street: `SELECT id AS streetId, NULL AS communityId FROM streets WHERE id = ?`,
  // An account belongs to the street of its community or unit (district and admin accounts to none).
  user: `SELECT COALESCE(u.street_id, c.street_id, un.street_id) AS streetId, u.community_id AS communityId
    FROM users u LEFT JOIN communities c ON c.id = u.community_id LEFT JOIN units un ON un.id = u.unit_id
    WHERE u.id = ?`,
  review_export: `SELECT CASE WHEN scope = 'street' THEN scope_id END AS streetId, NULL AS communityId
    FROM review_exports WHERE id = ?`,
};

/**
 * When the item is already gone (a withdrawn activity record is deleted in the same transaction),
 * the ids its before/after carry say where it was; the first one present wins.
 */
const PAYLOAD_REFERENCES: [string, string][] = [
  ["projectId", "project"],
  ["needId", "need"],
  ["evaluationId", "evaluation"],
  ["meetingId", "meeting"],
  ["communityId", "community"],
  ["unitId", "unit"],
  ["streetId", "street"],
];

export type ScopeLookup = (sqlText: string, id: number) => AuditScope | undefined;

const NONE: AuditScope = { streetId: null, communityId: null };

/** The scope of `entityType` #`entityId`; platform-wide items (settings, districts' exports) have none. */
export function entityScope(lookup: ScopeLookup, entityType: string, entityId: number, payload: unknown): AuditScope {
  const text = ENTITY_SCOPE_SQL[entityType];
  const found = text ? lookup(text, entityId) : undefined;
  if (found) return { streetId: found.streetId ?? null, communityId: found.communityId ?? null };
  if (!text || !payload || typeof payload !== "object") return NONE;
  const values = payload as Record<string, unknown>;
  for (const [key, type] of PAYLOAD_REFERENCES) {
    const id = values[key];
    if (typeof id !== "number" || !Number.isInteger(id)) continue;
    const row = lookup(ENTITY_SCOPE_SQL[type]!, id);
    if (row) return { streetId: row.streetId ?? null, communityId: row.communityId ?? null };
  }
  return NONE;
}
