/**
 * Fault injection for /router/rest (never for OAuth or admin routes). One seeded draw per
 * request picks at most one fault:
 *
 * | fault      | what the client sees                                                    | when        |
 * |------------|-------------------------------------------------------------------------|-------------|
 * | isp        | code 15 with an `isp.*` sub code                                          | before work |
 * | code10     | code 10 Service currently unavailable                                     | before work |
 * | ban        | code 7, `accesscontrol.limited-by-app-api-access-count`, and a real 1–3 s ban of that method | before work |
 * | http502/503| an HTML error page from the "proxy"                                       | before work |
 * | reset      | the connection is destroyed without a response (half before, half after the work) | either |
 * | truncate   | the body is cut: either the connection dies mid-body, or a short body arrives whole | after work |
 * | slow       | the normal response, `slowMs` late                                        | after work  |
 * | hang       | nothing for `hangMs`, then the connection is destroyed (a client timeout)  | before work |
 *
 * "after work" means the call did its work (a write is stored) and only the response is lost:
 * clients must make writes idempotent.
 */
import { Rng } from "./rng";

export const FAULT_KINDS = ["isp", "code10", "ban", "http502", "http503", "reset", "truncate", "slow", "hang"] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];
export type FaultRates = Record<FaultKind, number>;
export type FaultProfileName = "off" | "light" | "heavy";

export const FAULT_PROFILES: Record<FaultProfileName, FaultRates> = {
  off: { isp: 0, code10: 0, ban: 0, http502: 0, http503: 0, reset: 0, truncate: 0, slow: 0, hang: 0 },
  light: { isp: 0.01, code10: 0.004, ban: 0.004, http502: 0.004, http503: 0.004, reset: 0.004, truncate: 0.004, slow: 0.02, hang: 0 },
  heavy: { isp: 0.05, code10: 0.02, ban: 0.04, http502: 0.03, http503: 0.03, reset: 0.025, truncate: 0.025, slow: 0.05, hang: 0.01 },
};

export interface FaultConfig {
  profile: FaultProfileName | "custom";
  rates: FaultRates;
  /** Delay range of `slow`, ms. */
  slowMs: [number, number];
  /** How long `hang` holds the connection before destroying it, ms. */
  hangMs: number;
  /** Ban length range of `ban`, seconds. */
  banSeconds: [number, number];
  seed: number;
}

export interface FaultDraw {
  kind: FaultKind;
  /** For reset: before (true) or after the work. For truncate: kill mid-body (true) or short body. */
  early: boolean;
  /** ms for slow, seconds for ban. */
  amount: number;
  /** Index into the isp sub codes. */
  variant: number;
}

export const ISP_SUB_CODES = [
  ["isp.top-remote-connection-timeout", "远程服务连接超时"],
  ["isp.top-remote-service-unavailable", "远程服务暂不可用"],
  ["isp.remote-connection-error", "远程连接错误"],
  ["isp.top-remote-unknown-error", "远程服务未知错误"],
  ["isp.service-error", "服务异常，请稍后重试"],
] as const;

export function faultConfig(profile: FaultProfileName, seed: number): FaultConfig {
  return {
    profile,
    rates: { ...FAULT_PROFILES[profile] },
    slowMs: profile === "heavy" ? [500, 2500] : [300, 1200],
    hangMs: 20_000,
    banSeconds: [1, 3],
    seed,
  };
}

export class FaultInjector {
  private rng: Rng;
  private drawn = 0;

  constructor(private cfg: FaultConfig) {
    this.rng = new Rng(cfg.seed, 0x4641554c);
  }

  get config(): FaultConfig {
    return this.cfg;
  }

  /** Replaces the configuration; the draw sequence restarts from the (new) seed. */
  set(cfg: FaultConfig): void {
    this.cfg = cfg;
    this.rng = new Rng(cfg.seed, 0x4641554c);
    this.drawn = 0;
  }

  /** Total failure probability of the current rates (slow is not a failure). */
  failureRate(): number {
    const r = this.cfg.rates;
    return FAULT_KINDS.filter((k) => k !== "slow").reduce((s, k) => s + r[k], 0);
  }

  draws(): number {
    return this.drawn;
  }

  /** One draw per request; null when the request goes through untouched. */
  draw(): FaultDraw | null {
    this.drawn++;
    const u = this.rng.float();
    const early = this.rng.chance(0.5);
    const extra = this.rng.float();
    const variant = this.rng.int(ISP_SUB_CODES.length);
    let acc = 0;
    for (const kind of FAULT_KINDS) {
      acc += this.cfg.rates[kind];
      if (u < acc) {
        const amount =
          kind === "slow"
            ? Math.round(this.cfg.slowMs[0] + extra * (this.cfg.slowMs[1] - this.cfg.slowMs[0]))
            : kind === "ban"
              ? Math.round(this.cfg.banSeconds[0] + extra * (this.cfg.banSeconds[1] - this.cfg.banSeconds[0]))
              : kind === "hang"
                ? this.cfg.hangMs
                : 0;
        return { kind, early, amount, variant };
      }
    }
    return null;
  }
}

/** The HTML a proxy in front of the gateway answers with. */
export function proxyErrorPage(status: 502 | 503): string {
  const title = status === 502 ? "502 Bad Gateway" : "503 Service Temporarily Unavailable";
  return `<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html>\n<head><title>${title}</title></head>\n<body>\n<h1>${title}</h1>\n<p>The requested URL: /router/rest could not be served.<hr/>Powered by Tengine</body>\n</html>\n`;
}
