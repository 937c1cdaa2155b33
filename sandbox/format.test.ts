import { describe, expect, it } from "vitest";
import { fenToYuan } from "../lib/money";
import { formatTopTime } from "../lib/time";
import { topTime, yuan } from "./format";
import { Rng } from "./rng";

describe("cached wire formatting equals lib/time and lib/money", () => {
  it("topTime(sec) === formatTopTime for random instants, day edges included", () => {
    const r = new Rng(1);
    const samples = [0, 1_767_196_800 - 8 * 3600, 1_767_196_799 - 8 * 3600, 1_709_222_400, 951_782_400];
    for (let i = 0; i < 20_000; i++) samples.push(r.int(2_000_000_000));
    for (const s of samples) expect(topTime(s)).toBe(formatTopTime(new Date(s * 1000)));
  });

  it("yuan(fen) === fenToYuan, negatives and zero included", () => {
    const r = new Rng(2);
    const samples = [0, 1, -1, 99, 100, -100, 19_999, -2_000, 123_456_789];
    for (let i = 0; i < 20_000; i++) samples.push(r.int(10_000_000) - 1_000_000);
    for (const f of samples) expect(yuan(f)).toBe(fenToYuan(f));
  });
});
