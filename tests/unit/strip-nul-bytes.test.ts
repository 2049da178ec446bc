import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { StripNulBytes } from "~/entry.server";

async function through(chunks: Buffer[]) {
  const parts: Buffer[] = [];
  for await (const part of Readable.from(chunks).pipe(new StripNulBytes())) parts.push(part as Buffer);
  return Buffer.concat(parts).toString("utf8");
}

describe("the page stream filter", () => {
  it("drops the NUL bytes React 18 leaves where a Chinese character did not fit a buffer", async () => {
    const head = Buffer.from("区人", "utf8");
    const padded = Buffer.concat([head, Buffer.from([0, 0])]);
    expect(await through([padded, Buffer.from("民医院", "utf8")])).toBe("区人民医院");
  });

  it("passes other bytes through unchanged", async () => {
    expect(await through([Buffer.from("<p>幸福里社区 · 第3号网格</p>", "utf8")])).toBe("<p>幸福里社区 · 第3号网格</p>");
  });
});
