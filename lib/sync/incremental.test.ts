import { describe, expect, it } from "vitest";
import { log } from "@/lib/log";
import type { TopTrade } from "@/lib/top";
import { emptyStats, type RunContext } from "./context";
import { syncWindow } from "./incremental";
import type { TradePage } from "./fetch";
import type { FetchedTrade } from "./rows";

/**
 * A fake increment.get over an in-memory list sorted by `modified` desc. `mutate(call)` runs
 * before every call and may move rows out of the window (a trade modified after the window's
 * end), as the platform does while a client pages.
 */
function fakePlatform(count: number, end: number, mutate: (call: number, rows: { tid: string; modified: number }[]) => void) {
  const rows = Array.from({ length: count }, (_, i) => ({ tid: `t${String(i).padStart(4, "0")}`, modified: end - i * 10 }));
  let calls = 0;
  const page = async (start: Date, stop: Date, pageNo: number): Promise<TradePage> => {
    mutate(++calls, rows);
    const inWindow = rows.filter((r) => r.modified >= start.getTime() && r.modified <= stop.getTime()).sort((a, b) => b.modified - a.modified);
    const slice = inWindow.slice((pageNo - 1) * 100, pageNo * 100);
    return {
      trades: slice.map((r): FetchedTrade => ({ trade: { tid: r.tid, modified: new Date(r.modified) } as TopTrade, rawJson: "{}", source: "list" })),
      hasNext: null,
      total: inWindow.length,
    };
  };
  return { rows, page, calls: () => calls };
}

function ctxWith(page: (s: Date, e: Date, p: number) => Promise<TradePage>): RunContext {
  return {
    shopId: "shop",
    owner: "me",
    stats: emptyStats(),
    signal: new AbortController().signal,
    sleep: async () => undefined,
    log,
    top: { incrementPage: page, calls: 0 },
  } as unknown as RunContext;
}

const END = Date.UTC(2026, 10, 28, 4, 0, 0);
const START = new Date(END - 30 * 60_000);

/** Rows moved out of the window: the 5 newest rows, after the first call (as trades get paid meanwhile). */
function removeNewestAfterFirstCall(call: number, rows: { tid: string; modified: number }[]) {
  if (call !== 2) return;
  const inWindow = rows.filter((r) => r.modified <= END).sort((a, b) => b.modified - a.modified);
  for (const r of inWindow.slice(0, 5)) r.modified = END + 60_000;
}

describe("incremental window paging", () => {
  it("sees every row that stays in the window although rows leave while it pages (backwards paging)", async () => {
    const p = fakePlatform(250, END, removeNewestAfterFirstCall);
    const seen = new Set<string>();
    await syncWindow(ctxWith(p.page), START, new Date(END), async (trades) => trades.forEach((t) => seen.add(t.trade.tid)));
    const remaining = p.rows.filter((r) => r.modified <= END).map((r) => r.tid);
    expect(remaining).toHaveLength(245);
    expect(remaining.filter((t) => !seen.has(t))).toEqual([]);
    // total first, then pages 3 and 2, then page 1 again.
    expect(p.calls()).toBe(4);
  });

  it("the same scenario defeats naive forward paging (the test can fail)", async () => {
    const p = fakePlatform(250, END, removeNewestAfterFirstCall);
    const seen = new Set<string>();
    for (let pageNo = 1; ; pageNo++) {
      const res = await p.page(START, new Date(END), pageNo);
      res.trades.forEach((t) => seen.add(t.trade.tid));
      if (pageNo * 100 >= res.total!) break;
    }
    const missed = p.rows.filter((r) => r.modified <= END && !seen.has(r.tid));
    expect(missed.length).toBe(5);
  });

  it("keeps rows safe when many rows leave between every call", async () => {
    const p = fakePlatform(1000, END, (call, rows) => {
      // Every call, 30 rows spread over the window leave it.
      const inWindow = rows.filter((r) => r.modified <= END);
      for (let k = 0; k < 30 && inWindow.length; k++) inWindow[(call * 37 + k * 29) % inWindow.length]!.modified = END + 1000;
    });
    const seen = new Set<string>();
    await syncWindow(ctxWith(p.page), START, new Date(END), async (trades) => trades.forEach((t) => seen.add(t.trade.tid)));
    expect(p.rows.filter((r) => r.modified <= END && !seen.has(r.tid))).toEqual([]);
  });

  it("pages a window again when rows entered it while it was paged", async () => {
    let grew = false;
    const p = fakePlatform(150, END, (call, rows) => {
      if (call === 2 && !grew) {
        grew = true;
        // A late row lands inside the window (clock skew): positions shift down.
        for (let k = 0; k < 3; k++) rows.push({ tid: `late${k}`, modified: END - 5 });
      }
    });
    const seen = new Set<string>();
    await syncWindow(ctxWith(p.page), START, new Date(END), async (trades) => trades.forEach((t) => seen.add(t.trade.tid)));
    expect(p.rows.filter((r) => r.modified <= END && !seen.has(r.tid))).toEqual([]);
    // round 1: 1 + 1 + 1 calls, round 2 (stable): 1 + 1 + 1.
    expect(p.calls()).toBe(6);
  });

  it("needs a single call for a window of at most one page", async () => {
    const p = fakePlatform(100, END, () => undefined);
    const seen = new Set<string>();
    await syncWindow(ctxWith(p.page), START, new Date(END), async (trades) => trades.forEach((t) => seen.add(t.trade.tid)));
    expect(seen.size).toBe(100);
    expect(p.calls()).toBe(1);
  });
});
