import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { derivePostgresSchema } from "./schema-variants";

describe("one model source for both providers", () => {
  const sqlite = readFileSync("prisma/schema.prisma", "utf8");

  it("the committed PostgreSQL schema is derived from the SQLite one (run npm run db:generate)", () => {
    expect(readFileSync("prisma/postgres/schema.prisma", "utf8")).toBe(derivePostgresSchema(sqlite));
  });

  it("only the generator output and datasource differ", () => {
    const pg = derivePostgresSchema(sqlite);
    const models = (s: string) => s.slice(s.search(/^(enum|model) /m));
    expect(models(pg)).toBe(models(sqlite));
    expect(pg).toContain('provider = "postgresql"');
    expect(pg).not.toContain('provider = "sqlite"');
  });

  it("every schema change has a migration (the snapshot equals the schema; run npm run db:migration:new)", () => {
    expect(readFileSync("prisma/migrations/schema.snapshot.prisma", "utf8")).toBe(sqlite);
  });

  it("refuses a schema whose datasource it cannot find", () => {
    expect(() => derivePostgresSchema("model A { id Int @id }")).toThrow(/expected form/);
  });
});
