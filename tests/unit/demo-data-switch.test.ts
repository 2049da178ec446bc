import { describe, expect, it } from "vitest";
import { demoDataWanted as wantedFor } from "~/seed/seed";
import { parseEnv } from "../../env";

/** As the operator's environment gives them: raw strings, read by env.ts. */
const demoDataWanted = (raw: Record<string, string>) => wantedFor(parseEnv(raw));

describe("DEMO_DATA: whether npm start writes the demo district into an empty database", () => {
  it("is on by default, off when the operator runs in production", () => {
    expect(demoDataWanted({})).toBe(true);
    expect(demoDataWanted({ NODE_ENV: "development" })).toBe(true);
    expect(demoDataWanted({ NODE_ENV: "production" })).toBe(false);
    expect(demoDataWanted({ NODE_ENV: "production", DEMO_DATA: "" })).toBe(false);
  });

  it("follows DEMO_DATA whatever NODE_ENV says", () => {
    expect(demoDataWanted({ NODE_ENV: "production", DEMO_DATA: "1" })).toBe(true);
    expect(demoDataWanted({ NODE_ENV: "production", DEMO_DATA: "true" })).toBe(true);
    expect(demoDataWanted({ DEMO_DATA: "0" })).toBe(false);
    expect(demoDataWanted({ NODE_ENV: "development", DEMO_DATA: "false" })).toBe(false);
  });

  it("refuses a value it cannot read, in Chinese", () => {
    expect(() => demoDataWanted({ DEMO_DATA: "yes please" })).toThrow(/DEMO_DATA 只能是 1 或 0/);
  });
});
