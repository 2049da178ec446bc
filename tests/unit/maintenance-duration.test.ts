/** How the admin page and the log say how long maintenance has not run (durationText). */
import { describe, expect, it } from "vitest";
import { durationText } from "~/models/platform/maintenance.server";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe("durationText", () => {
  it.each([
    [300, "300 毫秒"],
    [-5, "0 毫秒"],
    [2 * SECOND + 400, "2 秒"],
    [59 * SECOND, "59 秒"],
    [59 * SECOND + 600, "1 分钟"],
    [45 * MINUTE + 20 * SECOND, "45 分钟"],
    [2 * HOUR, "2 小时"],
    [3 * HOUR + 20 * MINUTE, "3 小时 20 分钟"],
    [47 * HOUR + 59 * MINUTE, "47 小时 59 分钟"],
    [2 * DAY, "2 天"],
    [3 * DAY + 5 * HOUR + 30 * MINUTE, "3 天 5 小时"],
  ])("%i ms → %s", (ms, text) => {
    expect(durationText(ms)).toBe(text);
  });
});
