import { existsSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import { startServer, type TestServer } from "./server";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * Debian's Chromium, never a downloaded one. Without it the browser tests say so loudly and
 * skip, except in CI where a missing browser is a failure.
 */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  const message = `未找到 Chromium（${CHROMIUM_PATH}）：浏览器测试无法运行。请安装 Debian 包 chromium。`;
  if (process.env.CI === "true") throw new Error(message);
  console.warn(`\n!!! ${message} 本次跳过浏览器测试。\n`);
  return false;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

/** A fresh browser context signed in through the real /login form. */
export async function signedInPage(
  browser: Browser,
  baseUrl: string,
  username: string,
  options: { password?: string; javaScriptEnabled?: boolean; width?: number } = {},
): Promise<Page> {
  const context = await browser.newContext({
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    viewport: { width: options.width ?? 1280, height: 900 },
    locale: "zh-CN",
  });
  const page = await context.newPage();
  page.on("dialog", (d) => d.accept());
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(options.password ?? "demo1234");
  await page.getByRole("button", { name: "登录" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
  return page;
}

/**
 * What a browser test file runs against: the built app on its own port and one Chromium. Call it
 * at the top of the file, where the Chromium check has always run, so a missing browser is
 * reported (or fails in CI) while the file is collected; `available` then skips its describes.
 */
export function browserApp() {
  const available = chromiumAvailable();
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  // Reaching for these before start() is a mistake in the test file, not a missing browser.
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("浏览器测试尚未启动：请先在 beforeAll 中调用 app.start()");
    return value;
  };
  return {
    available,
    get browser() {
      return started(browser);
    },
    get baseUrl() {
      return started(server).baseUrl;
    },
    /** For beforeAll. Without Chromium nothing is seeded or started for tests that will not run. */
    async start(options: { seed?: () => unknown; matching?: boolean } = {}): Promise<void> {
      if (!available) return;
      await options.seed?.();
      server = await startServer({ matching: options.matching });
      browser = await launchChromium();
    },
    signedIn(username: string, options?: Parameters<typeof signedInPage>[3]): Promise<Page> {
      return signedInPage(started(browser), started(server).baseUrl, username, options);
    },
    /** For afterAll; also after a start that failed half-way or never ran. */
    async close(): Promise<void> {
      await browser?.close();
      await server?.close();
    },
  };
}
