/**
 * Platform settings an administrator may change, with their defaults. Stored as text; read as
 * whole numbers, since every setting so far is a number of days.
 */
import { eq, sql } from "drizzle-orm";
import { getDb, preparedOnce, type Db, type Writer } from "#db/client";
import { settings } from "#db/schema";
import { writeAudit } from "./audit.server";

export const SETTING_DEFINITIONS = {
  escalation_days: { label: "需求未匹配多少天后上报街道", default: 14, min: 1, max: 365 },
  meeting_interval_days: { label: "联席会议间隔（天，超过即提示逾期）", default: 90, min: 7, max: 366 },
  agreement_reminder_days: { label: "协议到期前多少天提醒双方", default: 30, min: 1, max: 180 },
} as const;

export type SettingKey = keyof typeof SETTING_DEFINITIONS;

const settingOf = preparedOnce((db) =>
  db
    .select({ value: settings.value })
    .from(settings)
    .where(eq(settings.key, sql.placeholder("key")))
    .prepare(),
);

/**
 * Pages read settings on every request, so outside a transaction one compiled statement per
 * connection serves them; a transaction (which has no client of its own) builds the query.
 */
export function getSetting(key: SettingKey, db: Writer = getDb()): number {
  const client = (db as Partial<Db>).$client ? (db as Db) : undefined;
  const row = client
    ? settingOf(client).get({ key })
    : db.select({ value: settings.value }).from(settings).where(eq(settings.key, key)).get();
  const value = row ? Number(row.value) : NaN;
  return Number.isInteger(value) ? value : SETTING_DEFINITIONS[key].default;
}

export function allSettings(db: Writer = getDb()): Record<SettingKey, number> {
  const keys = Object.keys(SETTING_DEFINITIONS) as SettingKey[];
  return Object.fromEntries(keys.map((k) => [k, getSetting(k, db)])) as Record<SettingKey, number>;
}

/** Saves the given values in one transaction, with one audit row for the change. */
export function saveSettings(actorId: number, values: Partial<Record<SettingKey, number>>) {
  getDb().transaction((tx) => {
    const before = allSettings(tx);
    for (const [key, value] of Object.entries(values)) {
      tx.insert(settings)
        .values({ key, value: String(value), updatedBy: actorId })
        .onConflictDoUpdate({ target: settings.key, set: { value: String(value), updatedBy: actorId } })
        .run();
    }
    writeAudit(tx, {
      actorId,
      action: "settings.update",
      entityType: "settings",
      entityId: 0,
      before,
      after: allSettings(tx),
    });
  });
}
