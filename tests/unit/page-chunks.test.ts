import { Readable } from "node:stream";
import { setImmediate as nextTurn } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { PageChunks } from "~/entry.server";

async function through(chunks: Buffer[]) {
  const parts: Buffer[] = [];
  for await (const part of Readable.from(chunks).pipe(new PageChunks())) parts.push(part as Buffer);
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

  it("sends what was written in one turn as one chunk, and a later turn's writing as its own", async () => {
    const stream = new PageChunks();
    const received: string[] = [];
    stream.on("data", (chunk: Buffer) => received.push(chunk.toString("utf8")));
    const ended = new Promise((resolve) => stream.on("end", resolve));
    for (const piece of ["<html>", "<body>", "<main>需求清单"]) stream.write(Buffer.from(piece, "utf8"));
    await nextTurn();
    await nextTurn();
    // The shell went out before the rest was written: streaming still works.
    expect(received).toEqual(["<html><body><main>需求清单"]);
    stream.write(Buffer.from("</main>", "utf8"));
    stream.end(Buffer.from("</body></html>", "utf8"));
    await ended;
    expect(received).toEqual(["<html><body><main>需求清单", "</main></body></html>"]);
  });
});

describe("NUL bytes anywhere in a chunk", () => {
  it("are all dropped, at the start, in runs, between and at the end", async () => {
    const parts = [[0], "网格", [0, 0, 0], "员", [0], "走访", [0, 0]].map((p) =>
      typeof p === "string" ? Buffer.from(p, "utf8") : Buffer.from(p),
    );
    expect(await through([Buffer.concat(parts)])).toBe("网格员走访");
    expect(await through([Buffer.from([0, 0])])).toBe("");
  });
});
