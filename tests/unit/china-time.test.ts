import { describe, expect, it } from "vitest";
import { quarterOf } from "~/schemas/project-labels";
import {
  addDays,
  addYears,
  chinaDate,
  chinaDateTime,
  chinaDayStart,
  chinaLocalInput,
  chinaToday,
  chinaYear,
  chineseDate,
  daysBetweenDates,
  fromChinaLocalInput,
  localWallClock,
} from "~/utils/china-time";

describe("instants shown in China time", () => {
  it("crosses the day boundary eight hours before UTC does", () => {
    expect(chinaDateTime("2026-03-01T16:30:00.000Z")).toBe("2026-03-02 00:30");
    expect(chinaDate("2026-03-01T16:30:00.000Z")).toBe("2026-03-02");
    expect(chinaDateTime("2026-03-01T15:59:59.999Z")).toBe("2026-03-01 23:59");
    expect(chinaDate("2026-03-01T15:59:59.999Z")).toBe("2026-03-01");
    expect(chinaDateTime(new Date("2026-03-01T04:35:00Z"))).toBe("2026-03-01 12:35");
  });

  it("takes Dates and stored strings alike, whatever the string's own offset", () => {
    expect(chinaDateTime(new Date("2026-03-01T16:30:00Z"))).toBe("2026-03-02 00:30");
    expect(chinaDateTime("2026-03-02T00:30:00+08:00")).toBe("2026-03-02 00:30");
  });

  it("rolls over month, leap-day and year ends", () => {
    expect(chinaDate("2026-01-31T16:00:00.000Z")).toBe("2026-02-01");
    expect(chinaDate("2028-02-28T16:00:00.000Z")).toBe("2028-02-29");
    expect(chinaDate("2027-02-28T16:00:00.000Z")).toBe("2027-03-01");
    expect(chinaDateTime("2026-12-31T16:00:00.000Z")).toBe("2027-01-01 00:00");
    expect(chinaYear(new Date("2026-12-31T16:00:00.000Z"))).toBe(2027);
    expect(chinaYear(new Date("2026-12-31T15:59:59.999Z"))).toBe(2026);
  });

  it("knows today and this quarter in China, not in UTC", () => {
    const lateNight = new Date("2026-03-31T17:00:00.000Z"); // 2026-04-01 01:00 in China
    expect(chinaToday(lateNight)).toBe("2026-04-01");
    expect(quarterOf(lateNight)).toBe("2026-Q2");
    expect(quarterOf("2026-03-31")).toBe("2026-Q1");
  });

  it("finds the UTC instant at which a China day starts", () => {
    expect(chinaDayStart("2026-03-02")).toBe("2026-03-01T16:00:00.000Z");
    expect(chinaDayStart("2027-01-01")).toBe("2026-12-31T16:00:00.000Z");
    expect(chinaDate(chinaDayStart("2026-03-02"))).toBe("2026-03-02");
  });
});

describe("datetime-local inputs typed in China", () => {
  it("round-trips between an instant and the input's value", () => {
    expect(chinaLocalInput(new Date("2026-03-01T16:30:00.000Z"))).toBe("2026-03-02T00:30");
    expect(fromChinaLocalInput("2026-03-02T00:30")).toBe("2026-03-01T16:30:00.000Z");
    for (const iso of ["2026-03-01T16:30:00.000Z", "2026-12-31T23:59:00.000Z", "2028-02-28T16:00:00.000Z"]) {
      expect(fromChinaLocalInput(chinaLocalInput(iso))).toBe(iso);
    }
    for (const local of ["2027-01-01T00:00", "2028-02-29T07:59", "2026-06-30T23:45"]) {
      expect(chinaLocalInput(fromChinaLocalInput(local))).toBe(local);
    }
  });

  it("ignores the seconds some browsers send", () => {
    expect(fromChinaLocalInput("2027-03-15T14:30:59")).toBe("2027-03-15T06:30:00.000Z");
  });

  it("shows a stored wall-clock value as typed, without shifting it again", () => {
    expect(localWallClock("2026-03-01T09:30")).toBe("2026-03-01 09:30");
    expect(localWallClock("2026-03-01T23:30")).toBe("2026-03-01 23:30");
  });
});

describe("calendar days", () => {
  it("counts and moves days across month and year ends", () => {
    expect(daysBetweenDates("2026-02-28", "2026-03-01")).toBe(1);
    expect(daysBetweenDates("2028-02-28", "2028-03-01")).toBe(2);
    expect(daysBetweenDates("2026-12-31", "2027-01-01")).toBe(1);
    expect(daysBetweenDates("2027-01-01", "2026-12-31")).toBe(-1);
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(addDays("2028-03-01", -1)).toBe("2028-02-29");
    expect(addDays("2026-01-31", 30)).toBe("2026-03-02");
  });

  it("moves years, 29 February becoming 1 March in a common year", () => {
    expect(addYears("2026-03-01", 1)).toBe("2027-03-01");
    expect(addYears("2028-02-29", 1)).toBe("2029-03-01");
    expect(addYears("2028-02-29", 4)).toBe("2032-02-29");
  });

  it("writes a day the Chinese way", () => {
    expect(chineseDate("2027-03-01")).toBe("2027年3月1日");
    expect(chineseDate("2026-12-31")).toBe("2026年12月31日");
    expect(chineseDate(chinaDate("2026-12-31T16:30:00.000Z"))).toBe("2027年1月1日");
  });
});
