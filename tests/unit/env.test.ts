/**
 * env.ts: the defaults, how each kind of value is read, the Chinese message for a bad one, that
 * process.env is read when asked, and that .env.example is the table written out.
 */
import { afterEach, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { ENV_VARIABLES, env, envExample, EnvError, parseEnv } from "../../env";

describe("defaults", () => {
  it("are today's when nothing is set, and when a value is blank", () => {
    const defaults = {
      DATABASE_URL: "./data/app.db",
      PORT: 3000,
      NODE_ENV: undefined,
      BUILD_DIR: "build",
      DEMO_DATA: undefined,
      SESSION_SECRET: undefined,
      TRUST_PROXY: undefined,
      HTTPS: false,
      ALLOWED_ORIGINS: [],
      REDIS_URL: undefined,
      MATCH_QUEUE_PREFIX: "gzgj",
      MATCH_APPLY_CHUNK: 25,
      MATCH_WORKER_CONCURRENCY: 2,
      MATCH_LOCK_MS: 8_000,
      MATCH_STALLED_INTERVAL_MS: undefined,
      MATCH_SHUTDOWN_TIMEOUT_MS: 25_000,
      MATCH_TOP_K: 5,
      MATCH_POLL_MS: 500,
      MATCH_SWEEP_MS: 30_000,
      MATCH_REDISPATCH_AFTER_MS: 120_000,
      MATCH_DISPATCH_TIMEOUT_MS: 5_000,
      MATCH_WORKER_TEST_DELAY_MS: 0,
      MAINTENANCE_EVERY_MS: 3_600_000,
      MAP_TILE_URL: undefined,
      MAP_TILE_ATTRIBUTION: undefined,
      MAP_TILE_CRS: "wgs84",
      ADMIN_PASSWORD: undefined,
    };
    expect(parseEnv({})).toEqual(defaults);
    expect(parseEnv(Object.fromEntries(Object.keys(ENV_VARIABLES).map((name) => [name, ""])))).toEqual(defaults);
    expect(parseEnv({ DATABASE_URL: "  ", REDIS_URL: " ", MATCH_QUEUE_PREFIX: " " })).toMatchObject({
      DATABASE_URL: "./data/app.db",
      REDIS_URL: undefined,
      MATCH_QUEUE_PREFIX: "gzgj",
    });
  });

  it("ignore variables that are not settings", () => {
    expect(parseEnv({ PATH: "/usr/bin", CI: "true" })).toEqual(parseEnv({}));
  });
});

describe("values", () => {
  it("booleans: HTTPS is on only for true; DEMO_DATA reads 1/0/true/false and is unset when blank", () => {
    expect(parseEnv({ HTTPS: "true" }).HTTPS).toBe(true);
    expect(parseEnv({ HTTPS: "false" }).HTTPS).toBe(false);
    expect(() => parseEnv({ HTTPS: "1" })).toThrow(/HTTPS 只能是 true 或 false（当前为“1”）/);
    expect(() => parseEnv({ HTTPS: "TRUE" })).toThrow(/HTTPS 只能是 true 或 false/);
    for (const on of ["1", "true", "TRUE", " 1 "]) expect(parseEnv({ DEMO_DATA: on }).DEMO_DATA, on).toBe(true);
    for (const off of ["0", "false", "False"]) expect(parseEnv({ DEMO_DATA: off }).DEMO_DATA, off).toBe(false);
    expect(parseEnv({ DEMO_DATA: "" }).DEMO_DATA).toBeUndefined();
    expect(() => parseEnv({ DEMO_DATA: "yes" })).toThrow(/DEMO_DATA 只能是 1 或 0（当前为“yes”）/);
  });

  it("TRUST_PROXY: a number of hops as a number, express's list of addresses as given", () => {
    expect(parseEnv({ TRUST_PROXY: "1" }).TRUST_PROXY).toBe(1);
    for (const list of [
      "loopback",
      "10.0.0.0/8, 127.0.0.1",
      "loopback,uniquelocal",
      "::1",
      "fe80::/10",
      "192.168.1.0/255.255.255.0",
      "::ffff:10.0.0.1",
    ]) {
      expect(parseEnv({ TRUST_PROXY: list }).TRUST_PROXY, list).toBe(list);
    }
    for (const bad of ["true", "localhost", "10.0.0.0/33", "10.0.0.0/0", "::1/129", "loopback,", "1.2.3.4.5"]) {
      expect(() => parseEnv({ TRUST_PROXY: bad }), bad).toThrow(/TRUST_PROXY 必须是代理跳数（如 1）、loopback/);
    }
  });

  it("TRUST_PROXY: what env.ts accepts, express accepts", async () => {
    const express = (await import("express")).default;
    for (const list of [
      "2",
      "loopback",
      "10.0.0.0/8, 127.0.0.1",
      "loopback,uniquelocal",
      "::1",
      "fe80::/10",
      "192.168.1.0/255.255.255.0",
      "::ffff:10.0.0.1",
    ]) {
      expect(() => express().set("trust proxy", parseEnv({ TRUST_PROXY: list }).TRUST_PROXY), list).not.toThrow();
    }
    for (const bad of ["true", "localhost", "10.0.0.0/33", "10.0.0.0/0", "::1/129", "loopback,", "1.2.3.4.5"]) {
      expect(() => express().set("trust proxy", bad), bad).toThrow();
    }
  });

  it("numbers as the code read them: PORT, whole numbers with their floors, durations above 0", () => {
    expect(parseEnv({ PORT: "0" }).PORT).toBe(0);
    expect(parseEnv({ PORT: "8080" }).PORT).toBe(8080);
    expect(parseEnv({ MATCH_LOCK_MS: "1500.7" }).MATCH_LOCK_MS).toBe(1500);
    expect(parseEnv({ MATCH_WORKER_CONCURRENCY: "0", MATCH_TOP_K: "0", MAINTENANCE_EVERY_MS: "5" })).toMatchObject({
      MATCH_WORKER_CONCURRENCY: 1,
      MATCH_TOP_K: 1,
      MAINTENANCE_EVERY_MS: 100,
    });
    expect(parseEnv({ MATCH_STALLED_INTERVAL_MS: "500" }).MATCH_STALLED_INTERVAL_MS).toBe(500);
    expect(parseEnv({ MATCH_POLL_MS: "12.5" }).MATCH_POLL_MS).toBe(12.5);
    expect(parseEnv({ MATCH_APPLY_CHUNK: "200" }).MATCH_APPLY_CHUNK).toBe(200);
    expect(parseEnv({ MATCH_SHUTDOWN_TIMEOUT_MS: "0" }).MATCH_SHUTDOWN_TIMEOUT_MS).toBe(0);
  });

  it("origins: trimmed, without a trailing slash", () => {
    expect(parseEnv({ ALLOWED_ORIGINS: " https://gj.example.org/ ,http://10.0.0.5:8080," }).ALLOWED_ORIGINS).toEqual([
      "https://gj.example.org",
      "http://10.0.0.5:8080",
    ]);
  });

  it("secrets are kept as given", () => {
    expect(parseEnv({ SESSION_SECRET: " s3cret " }).SESSION_SECRET).toBe(" s3cret ");
    expect(parseEnv({ ADMIN_PASSWORD: "pass word" }).ADMIN_PASSWORD).toBe("pass word");
  });
});

describe("a bad value", () => {
  it("is refused in Chinese, naming the variable and the value, every bad one at once", () => {
    let error: unknown;
    try {
      parseEnv({
        PORT: "abc",
        MATCH_LOCK_MS: "-1",
        MATCH_POLL_MS: "0",
        MATCH_APPLY_CHUNK: "2.5",
        ALLOWED_ORIGINS: "gj.example.org",
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EnvError);
    const message = (error as EnvError).message;
    expect(message.split("\n")[0]).toBe("环境变量有误：");
    expect((error as EnvError).problems).toEqual([
      "PORT 必须是 0–65535 之间的整数（当前为“abc”）",
      "ALLOWED_ORIGINS 必须是以逗号分隔的来源（如 https://gj.example.org）（当前为“gj.example.org”）",
      "MATCH_APPLY_CHUNK 必须是正整数（当前为“2.5”）",
      "MATCH_LOCK_MS 必须是非负数字（当前为“-1”）",
      "MATCH_POLL_MS 必须是大于 0 的毫秒数（当前为“0”）",
    ]);
  });

  it("PORT out of range, and origins with a path", () => {
    expect(() => parseEnv({ PORT: "70000" })).toThrow(/PORT 必须是 0–65535 之间的整数/);
    expect(() => parseEnv({ PORT: "-1" })).toThrow(/PORT/);
    expect(() => parseEnv({ ALLOWED_ORIGINS: "https://gj.example.org/app" })).toThrow(/ALLOWED_ORIGINS/);
    expect(() => parseEnv({ ALLOWED_ORIGINS: "ftp://gj.example.org" })).toThrow(/ALLOWED_ORIGINS/);
  });
});

describe("env()", () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const name of Object.keys(ENV_VARIABLES)) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  it("reads process.env when asked, as tests and scripts/start.ts change it", () => {
    process.env.DATABASE_URL = "/tmp/env-test/a.db";
    expect(env().DATABASE_URL).toBe("/tmp/env-test/a.db");
    process.env.DATABASE_URL = "/tmp/env-test/b.db";
    expect(env().DATABASE_URL).toBe("/tmp/env-test/b.db");
    process.env.NODE_ENV = "production";
    expect(env().NODE_ENV).toBe("production");
    delete process.env.DATABASE_URL;
    expect(env().DATABASE_URL).toBe("./data/app.db");
  });

  it("throws the message while a value is bad, and recovers when it is fixed", () => {
    process.env.MATCH_TOP_K = "many";
    expect(() => env()).toThrow(/MATCH_TOP_K 必须是非负数字（当前为“many”）/);
    process.env.MATCH_TOP_K = "7";
    expect(env().MATCH_TOP_K).toBe(7);
  });

  it("a bad TRUST_PROXY stops the app's start, naming the variable", async () => {
    const { createApp } = await import("../../server");
    process.env.TRUST_PROXY = "true";
    await expect(createApp()).rejects.toThrow(/TRUST_PROXY 必须是代理跳数（如 1）、loopback.*（当前为“true”）/);
    process.env.TRUST_PROXY = "10.0.0.0/33";
    await expect(createApp()).rejects.toBeInstanceOf(EnvError);
  });

  it("ALLOWED_ORIGINS lets another site's forms through the origin check", async () => {
    const { isSameOriginRequest } = await import("~/utils/origin.server");
    expect(isSameOriginRequest("POST", "localhost:3000", { origin: "https://gj.example.org" })).toBe(false);
    process.env.ALLOWED_ORIGINS = "https://gj.example.org/";
    expect(isSameOriginRequest("POST", "localhost:3000", { origin: "https://gj.example.org" })).toBe(true);
    expect(isSameOriginRequest("POST", "localhost:3000", { origin: "http://localhost:3000" })).toBe(true);
  });
});

describe(".env.example", () => {
  it("is env.ts's table written out (npm run env:example)", () => {
    expect(readFileSync(".env.example", "utf8"), "运行 npm run env:example 更新 .env.example").toBe(envExample());
  });

  it("lists every variable with its default, and loading it as it is changes nothing", () => {
    const text = readFileSync(".env.example", "utf8");
    for (const name of Object.keys(ENV_VARIABLES)) expect(text, name).toMatch(new RegExp(`^(# )?${name}=`, "m"));
    const assigned = Object.fromEntries(
      text
        .split("\n")
        .filter((line) => /^[A-Z_]+=/.test(line))
        .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
    );
    expect(parseEnv(assigned)).toEqual(parseEnv({}));
  });
});
