import { describe, expect, it } from "vitest";
import { detectDelimiter, parseCsv } from "~/models/exchange/import/csv";

const rows = (text: string, delimiter?: "," | "\t") => [...parseCsv(text, delimiter)];

describe("CSV reader (RFC 4180)", () => {
  it("splits plain fields on commas and records on CRLF, LF or a lone CR", () => {
    expect(rows("a,b,c\r\n1,2,3\n4,5,6\r7,8,9")).toEqual([
      ["a", "b", "c"],
      ["1", "2", "3"],
      ["4", "5", "6"],
      ["7", "8", "9"],
    ]);
  });

  it("reads quoted fields with commas, doubled quotes and line breaks inside", () => {
    expect(rows('标题,描述\r\n"社区""四点半""课堂","作业辅导，\r\n每周 3 次, 含周末"\r\n')).toEqual([
      ["标题", "描述"],
      ['社区"四点半"课堂', "作业辅导，\r\n每周 3 次, 含周末"],
    ]);
  });

  it("keeps empty fields, including a trailing one, and blank lines as one empty field", () => {
    expect(rows("a,,c,\n\nx")).toEqual([["a", "", "c", ""], [""], ["x"]]);
  });

  it("does not add a record for the final line break", () => {
    expect(rows("a,b\n")).toEqual([["a", "b"]]);
    expect(rows("")).toEqual([]);
  });

  it("keeps text after a closing quote and reads an unclosed quote to the end", () => {
    expect(rows('"a"b,c')).toEqual([["ab", "c"]]);
    expect(rows('x,"never closed\nstill')).toEqual([["x", "never closed\nstill"]]);
  });

  it("uses tabs when the first line has tabs and no commas", () => {
    expect(detectDelimiter("标题\t描述\n1,2\t3")).toBe("\t");
    expect(detectDelimiter("标题,描述\t备注")).toBe(",");
    expect(rows("标题\t描述\r\n义诊, 每月\t内科")).toEqual([
      ["标题", "描述"],
      ["义诊, 每月", "内科"],
    ]);
  });

  it("streams records so a caller can stop early", () => {
    const text = Array.from({ length: 1000 }, (_, i) => `r${i},x`).join("\n");
    const iterator = parseCsv(text);
    expect(iterator.next().value).toEqual(["r0", "x"]);
    expect(iterator.next().value).toEqual(["r1", "x"]);
  });
});
