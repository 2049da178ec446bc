import { existsSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";

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
