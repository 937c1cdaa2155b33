/**
 * next-auth's redirect callback never throws (issue 18, item 7): its default ran `new URL(url)` on
 * the callbackUrl of any /api/auth request, so a value that is no URL answered 500. Which targets
 * are allowed is the sign-in redirect policy's (item 1); here only: an answer, never a crash.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hostileString } from "@/test/fuzz";
import { authOptions } from "./options";

const baseUrl = "http://127.0.0.1:3000";
const redirect = (url: string) => authOptions().callbacks!.redirect!({ url, baseUrl });

describe("authOptions().callbacks.redirect", () => {
  it("keeps next-auth's answers for paths and same-origin URLs", async () => {
    expect(await redirect("/orders")).toBe(`${baseUrl}/orders`);
    expect(await redirect(`${baseUrl}/sync`)).toBe(`${baseUrl}/sync`);
    // Off-site targets go to the orders list (lib/auth/redirect.ts, item 1).
    expect(await redirect("https://evil.example/")).toBe(`${baseUrl}/orders`);
  });

  it("property: any callbackUrl gets an answer on this origin, never an exception", async () => {
    for (const url of ["\u{10aa3d}", "abc\u0000def", "::::", "", "http://[", "%"]) expect((await redirect(url)).startsWith(baseUrl), url).toBe(true);
    await fc.assert(
      fc.asyncProperty(hostileString, async (url) => {
        expect((await redirect(url)).startsWith(baseUrl)).toBe(true);
      }),
      { numRuns: 1000, seed: 1807 },
    );
  });
});
