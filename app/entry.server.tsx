/**
 * Remix's default Node entry, plus one filter: React 18's streaming renderer writes whole
 * 2048-byte buffers even when a multi-byte character did not fit at the end, leaving NUL bytes
 * in the page (facebook/react#24985, fixed only in React 19). Chinese text hits this on any long
 * page. NUL is never valid in HTML, so dropping every 0x00 byte restores exactly what React meant.
 */
import { PassThrough, Transform, type TransformCallback } from "node:stream";
import type { EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";

const ABORT_DELAY = 5_000;

export class StripNulBytes extends Transform {
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
    if (chunk.indexOf(0) === -1) return callback(null, chunk);
    const out = Buffer.allocUnsafe(chunk.length);
    let n = 0;
    for (const byte of chunk) if (byte !== 0) out[n++] = byte;
    callback(null, out.subarray(0, n));
  }
}

export default function handleRequest(request: Request, responseStatusCode: number, responseHeaders: Headers, remixContext: EntryContext) {
  // Crawlers and SPA mode get the whole document at once; browsers get it streamed.
  const waitForAll = isbot(request.headers.get("user-agent") ?? "") || remixContext.isSpaMode;
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const ready = () => {
      shellRendered = true;
      const body = new PassThrough();
      responseHeaders.set("Content-Type", "text/html");
      resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
      pipe(new StripNulBytes()).pipe(body);
    };
    const { pipe, abort } = renderToPipeableStream(<RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} />, {
      onAllReady: waitForAll ? ready : undefined,
      onShellReady: waitForAll ? undefined : ready,
      onShellError: reject,
      onError(error: unknown) {
        responseStatusCode = 500;
        // Errors before the shell is ready reject above and are logged by Remix.
        if (shellRendered) console.error(error);
      },
    });
    setTimeout(abort, ABORT_DELAY);
  });
}
