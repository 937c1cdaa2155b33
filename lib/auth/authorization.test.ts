/**
 * Issue 18 "Also": one way to authorise. Every permission check in lib/ (and app/) goes through
 * `authorize()` (lib/auth/permissions.ts); `can()` only answers questions for the UI and for
 * choosing what to show. And every permission of the matrix is enforced somewhere: a permission
 * nobody checks (as `shop.manage` was) is a hole in waiting.
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PERMISSIONS, authorize } from "./permissions";
import { AppError } from "./errors";

const root = path.join(import.meta.dirname, "..", "..");

function sources(dir: string): string[] {
  return readdirSync(path.join(root, dir)).flatMap((name) => {
    const rel = path.join(dir, name);
    if (statSync(path.join(root, rel)).isDirectory()) return name === "node_modules" || name === "testing" ? [] : sources(rel);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) && !/-testing\.ts$/.test(name) ? [rel] : [];
  });
}

const files = [...sources("lib"), ...sources("app")].map((f) => ({ file: f, text: readFileSync(path.join(root, f), "utf8") }));

describe("authorisation is written one way", () => {
  it("nothing but authorize() throws forbidden: no can() + throw, no hand-made AppError", () => {
    const offences: string[] = [];
    for (const { file, text } of files) {
      if (file === path.join("lib", "auth", "permissions.ts") || file === path.join("lib", "auth", "errors.ts")) continue;
      if (/new AppError\(\s*["']forbidden["']/.test(text)) offences.push(`${file}: new AppError("forbidden")`);
      if (/import\s*(?:type\s*)?{[^}]*\bforbidden\b[^}]*}\s*from\s*["'][^"']*auth\/errors["']|import\s*{[^}]*\bforbidden\b[^}]*}\s*from\s*["']\.\/errors["']/.test(text)) offences.push(`${file}: imports the forbidden() factory`);
      if (/!\s*can\(/.test(text)) offences.push(`${file}: !can(…) used as a guard`);
    }
    expect(offences).toEqual([]);
  });

  it("every permission of the matrix is enforced by authorize() somewhere in lib/", () => {
    const lib = files.filter((f) => f.file.startsWith("lib")).map((f) => f.text).join("\n");
    const unchecked = PERMISSIONS.filter((p) => !new RegExp(`authorize(?:View)?\\([^;]*?["']${p.replace(".", "\\.")}["']`).test(lib));
    expect(unchecked).toEqual([]);
  });

  it("authorize() takes a viewer, one of its shops, or a list where one must do", () => {
    expect(() => authorize({ role: "OWNER" }, "shop.manage")).not.toThrow();
    expect(() => authorize({ role: "MANAGER" }, "shop.manage")).toThrow(AppError);
    expect(() => authorize([{ role: "CUSTOMER_SERVICE" }, { role: "MANAGER" }], "reports.read")).not.toThrow();
    expect(() => authorize([{ role: "CUSTOMER_SERVICE" }], "reports.read")).toThrow(expect.objectContaining({ code: "forbidden" }));
    expect(() => authorize([], "orders.read")).toThrow(expect.objectContaining({ code: "forbidden" }));
  });
});
