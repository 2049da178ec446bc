import { describe, expect, it } from "vitest";
import { safeRedirect } from "~/utils/auth.server";

// The one check of a redirect target that came with the request (sign-in's redirectTo, a
// proposal decision's return address, a notification's link); issue 12, decision 021.
describe("safeRedirect", () => {
  it.each([
    ["/needs?x=1", "/needs?x=1"],
    ["/admin/units", "/admin/units"],
    ["/proposals/3#decide", "/proposals/3#decide"],
    ["/needs?q=养老", "/needs?q=%E5%85%BB%E8%80%81"],
  ])("keeps a path of this site: %j", (target, expected) => {
    expect(safeRedirect(target)).toBe(expected);
  });

  it.each([
    "/\t/evil.example/phish",
    "/\n/evil.example",
    "/%09/evil.example",
    "/%0A/evil.example",
    "/\u007f/evil.example",
    "/\\evil.example",
    "/%5Cevil.example",
    "\\\\evil.example",
    "//evil.example",
    "/%2F/evil.example",
    "/.//evil.example",
    "/..//evil.example",
    "http://evil.example/",
    "https:evil.example",
    "javascript:alert(1)",
    " /needs",
    "needs",
    "/%E0%A4%A", // undecodable
    "",
  ])("falls back for %j", (target) => {
    expect(safeRedirect(target)).toBe("/");
    expect(safeRedirect(target, "/notifications")).toBe("/notifications");
  });

  it("falls back for what is not a string", () => {
    expect(safeRedirect(null)).toBe("/");
    expect(safeRedirect(undefined)).toBe("/");
    expect(safeRedirect(new File([], "x"))).toBe("/");
  });
});
