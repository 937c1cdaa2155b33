/**
 * The client's HTTP transport: one POST, the whole body back as text.
 *
 * The default goes through node:http(s) with a keep-alive Agent rather than the global `fetch`:
 * a sync makes tens of thousands of small calls, and fetch's per-call machinery (web streams,
 * Request/Response objects, AbortSignal.any + AbortSignal.timeout, a separate write of the body)
 * cost ≈ 1 ms of CPU per call on this machine, several times the work of the call itself
 * (measured in bench/sync.bench.ts profiles). A caller-provided `fetch` still works
 * (`fetchTransport`), for tests and unusual runtimes.
 *
 * Bodies are decoded from gzip/deflate whatever the client asked for, so a gateway that
 * compresses anyway is still understood.
 */
import "server-only";
import http from "node:http";
import https from "node:https";
import { gunzip, inflate, inflateRaw } from "node:zlib";
import { errorBrand } from "../errors/brand";

export interface TransportRequest {
  url: URL;
  headers: Record<string, string>;
  body: string;
  /** The caller's signal (abort = stop now). */
  signal?: AbortSignal;
  timeoutMs: number;
}

export interface TransportResponse {
  status: number;
  text: string;
  /** The response's `Date` header as sent (the gateway's clock, whole seconds), or null. */
  date: string | null;
}

export type Transport = (req: TransportRequest) => Promise<TransportResponse>;

/** Why a request failed: the client turns it into a TopTransportError (aborted / timeout / network). */
export class TransportFailure extends Error {
  static is = errorBrand(TransportFailure, "TransportFailure");
  constructor(
    readonly stage: "request" | "reading the body",
    readonly timedOut: boolean,
    override readonly cause: unknown,
  ) {
    super(`transport failure (${stage})`);
    this.name = "TransportFailure";
  }
}

function decode(encoding: string | undefined, buf: Buffer): Promise<Buffer> {
  const enc = (encoding ?? "").trim().toLowerCase();
  if (enc === "" || enc === "identity") return Promise.resolve(buf);
  return new Promise((resolve, reject) => {
    const done = (e: Error | null, out: Buffer) => (e ? reject(e) : resolve(out));
    if (enc === "gzip" || enc === "x-gzip") gunzip(buf, done);
    // "deflate" is meant to be zlib-wrapped; some servers send it raw (as fetch, accept both).
    else if (enc === "deflate") inflate(buf, (e, out) => (e ? inflateRaw(buf, done) : resolve(out)));
    else reject(new Error(`unsupported Content-Encoding ${enc}`));
  });
}

/** A node:http(s) transport with a keep-alive pool of `maxSockets` connections per origin. */
export function createHttpTransport(opts: { maxSockets?: number } = {}): Transport {
  const maxSockets = opts.maxSockets ?? 32;
  // lifo: the most recently used (warm) socket first, so idle ones age out instead of racing the server's keep-alive timeout.
  const agents = {
    "http:": new http.Agent({ keepAlive: true, maxSockets, scheduling: "lifo" }),
    "https:": new https.Agent({ keepAlive: true, maxSockets, scheduling: "lifo" }),
  };
  return (r) =>
    new Promise<TransportResponse>((resolve, reject) => {
      const isHttps = r.url.protocol === "https:";
      let stage: TransportFailure["stage"] = "request";
      let timedOut = false;
      let settled = false;
      const finish = (e: unknown, value?: TransportResponse) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        r.signal?.removeEventListener("abort", onAbort);
        if (e !== null) reject(new TransportFailure(stage, timedOut, e));
        else resolve(value!);
      };
      const body = Buffer.from(r.body, "utf8");
      const req = (isHttps ? https : http).request(
        r.url,
        { method: "POST", agent: isHttps ? agents["https:"] : agents["http:"], headers: { ...r.headers, "Content-Length": String(body.length) } },
        (res) => {
          stage = "reading the body";
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("error", (e) => finish(e));
          res.on("aborted", () => finish(new Error("the connection was closed before the body ended")));
          res.on("end", () => {
            if (!res.complete) return finish(new Error("the connection was closed before the body ended"));
            decode(res.headers["content-encoding"], chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).then(
              (buf) => finish(null, { status: res.statusCode ?? 0, text: buf.toString("utf8"), date: res.headers.date ?? null }),
              (e: unknown) => finish(e),
            );
          });
        },
      );
      const onAbort = () => req.destroy(r.signal?.reason instanceof Error ? r.signal.reason : new Error("aborted"));
      const timer = setTimeout(() => {
        timedOut = true;
        req.destroy(new Error(`timed out after ${r.timeoutMs} ms`));
      }, r.timeoutMs);
      req.on("error", (e) => finish(e));
      if (r.signal?.aborted) return onAbort();
      r.signal?.addEventListener("abort", onAbort, { once: true });
      req.end(body);
    });
}

/** A transport over a fetch implementation (a caller's `fetch`, e.g. in tests). */
export function fetchTransport(doFetch: typeof fetch): Transport {
  return async (r) => {
    const timeoutSignal = AbortSignal.timeout(r.timeoutMs);
    const signal = r.signal ? AbortSignal.any([r.signal, timeoutSignal]) : timeoutSignal;
    let res: Response;
    try {
      res = await doFetch(r.url, { method: "POST", headers: r.headers, body: r.body, signal });
    } catch (e) {
      throw new TransportFailure("request", timeoutSignal.aborted, e);
    }
    try {
      return { status: res.status, text: await res.text(), date: res.headers.get("date") };
    } catch (e) {
      throw new TransportFailure("reading the body", timeoutSignal.aborted, e);
    }
  };
}
