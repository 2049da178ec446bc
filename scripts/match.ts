/**
 * Matching from files, for batch runs and other platforms:
 *   npm run match -- --input in.json --output out.json [--top 5]
 * Reads "matching input v1", validates it, runs the engine and writes { proposals, assignment }.
 * Any problem with the arguments or the input exits with code 2 and one Chinese line on stderr
 * naming the item; the output file is then not touched. The result is written to a temporary
 * file in the same folder and renamed into place, so a reader never sees half a file.
 * Large inputs are ranked on all cores (matchParallel, same output as one thread); should the
 * worker threads fail, the run finishes on one thread.
 */
import { randomBytes } from "node:crypto";
import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { match } from "../workers/matching/engine";
import { matchParallel } from "../workers/matching/parallel";
import { validateInput } from "../workers/matching/validate";
import type { MatchingInput, MatchingOutput } from "../workers/matching/types";

const USAGE = "用法：npm run match -- --input 输入.json --output 输出.json [--top 5]";

class UsageError extends Error {}

interface Args {
  input: string;
  output: string;
  top: number;
}

function parseArgs(argv: string[]): Args {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--help" || arg === "-h") throw new UsageError(USAGE);
    const m = /^--(input|output|top)(?:=(.*))?$/.exec(arg);
    if (!m) throw new UsageError(`无法识别的参数：${arg}\n${USAGE}`);
    const value = m[2] ?? argv[++i];
    if (value === undefined || value === "") throw new UsageError(`参数 --${m[1]} 缺少取值\n${USAGE}`);
    values.set(m[1], value);
  }
  const input = values.get("input");
  const output = values.get("output");
  if (!input) throw new UsageError(`缺少 --input（输入文件）\n${USAGE}`);
  if (!output) throw new UsageError(`缺少 --output（输出文件）\n${USAGE}`);
  const topText = values.get("top") ?? "5";
  const top = Number(topText);
  if (!Number.isInteger(top) || top < 1 || top > 100)
    throw new UsageError(`--top 必须是 1 到 100 之间的整数：${topText}`);
  return { input: resolve(input), output: resolve(output), top };
}

function readInput(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      code === "ENOENT" ? `输入文件不存在：${path}` : `无法读取输入文件 ${path}：${code ?? String(error)}`,
    );
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    throw new UsageError(`输入文件不是有效的 JSON：${path}（${(error as Error).message}）`);
  }
}

/** Writes next to the target and renames, so the target is either absent, old or complete. */
function writeAtomically(path: string, content: string): void {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    writeFileSync(temp, content, "utf8");
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw new UsageError(`无法写入输出文件 ${path}：${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

async function matchAll(input: MatchingInput, topK: number): Promise<MatchingOutput> {
  try {
    return await matchParallel(input, { topK });
  } catch (error) {
    process.stderr.write(`多线程匹配失败，改用单线程：${(error as Error).message.split("\n")[0]}\n`);
    return match(input, { topK });
  }
}

async function main(): Promise<number> {
  try {
    const args = parseArgs(process.argv.slice(2));
    const checked = validateInput(readInput(args.input));
    if (!checked.ok) throw new UsageError(`输入数据有误：${checked.error}`);
    const started = performance.now();
    const { proposals, assignment } = await matchAll(checked.input, args.top);
    writeAtomically(args.output, `${JSON.stringify({ proposals, assignment }, null, 2)}\n`);
    const ms = Math.round(performance.now() - started);
    process.stderr.write(
      `已完成：${checked.input.needs.length} 条需求、${checked.input.resources.length} 条资源，` +
        `${proposals.length} 条匹配建议、${assignment.length} 条对接方案，用时 ${ms} 毫秒 → ${args.output}\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

process.exitCode = await main();
