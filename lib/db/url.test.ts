import { describe, expect, it } from "vitest";
import { DatabaseUrlError, parseDatabaseUrl } from "./url";

describe("parseDatabaseUrl", () => {
  it("resolves SQLite paths against the working directory", () => {
    expect(parseDatabaseUrl("file:./data/orderdesk.db", "/srv/app")).toEqual({ provider: "sqlite", url: "file:/srv/app/data/orderdesk.db", file: "/srv/app/data/orderdesk.db" });
    expect(parseDatabaseUrl("file:/tmp/x.db?mode=rwc", "/srv").file).toBe("/tmp/x.db");
    expect(parseDatabaseUrl("file::memory:").file).toBe(":memory:");
  });

  it("accepts both PostgreSQL schemes", () => {
    expect(parseDatabaseUrl("postgresql://postgres@127.0.0.1:5432/x").provider).toBe("postgres");
    expect(parseDatabaseUrl("postgres://u@h/x").provider).toBe("postgres");
  });

  it.each(["mysql://x", "sqlite:./x.db", "", "file:", "./data.db", "postgresql://"])("refuses %j and names the accepted forms", (url) => {
    expect(() => parseDatabaseUrl(url)).toThrow(DatabaseUrlError);
    expect(() => parseDatabaseUrl(url)).toThrow(/file:\.\/data\/orderdesk\.db \(SQLite\) or postgresql:/);
  });
});
