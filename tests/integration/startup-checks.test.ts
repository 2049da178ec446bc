/**
 * Start-up failures an operator can cause (issue 12, decision 029), each through the real start
 * path — `npm start`'s scripts/start.ts in its own Node process, as production-server.test.ts
 * runs it — must end before serving with exit code 1 and one Chinese line on stderr that names
 * the variable (DATABASE_URL or PORT) and the path or port, with no stack trace: DATABASE_URL is a
 * folder, not a database, corrupt (fails quick_check), a read-only file, in a folder that cannot
 * be written; the port is taken. server.ts's own start (`serve`) makes the same check.
 *
 * Read-only files do not stop root, and these tests may run as root (they do on the project's
 * machine): the read-only cases then run the server as the unprivileged `nobody` (uid 65534)
 * through util-linux's `setpriv`, on files that user owns, so the permission bits bite exactly as
 * they do for an operator's service account. A control run as the same user on the same kind of
 * database, left writable, starts and serves: what refuses is the read-only bit, not the set-up.
 */
import { afterAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import {
  chmodSync,
  chownSync,
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { randomBytes } from "node:crypto";
import { createServer, type AddressInfo } from "node:net";
import path from "node:path";
import { openDatabase } from "#db/client";
import { runMigrations } from "#db/migrate";
import { TMP_DIR } from "../support/db";

const buildDir = path.resolve(process.env.BUILD_DIR ?? "build");
const asRoot = process.getuid?.() === 0;
/** The unprivileged account the read-only cases run as when the tests run as root. */
const NOBODY = 65534;

const folders: string[] = [];
afterAll(() => {
  for (const dir of folders) {
    chmodSync(dir, 0o700);
    rmSync(dir, { recursive: true, force: true });
  }
});

function folder(prefix: string) {
  mkdirSync(TMP_DIR, { recursive: true });
  const dir = mkdtempSync(path.join(TMP_DIR, `${prefix}-`));
  chmodSync(dir, 0o755);
  folders.push(dir);
  return dir;
}

/** A migrated, closed database at `file` (WAL and shared-memory files gone with the last connection). */
function migratedDatabase(file: string, filler = 0) {
  const db = openDatabase(file);
  runMigrations(db);
  if (filler > 0) {
    db.$client.exec("CREATE TABLE filler (id INTEGER PRIMARY KEY, body TEXT)");
    const insert = db.$client.prepare("INSERT INTO filler (body) VALUES (?)");
    db.$client.transaction(() => {
      for (let i = 0; i < filler; i++) insert.run(`填充 ${i} `.repeat(40));
    })();
  }
  db.$client.close();
}

/** Makes `file`, a folder, or their ownership the unprivileged user's when the tests run as root. */
function giveAway(...paths: string[]) {
  if (asRoot) for (const p of paths) chownSync(p, NOBODY, NOBODY);
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  started: boolean;
}

/**
 * Starts `entry` as an operator would and waits for it to end; a server that starts instead is
 * stopped (SIGTERM) and reported as started. `unprivileged`: as NOBODY when the tests run as root.
 */
function start(
  env: Record<string, string>,
  options: {
    entry?: "scripts/start.ts" | "server.ts";
    unprivileged?: boolean;
    whenStarted?: (url: string) => Promise<void>;
  } = {},
): Promise<Run> {
  const entry = options.entry ?? "scripts/start.ts";
  const args = ["--import", "tsx", entry, ...(entry === "scripts/start.ts" ? ["--no-build"] : [])];
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: "0",
    BUILD_DIR: buildDir,
    NODE_ENV: "production",
    DEMO_DATA: "0",
    ...env,
  };
  delete childEnv.REDIS_URL;
  const dropRoot = options.unprivileged && asRoot;
  if (dropRoot) childEnv.HOME = "/tmp";
  const child = dropRoot
    ? spawn("setpriv", [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, "--clear-groups", process.execPath, ...args], {
        cwd: process.cwd(),
        env: childEnv,
        stdio: ["ignore", "pipe", "pipe"],
      })
    : spawn(process.execPath, args, { cwd: process.cwd(), env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
  const run: Run = { code: null, stdout: "", stderr: "", started: false };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 90_000);
    child.stdout.on("data", (c: Buffer) => {
      run.stdout += c.toString();
      const url = /已启动：(http:\/\/localhost:\d+)/.exec(run.stdout)?.[1];
      if (url && !run.started) {
        run.started = true;
        (options.whenStarted?.(url.replace("localhost", "127.0.0.1")) ?? Promise.resolve())
          .catch((e: unknown) => (run.stderr += `\n[test] ${String(e)}`))
          .finally(() => child.kill("SIGTERM"));
      }
    });
    child.stderr.on("data", (c: Buffer) => (run.stderr += c.toString()));
    child.on("error", reject);
    child.on("exit", (code) => {
      clearTimeout(timer);
      run.code = code;
      resolve(run);
    });
  });
}

