import { describe, expect, it } from "vitest";
import { EnvError, SANDBOX_APP_KEY, loadEnv } from "./env";

function problems(vars: Record<string, string>): string[] {
  try {
    loadEnv(vars);
  } catch (e) {
    if (e instanceof EnvError) return e.problems;
    throw e;
  }
  throw new Error("expected an EnvError");
}

describe("loadEnv", () => {
  it("defaults to the embedded SQLite database and the local sandbox", () => {
    const env = loadEnv({});
    expect(env.DATABASE_URL.provider).toBe("sqlite");
    expect(env.DATABASE_URL.file).toMatch(/data\/orderdesk\.db$/);
    expect(env.TOP_GATEWAY_URL).toBe("http://127.0.0.1:4100/router/rest");
    expect(env.TOP_APP_KEY).toBe(SANDBOX_APP_KEY);
    expect(env.TOP_SIGN_METHOD).toBe("hmac-sha256");
    expect(env.TOP_TIMEOUT_MS).toBe(15000);
  });

  it("selects PostgreSQL from a postgresql:// URL", () => {
    expect(loadEnv({ DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/od" }).DATABASE_URL.provider).toBe("postgres");
    expect(loadEnv({ DATABASE_URL: "postgres://u:p@db:5432/od" }).DATABASE_URL.provider).toBe("postgres");
  });

  it("names the variable and the accepted forms for an unsupported database", () => {
    const [p] = problems({ DATABASE_URL: "mysql://x" });
    expect(p).toContain("DATABASE_URL");
    expect(p).toContain("file:./data/orderdesk.db (SQLite)");
    expect(p).toContain("postgresql://");
  });

  it("lists every problem at once", () => {
    const list = problems({ DATABASE_URL: "mysql://x", TOP_QPS: "abc", TOP_GATEWAY_URL: "ftp://x", TOP_SIGN_METHOD: "sha1" });
    expect(list.map((p) => p.split(":")[0]).sort()).toEqual(["DATABASE_URL", "TOP_GATEWAY_URL", "TOP_QPS", "TOP_SIGN_METHOD"]);
  });

  it("validates token encryption keys, current and retired", () => {
    const key = Buffer.alloc(32, 1).toString("base64");
    const old = Buffer.alloc(32, 2).toString("base64");
    expect(loadEnv({ TOKEN_ENCRYPTION_KEY: key, TOKEN_ENCRYPTION_KEYS_OLD: ` ${old} ,` }).TOKEN_ENCRYPTION_KEYS_OLD).toEqual([old]);
    expect(problems({ TOKEN_ENCRYPTION_KEY: "short" })[0]).toMatch(/^TOKEN_ENCRYPTION_KEY: expected 32 random bytes in base64/);
    expect(problems({ TOKEN_ENCRYPTION_KEYS_OLD: "nope" })[0]).toMatch(/^TOKEN_ENCRYPTION_KEYS_OLD/);
  });

  it("treats empty variables as unset", () => {
    expect(loadEnv({ DATABASE_URL: "", TOP_QPS: " " }).TOP_QPS).toBe(50);
  });

  it("never echoes a secret", () => {
    const [p] = problems({ TOP_APP_SECRET: "short" });
    expect(p).toContain("TOP_APP_SECRET");
    expect(p).not.toContain("short");
  });

  it("refuses the sandbox credentials against a real gateway", () => {
    const list = problems({ TOP_GATEWAY_URL: "https://eco.taobao.com/router/rest" });
    expect(list.map((p) => p.split(":")[0])).toEqual(["TOP_APP_KEY / TOP_APP_SECRET", "NEXTAUTH_SECRET", "TOKEN_ENCRYPTION_KEY"]);
    expect(list[0]).toMatch(/set your own app key and secret/);
    const env = loadEnv({
      TOP_GATEWAY_URL: "https://eco.taobao.com/router/rest",
      TOP_APP_KEY: "12345678",
      TOP_APP_SECRET: "a-real-secret-of-32-characters-x",
      NEXTAUTH_SECRET: "x".repeat(40),
      TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
    });
    expect(env.TOP_APP_KEY).toBe("12345678");
  });

  it("renders a one-screen message", () => {
    try {
      loadEnv({ DATABASE_URL: "mysql://x" });
    } catch (e) {
      expect((e as Error).message.split("\n").length).toBeLessThan(10);
      expect((e as Error).message).toMatch(/^OrderDesk cannot start/);
    }
  });
});
