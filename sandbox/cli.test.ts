import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseArgs } from "./cli";
import { DEFAULT_APP_KEY } from "./defaults";
import { resolveOptions } from "./server";

describe("cli flags", () => {
  it("parses every documented flag, with = or a separate value", () => {
    const o = parseArgs(
      "--port 4200 --seed=7 --orders 5000 --shops 3 --app-key 1 --app-secret s --admin --faults heavy --fault-seed 9 --qps 5 --daily-quota 100 --token-ttl 60 --refresh-ttl 600 --code-ttl 30 --arrival-rate 12 --clock-start 2026-11-28T04:00:00Z --frozen --callback-hosts localhost,app.test --tmc-ack-timeout 5 --verbose".split(" "),
      {},
    );
    expect(o).toEqual({
      port: 4200,
      seed: 7,
      orders: 5000,
      shops: 3,
      appKey: "1",
      appSecret: "s",
      admin: true,
      faults: "heavy",
      faultSeed: 9,
      qps: 5,
      dailyQuota: 100,
      tokenTtl: 60,
      refreshTtl: 600,
      codeTtl: 30,
      arrivalRate: 12,
      clockStart: "2026-11-28T04:00:00Z",
      frozen: true,
      callbackHosts: ["localhost", "app.test"],
      tmcAckTimeout: 5,
      verbose: true,
    });
  });

  it("takes the app key and secret from TOP_APP_KEY / TOP_APP_SECRET, flags win", () => {
    expect(parseArgs([], { TOP_APP_KEY: "k", TOP_APP_SECRET: "s" })).toEqual({ appKey: "k", appSecret: "s" });
    expect(parseArgs(["--app-key", "x"], { TOP_APP_KEY: "k" })).toEqual({ appKey: "x" });
    expect(resolveOptions(parseArgs([], {}) as object).appKey).toBe(DEFAULT_APP_KEY);
  });

  it("rejects unknown flags, missing values and bad numbers", () => {
    expect(() => parseArgs(["--nope"], {})).toThrow(/unknown flag/);
    expect(() => parseArgs(["--port"], {})).toThrow(/needs a value/);
    expect(() => parseArgs(["--port", "abc"], {})).toThrow(/not a number/);
    expect(() => parseArgs(["--faults", "extreme"], {})).toThrow(/faults/);
    expect(parseArgs(["--help"], {})).toBe("help");
  });

  it("starts, prints its URLs and defaults, and stops cleanly on SIGTERM", async () => {
    const cli = path.join(import.meta.dirname, "cli.ts");
    const tsx = path.join(import.meta.dirname, "..", "node_modules", ".bin", "tsx");
    const child = spawn(tsx, [cli, "--port", "0", "--orders", "300", "--admin"], { env: { ...process.env, TOP_APP_KEY: "", TOP_APP_SECRET: "" } });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => {
      child.stdout.on("data", () => {
        if (out.includes("Ctrl-C to stop.")) child.kill("SIGTERM");
      });
      child.on("exit", (c) => resolve(c));
    });
    expect(out).toMatch(/TOP sandbox listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(out).toContain(`app key     ${DEFAULT_APP_KEY} (default)`);
    expect(out).toContain("小米粒旗舰店:客服小王");
    expect(out).toContain("/_sandbox/");
    expect(out).toContain("SIGTERM, stopping");
    expect(code).toBe(0);
  }, 30_000);
});