/** Exit 1 before serving, and stderr is one line naming `variable` and `where`, with no stack trace. */
function expectOneLine(run: Run, variable: "DATABASE_URL" | "PORT", where: string) {
  const output = `${run.stdout}\n${run.stderr}`;
  expect(run.started, output).toBe(false);
  expect(run.code, output).toBe(1);
  const lines = run.stderr.trim().split("\n");
  expect(lines, output).toHaveLength(1);
  expect(lines[0]).toContain(variable);
  expect(lines[0]).toContain(where);
  expect(output).not.toMatch(/^ {4}at /m);
  return lines[0]!;
}

describe("npm start refuses an unusable DATABASE_URL in one line", () => {
  it("a folder", { timeout: 120_000 }, async () => {
    const dir = folder("startup-dir");
    const line = expectOneLine(await start({ DATABASE_URL: dir }), "DATABASE_URL", dir);
    expect(line).toContain("是一个文件夹");
  });

  it("a file that is not a database (random bytes)", { timeout: 120_000 }, async () => {
    const file = path.join(folder("startup-notdb"), "app.db");
    writeFileSync(file, randomBytes(64 * 1024));
    const line = expectOneLine(await start({ DATABASE_URL: file }), "DATABASE_URL", file);
    expect(line).toContain("不是 SQLite 数据库文件");
  });

  it("a corrupt database (fails quick_check)", { timeout: 120_000 }, async () => {
    const file = path.join(folder("startup-corrupt"), "app.db");
    migratedDatabase(file, 3000);
    // The header page stays, so SQLite opens it; pages in the middle become garbage.
    const fd = openSync(file, "r+");
    writeSync(fd, Buffer.alloc(4096 * 8, 0x5a), 0, 4096 * 8, 4096 * 40);
    closeSync(fd);
    const line = expectOneLine(await start({ DATABASE_URL: file }), "DATABASE_URL", file);
    expect(line).toContain("已损坏");
    expect(line).toContain("npm run restore");
  });

  it("a corrupt database started through server.ts's own serve()", { timeout: 120_000 }, async () => {
    const file = path.join(folder("startup-corrupt-serve"), "app.db");
    migratedDatabase(file, 3000);
    const fd = openSync(file, "r+");
    writeSync(fd, Buffer.alloc(4096 * 8, 0x5a), 0, 4096 * 8, 4096 * 40);
    closeSync(fd);
    const line = expectOneLine(await start({ DATABASE_URL: file }, { entry: "server.ts" }), "DATABASE_URL", file);
    expect(line).toContain("已损坏");
  });

  it("a path under a file, where its folder cannot be made", { timeout: 120_000 }, async () => {
    const blocker = path.join(folder("startup-nofolder"), "not-a-folder");
    writeFileSync(blocker, "");
    const file = path.join(blocker, "app.db");
    const line = expectOneLine(await start({ DATABASE_URL: file }), "DATABASE_URL", blocker);
    expect(line).toContain("无法创建");
  });
});

describe("npm start refuses a database it cannot write (run as an unprivileged user)", () => {
  it("control: the same user, a writable migrated database: starts and serves", { timeout: 120_000 }, async () => {
    const dir = folder("startup-writable");
    const file = path.join(dir, "app.db");
    migratedDatabase(file);
    giveAway(dir, file);
    let status = 0;
    const run = await start(
      { DATABASE_URL: file },
      { unprivileged: true, whenStarted: async (url) => void (status = (await fetch(`${url}/login`)).status) },
    );
    expect(run.started, run.stdout + run.stderr).toBe(true);
    expect(status).toBe(200);
    expect(run.code).toBe(0);
  });

  it("a read-only database file (0444) in a writable folder", { timeout: 120_000 }, async () => {
    const dir = folder("startup-rofile");
    const file = path.join(dir, "app.db");
    migratedDatabase(file);
    giveAway(dir, file);
    chmodSync(file, 0o444);
    const line = expectOneLine(await start({ DATABASE_URL: file }, { unprivileged: true }), "DATABASE_URL", file);
    expect(line).toContain("不可写");
  });

  it("a writable database file in a folder that cannot be written", { timeout: 120_000 }, async () => {
    const dir = folder("startup-rofolder");
    const file = path.join(dir, "app.db");
    migratedDatabase(file);
    giveAway(file);
    // As root the folder stays root's (0755), so the unprivileged user cannot write it; otherwise 0555.
    if (!asRoot) chmodSync(dir, 0o555);
    const line = expectOneLine(await start({ DATABASE_URL: file }, { unprivileged: true }), "DATABASE_URL", dir);
    expect(line).toContain("文件夹");
    expect(line).toContain("不可写");
  });
});

describe("npm start refuses a port that is taken", () => {
  it("names the port and PORT in one line", { timeout: 120_000 }, async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, resolve));
    const { port } = blocker.address() as AddressInfo;
    try {
      const file = path.join(folder("startup-port"), "app.db");
      const line = expectOneLine(await start({ DATABASE_URL: file, PORT: String(port) }), "PORT", String(port));
      expect(line).toContain(`端口 ${port} 已被占用（PORT）`);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
