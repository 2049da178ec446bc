/**
 * Remix's default Node entry, plus one filter on the page stream (PageChunks), which does two things:
 *
 * - React 18's streaming renderer writes whole 2048-byte buffers even when a multi-byte character
 *   did not fit at the end, leaving NUL bytes in the page (facebook/react#24985, fixed only in
 *   React 19). Chinese text hits this on any long page. NUL is never valid in HTML, so dropping
 *   every 0x00 byte restores exactly what React meant.
 * - Those 2 KB pieces are joined into one chunk per turn of the event loop. Each piece would
 *   otherwise travel alone through the web stream and the compressor, and the compressor flushes
 *   once per turn (server.ts): a 24 KB page cost about ten times the CPU to compress and came out
 *   about three times larger. A page whose data is all ready still arrives as one chunk; a
 *   streamed one still arrives as it is produced.
 */
import { PassThrough, Transform, type TransformCallback } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { NonceContext } from "~/utils/csp-nonce";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** This response's Content-Security-Policy nonce, set by server.ts (none under Vite's dev server). */
    cspNonce?: string;
  }
}

const ABORT_DELAY = 5_000;

function withoutNulBytes(chunk: Buffer): Buffer {
  let nul = chunk.indexOf(0);
  if (nul === -1) return chunk;
  // Copy the runs between NULs (native copies), not byte by byte: a page has a few NULs in 50 KB.
  const out = Buffer.allocUnsafe(chunk.length);
  let n = 0;
  let from = 0;
  while (nul !== -1) {
    n += chunk.copy(out, n, from, nul);
    from = nul + 1;
    nul = chunk.indexOf(0, from);
  }
  n += chunk.copy(out, n, from);
  return out.subarray(0, n);
}

export class PageChunks extends Transform {
  private pending: Buffer[] = [];
  private scheduled = false;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
    this.pending.push(chunk);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.release());
    }
    callback();
  }

  override _flush(callback: TransformCallback) {
    this.release();
    callback();
  }

  private release() {
    this.scheduled = false;
    if (this.pending.length === 0 || this.destroyed) return;
    const joined = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending);
    this.pending = [];
    this.push(withoutNulBytes(joined));
  }
}

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce;
  // Crawlers and SPA mode get the whole document at once; browsers get it streamed.
  const waitForAll = isbot(request.headers.get("user-agent") ?? "") || remixContext.isSpaMode;
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const ready = () => {
      shellRendered = true;
      const body = new PassThrough();
      responseHeaders.set("Content-Type", "text/html");
      resolve(
        new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }),
      );
      pipe(new PageChunks()).pipe(body);
    };
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceContext.Provider>,
      {
        nonce,
        onAllReady: waitForAll ? ready : undefined,
        onShellReady: waitForAll ? undefined : ready,
        onShellError: reject,
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors before the shell is ready reject above and are logged by Remix.
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}
