import { describe, expect, it } from "vitest";
import { isSameOriginRequest } from "~/utils/origin.server";
import { hashPassword, verifyPassword } from "~/utils/password.server";

describe("origin check", () => {
  const host = "localhost:3000";
  it("lets reads through", () => {
    expect(isSameOriginRequest("GET", host, {})).toBe(true);
  });
  it("accepts a POST from this site, by Origin or Referer", () => {
    expect(isSameOriginRequest("POST", host, { origin: "http://localhost:3000" })).toBe(true);
    expect(isSameOriginRequest("POST", host, { referer: "http://localhost:3000/needs/new" })).toBe(true);
  });
  it("refuses a POST from elsewhere or from nowhere", () => {
    expect(isSameOriginRequest("POST", host, { origin: "http://evil.example" })).toBe(false);
    expect(isSameOriginRequest("POST", host, { origin: "null" })).toBe(false);
    expect(isSameOriginRequest("POST", host, {})).toBe(false);
  });
});

describe("password hashing", () => {
  it("stores a salted scrypt hash that verifies only the right password", async () => {
    const a = await hashPassword("demo1234");
    const b = await hashPassword("demo1234");
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$[0-9a-f]{32}\$[0-9a-f]{128}$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain("demo1234");
    expect(await verifyPassword("demo1234", a)).toBe(true);
    expect(await verifyPassword("demo12345", a)).toBe(false);
  });
});
