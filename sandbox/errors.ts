/**
 * Gateway errors as TOP writes them: HTTP 200 with
 * `{"error_response":{"code","msg","sub_code","sub_msg","request_id"}}` (top-protocol.md §4–5).
 */

export class TopError extends Error {
  constructor(
    readonly code: number,
    readonly msg: string,
    readonly subCode?: string,
    readonly subMsg?: string,
  ) {
    super(`${code} ${msg}${subCode ? ` (${subCode})` : ""}`);
  }
}

export const err = {
  missingMethod: () => new TopError(21, "Missing method", "isv.missing-method", "缺少 method 参数"),
  invalidMethod: (m: string) => new TopError(22, "Invalid method", "isv.invalid-method", `不存在的方法名：${m}`),
  invalidFormat: (f: string) =>
    new TopError(23, "Invalid format", "isv.invalid-format", `不支持的 format：${f}。沙箱只返回 JSON，请传 format=json（线上默认 xml）`),
  missingSignature: () => new TopError(24, "Missing signature", "isv.missing-signature", "缺少 sign 参数"),
  invalidSignature: (why = "签名校验失败") => new TopError(25, "Invalid signature", "isv.invalid-signature", why),
  missingSession: () => new TopError(26, "Missing session", "isv.missing-session", "该接口需要用户授权，缺少 session 参数"),
  invalidSession: (why: string) => new TopError(27, "Invalid session", "invalid-sessionkey", why),
  missingAppKey: () => new TopError(28, "Missing app key", "isv.missing-app-key", "缺少 app_key 参数"),
  invalidAppKey: () => new TopError(29, "Invalid app Key", "isv.appkey-not-exists", "app_key 不存在"),
  missingTimestamp: () => new TopError(30, "Missing timestamp", "isv.missing-timestamp", "缺少 timestamp 参数"),
  invalidTimestamp: (why: string) => new TopError(31, "Invalid timestamp", "isv.invalid-timestamp", why),
  missingVersion: () => new TopError(32, "Missing version", "isv.missing-version", "缺少 v 参数"),
  invalidVersion: (v: string) => new TopError(33, "Invalid version", "isv.invalid-version", `版本号格式错误：${v}`),
  unsupportedVersion: (v: string) => new TopError(34, "Unsupported version", "isv.unsupported-version", `不支持的版本号：${v}，请使用 2.0`),
  missingArg: (name: string, why?: string) =>
    new TopError(40, `Missing required arguments:${name}`, `isv.missing-parameter:${name}`, why ?? `缺少必选参数 ${name}`),
  invalidArg: (name: string, why: string) => new TopError(41, `Invalid arguments:${name}`, `isv.invalid-parameter:${name}`, why),
  callLimited: (subCode: string, seconds: number) =>
    new TopError(7, "App Call Limited", subCode, `This ban will last for ${Math.max(1, Math.ceil(seconds))} more seconds`),
  remote: (subCode: string, subMsg: string) => new TopError(15, "Remote service error", subCode, subMsg),
  serviceUnavailable: () => new TopError(10, "Service currently unavailable", "isp.top-remote-service-unavailable", "服务暂时不可用，请稍后重试"),
};
