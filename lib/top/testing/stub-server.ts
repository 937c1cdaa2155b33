/**
 * A tiny TOP gateway + OAuth token endpoint for unit tests (node:http on 127.0.0.1, port 0).
 * It checks every request the way TOP does: system parameters, the GMT+8 timestamp (10-minute
 * skew), and the signature, computed here independently of lib/top/sign.ts so that a signing
 * bug fails the tests. Handlers return raw JSON text so that 19-digit ids reach the client
 * exactly as TOP sends them. Not a sandbox: only what the tests need.
 */
import { createHash, createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";

export interface StubRequest {
  path: string;
  headers: IncomingMessage["headers"];
  /** Query string and form body merged (what TOP signs over). */
  params: Record<string, string>;
  rawBody: string;
  /** The client's TCP port (one per connection: shows keep-alive reuse). */
  remotePort: number | undefined;
}

export interface StubReply {
  status?: number;
  /** Raw body text (use this for 19-digit ids). */
  body?: string;
  /** Serialised with JSON.stringify (only for values without big ids). */
  json?: unknown;
  headers?: Record<string, string>;
  gzip?: boolean;
  /** Wait before answering (for timeouts). */
  delayMs?: number;
  /** Send only the first N bytes of the body, announce the full length, then drop the connection. */
  dropAfterBytes?: number;
}

export type StubHandler = (req: StubRequest) => StubReply | Promise<StubReply>;

export interface TopStubOptions {
  appKey: string;
  appSecret: string;
  /** The stub's clock for the timestamp check; default: real time. */
  now?: () => Date;
  /** Default 10 minutes, as TOP. */
  maxSkewMs?: number;
}

export interface TopStubServer {
  /** `http://127.0.0.1:<port>` */
  baseUrl: string;
  gatewayUrl: string;
  oauthBaseUrl: string;
  /** Every request received (valid or not), in order. */
  requests: StubRequest[];
  /** Requests that reached a method handler (passed every gateway check). */
  accepted: StubRequest[];
  /** A persistent handler for a TOP method. */
  on(method: string, handler: StubHandler): void;
  /** One-shot replies for a method, used in order before the persistent handler. */
  enqueue(method: string, ...replies: StubReply[]): void;
  /** Handler for POST /token. */
  onToken(handler: StubHandler): void;
  close(): Promise<void>;
}

/** `{"error_response":{...}}` text. */
export function errorReply(code: number, msg: string, subCode?: string, subMsg?: string, requestId = "stub-req"): StubReply {
  const e: Record<string, unknown> = { code, msg };
  if (subCode !== undefined) e.sub_code = subCode;
  if (subMsg !== undefined) e.sub_msg = subMsg;
  e.request_id = requestId;
  return { body: JSON.stringify({ error_response: e }) };
}

/** Wraps raw inner JSON text into `{"<method>_response": …}`. */
export function okReply(method: string, innerJson: string): StubReply {
  const key = `${method.replace(/^taobao\./, "").replace(/\./g, "_")}_response`;
  return { body: `{"${key}":${innerJson}}` };
}

/** The signature, written independently of lib/top/sign.ts (byte-order sort, explicit buffers). */
export function stubSign(params: Record<string, string>, secret: string, method: string): string | null {
  const pairs = Object.entries(params)
    .filter(([k, v]) => k !== "sign" && v.trim().length > 0)
    .sort(([a], [b]) => Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8")));
  const data = Buffer.concat(pairs.flatMap(([k, v]) => [Buffer.from(k, "utf8"), Buffer.from(v, "utf8")]));
  const key = Buffer.from(secret, "utf8");
  if (method === "md5") return createHash("md5").update(Buffer.concat([key, data, key])).digest("hex").toUpperCase();
  if (method === "hmac") return createHmac("md5", key).update(data).digest("hex").toUpperCase();
  if (method === "hmac-sha256") return createHmac("sha256", key).update(data).digest("hex").toUpperCase();
  return null;
}

function parseGmt8(s: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(s);
  if (!m) return null;
  const [y, mo, d, h, mi, se] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h - 8, mi, se);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

async function send(res: ServerResponse, reply: StubReply): Promise<void> {
  if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
  if (res.destroyed) return;
  const text = reply.body ?? (reply.json === undefined ? "" : JSON.stringify(reply.json));
  let payload = Buffer.from(text, "utf8");
  const headers: Record<string, string> = { "Content-Type": "application/json;charset=UTF-8", ...reply.headers };
  if (reply.gzip) {
    payload = gzipSync(payload);
    headers["Content-Encoding"] = "gzip";
  }
  headers["Content-Length"] = String(payload.length);
  res.writeHead(reply.status ?? 200, headers);
  if (reply.dropAfterBytes !== undefined) {
    res.write(payload.subarray(0, reply.dropAfterBytes));
    setTimeout(() => res.socket?.destroy(), 10);
    return;
  }
  res.end(payload);
}

export async function startTopStub(options: TopStubOptions): Promise<TopStubServer> {
  const handlers = new Map<string, StubHandler>();
  const queues = new Map<string, StubReply[]>();
  let tokenHandler: StubHandler = () => ({ status: 400, json: { error: "invalid_request", error_description: "no token handler" } });
  const requests: StubRequest[] = [];
  const accepted: StubRequest[] = [];
  const now = options.now ?? (() => new Date());
  const maxSkew = options.maxSkewMs ?? 10 * 60 * 1000;

  async function gateway(r: StubRequest): Promise<StubReply> {
    const p = r.params;
    if (!p.method) return errorReply(21, "Missing method");
    if (!p.app_key) return errorReply(28, "Missing app key");
    if (p.app_key !== options.appKey) return errorReply(29, "Invalid app key");
    if (!p.timestamp) return errorReply(30, "Missing timestamp");
    const ts = parseGmt8(p.timestamp);
    if (ts === null || Math.abs(ts - now().getTime()) > maxSkew) return errorReply(31, "Invalid timestamp", "isv.invalid-timestamp", `timestamp ${p.timestamp} is not within 10 minutes of the server's time`);
    if (!p.v) return errorReply(32, "Missing version");
    if (p.v !== "2.0") return errorReply(33, "Invalid version");
    if (p.format !== "json") return errorReply(23, "Invalid format");
    if (!p.sign) return errorReply(24, "Missing signature");
    const expected = stubSign(p, options.appSecret, p.sign_method ?? "md5");
    if (expected === null) return errorReply(25, "Invalid signature", undefined, `unknown sign_method ${p.sign_method}`);
    if (expected !== p.sign) return errorReply(25, "Invalid signature");
    accepted.push(r);
    const queue = queues.get(p.method);
    if (queue && queue.length > 0) return queue.shift()!;
    const h = handlers.get(p.method);
    if (!h) return errorReply(22, "Invalid method");
    return h(r);
  }

  const server: Server = createServer((req, res) => {
    void (async () => {
      try {
        const rawBody = await readBody(req);
        const url = new URL(req.url ?? "/", "http://127.0.0.1");
        const params: Record<string, string> = {};
        for (const [k, v] of url.searchParams) params[k] = v;
        const ct = req.headers["content-type"] ?? "";
        if (ct.startsWith("application/x-www-form-urlencoded")) for (const [k, v] of new URLSearchParams(rawBody)) params[k] = v;
        const r: StubRequest = { path: url.pathname, headers: req.headers, params, rawBody, remotePort: req.socket.remotePort };
        requests.push(r);
        let reply: StubReply;
        if (req.method === "POST" && url.pathname === "/router/rest") reply = await gateway(r);
        else if (req.method === "POST" && url.pathname === "/token") reply = await tokenHandler(r);
        else reply = { status: 404, body: "<html><body>404 Not Found</body></html>", headers: { "Content-Type": "text/html" } };
        await send(res, reply);
      } catch (error) {
        if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain" });
        res.end(String(error));
      }
    })();
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;

  return {
    baseUrl,
    gatewayUrl: `${baseUrl}/router/rest`,
    oauthBaseUrl: baseUrl,
    requests,
    accepted,
    on: (method, handler) => void handlers.set(method, handler),
    enqueue: (method, ...replies) => {
      const q = queues.get(method) ?? [];
      q.push(...replies);
      queues.set(method, q);
    },
    onToken: (handler) => {
      tokenHandler = handler;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
