/**
 * China time: the one place where dates and times are converted and formatted for what people
 * see, print and export, and where "today" is decided.
 *
 * China has one time zone, UTC+8, with no daylight saving, so a fixed offset is exact (no Intl
 * time-zone data needed, whatever the zone of the server or the browser). Three kinds of value:
 * - instants (created_at, updated_at, escalated_at, decided_at, published_at, an evaluation's
 *   deadline …) are stored as UTC ISO strings, "2026-03-01T16:30:00.000Z": show them with
 *   `chinaDate` / `chinaDateTime` (that one is 2026-03-02 00:30 in China), never by slicing;
 * - calendar days (start/end dates, activity dates, agreement terms, review periods) are stored as
 *   China-local "YYYY-MM-DD" and shown as they are (`chineseDate` for "2026年3月2日");
 * - typed wall-clock times (a meeting's scheduled_at, a datetime-local input) are China-local
 *   "YYYY-MM-DDTHH:mm": show them with `localWallClock`, never shifted by 8 hours again.
 * Pure (no Node APIs), so the browser and the server read times the same way.
 */

const CHINA_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;

/** An instant: a Date, or a stored UTC ISO string. */
export type Instant = Date | string;

/** The instant as China's clock reads it, in ISO form ("2026-03-02T00:30:00.000Z" — the Z is not UTC here). */
function chinaClock(instant: Instant): string {
  const ms = typeof instant === "string" ? Date.parse(instant) : instant.getTime();
  return new Date(ms + CHINA_OFFSET_MS).toISOString();
}

/** An instant → its day in China, "2026-03-02". */
export function chinaDate(instant: Instant): string {
  return chinaClock(instant).slice(0, 10);
}

/** An instant → "2026-03-02 00:30" in China. */
export function chinaDateTime(instant: Instant): string {
  return chinaClock(instant).slice(0, 16).replace("T", " ");
}

/** Today's date in China. */
export function chinaToday(now: Date = new Date()): string {
  return chinaDate(now);
}

/** This calendar year in China. */
export function chinaYear(now: Date = new Date()): number {
  return Number(chinaDate(now).slice(0, 4));
}

/** The UTC instant (ISO, as instants are stored) at which a China day starts. */
export function chinaDayStart(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - CHINA_OFFSET_MS).toISOString();
}

/** An instant → "2026-03-02T00:30" in China, for a datetime-local input. */
export function chinaLocalInput(instant: Instant): string {
  return chinaClock(instant).slice(0, 16);
}

/** "2026-03-02T00:30" typed in China (seconds ignored) → the instant as UTC ISO, what is stored. */
export function fromChinaLocalInput(local: string): string {
  return new Date(Date.parse(`${local.slice(0, 16)}:00Z`) - CHINA_OFFSET_MS).toISOString();
}

/** A China-local wall-clock value as typed, "2026-03-01T09:30" → "2026-03-01 09:30" (not shifted). */
export function localWallClock(local: string): string {
  return local.slice(0, 16).replace("T", " ");
}

/** Whole days from one calendar day to another ("2026-02-28" → "2026-03-01" is 1). */
export function daysBetweenDates(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** A calendar day moved by whole days (negative goes back). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** A calendar day moved by whole years; 29 February becomes 1 March in a common year. */
export function addYears(date: string, years: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.toISOString().slice(0, 10);
}

/** A calendar day as written in Chinese documents, "2027-03-01" → "2027年3月1日". */
export function chineseDate(date: string): string {
  const [y, m, d] = date.split("-").map(Number);
  return `${y}年${m}月${d}日`;
}
