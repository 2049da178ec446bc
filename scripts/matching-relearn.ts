/**
 * `npm run matching:relearn`: recomputes what matching has learned from decisions (the
 * matching_evidence table, docs/decisions/045-learning-from-decisions.md) for every district of the
 * database at DATABASE_URL from its projects and proposals. Safe while the app serves: each
 * district is replaced in one transaction, and matching reads the old rows until it commits.
 */
import { asc } from "drizzle-orm";
import { databasePath, getDb } from "../db/client";
import { districts } from "../db/schema";
import { rebuildDistrictEvidence } from "../app/models/matching/decision-evidence-rebuild.server";

const db = getDb();
const started = performance.now();
for (const district of db.select().from(districts).orderBy(asc(districts.id)).all()) {
  const counts = rebuildDistrictEvidence(db, district.id);
  console.log(
    `${district.name}：项目 ${counts.projects} 个，已决定的匹配建议 ${counts.proposals} 条，证据 ${counts.rows} 行`,
  );
}
console.log(`已重新学习匹配决策（${databasePath()}），用时 ${((performance.now() - started) / 1000).toFixed(1)} 秒`);
db.$client.close();
