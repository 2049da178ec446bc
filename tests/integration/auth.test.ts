import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { users } from "#db/schema";
import { useFreshDatabase } from "../support/db";
import { createUser } from "~/seed/factories";
import { Client, startServer, type TestServer } from "../support/server";

const db = useFreshDatabase();
let server: TestServer;

beforeAll(async () => {
  await createUser(db, { role: "admin", username: "alice", password: "correct-horse" });
  await createUser(db, { role: "admin", username: "bob", password: "correct-horse" });
  await createUser(db, { role: "admin", username: "carol", password: "correct-horse" });
  server = await startServer();
});
afterAll(async () => server?.close());

describe("sign-in", () => {
  it("works as a plain form POST, sets an httpOnly SameSite=Lax cookie and lands on the role's home", async () => {
    const client = new Client(server.baseUrl);
    const res = await client.login("alice", "correct-horse");
    expect(res.headers.get("location")).toBe("/");
    const cookie = res.headers.get("set-cookie")!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i);
    expect(cookie).not.toContain("correct-horse");
    const home = await client.get("/");
    expect(home.headers.get("location")).toBe("/admin");
  });

  it("returns to the page asked for, but never to another site", async () => {
    const client = new Client(server.baseUrl);
    const ok = await client.post("/login", {
      username: "alice",
      password: "correct-horse",
      redirectTo: "/admin/units",
    });
    expect(ok.headers.get("location")).toBe("/admin/units");
    const evil = await client.post("/login", {
      username: "alice",
      password: "correct-horse",
      redirectTo: "//evil.example/x",
    });
    expect(evil.headers.get("location")).toBe("/");
  });

  it("shows a Chinese error, keeps the username and never echoes the password", async () => {
    const client = new Client(server.baseUrl);
    const res = await client.post("/login", { username: "carol", password: "wrong-password-1" });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("用户名或密码不正确");
    expect(html).toContain('value="carol"');
    expect(html).not.toContain("wrong-password-1");
  });

  it("asks for missing fields next to them", async () => {
    const html = await (await new Client(server.baseUrl).post("/login", { username: "", password: "" })).text();
    expect(html).toContain("请输入用户名");
    expect(html).toContain("请输入密码");
  });

  it("signs out: the old cookie no longer opens a page", async () => {
    const client = new Client(server.baseUrl);
    await client.login("alice", "correct-horse");
    const oldCookie = client.cookie;
    const out = await client.post("/logout", {});
    expect(out.headers.get("location")).toBe("/login");
    const again = await fetch(`${server.baseUrl}/admin/users`, { headers: { cookie: oldCookie }, redirect: "manual" });
    expect(again.status).toBe(302);
    expect(again.headers.get("location")).toMatch(/^\/login/);
  });
});

describe("lockout", () => {
  it("locks an account for 15 minutes after five failed logins, even for the right password", async () => {
    const client = new Client(server.baseUrl);
    // One message for every refusal (decision 021): it names the rule, not whether this account is locked.
    const refused = "用户名或密码不正确（连续输错 5 次，账号将锁定 15 分钟，请稍后再试或联系管理员）";
    for (let i = 1; i <= 5; i++) {
      expect(await (await client.post("/login", { username: "bob", password: `nope-${i}` })).text()).toContain(refused);
    }
    const right = await client.post("/login", { username: "bob", password: "correct-horse" });
    expect(right.status).toBe(200);
    expect(right.headers.get("set-cookie")).toBeNull();
    expect(await right.text()).toContain(refused);
    const lockedUntil = db.select().from(users).where(eq(users.username, "bob")).get()!.lockedUntil!;
    const minutes = (new Date(lockedUntil).getTime() - Date.now()) / 60000;
    expect(minutes).toBeGreaterThan(14);
    expect(minutes).toBeLessThanOrEqual(15);
    // Other accounts are unaffected.
    expect((await new Client(server.baseUrl).login("alice", "correct-horse")).status).toBe(302);
  });

  it("lets the account in again once the lock has passed", async () => {
    db.update(users)
      .set({ lockedUntil: new Date(Date.now() - 1000).toISOString() })
      .where(eq(users.username, "bob"))
      .run();
    expect((await new Client(server.baseUrl).login("bob", "correct-horse")).status).toBe(302);
  });

  it("refuses a disabled account, and ends its open sessions", async () => {
    const client = new Client(server.baseUrl);
    await client.login("carol", "correct-horse");
    db.update(users).set({ disabledAt: new Date().toISOString() }).where(eq(users.username, "carol")).run();
    expect((await client.get("/admin/users")).status).toBe(302);
    const res = await new Client(server.baseUrl).post("/login", { username: "carol", password: "correct-horse" });
    expect(await res.text()).toContain("该账号已停用");
  });
});
