/**
 * The sandbox clock. It runs in real time from its start instant by default; tests freeze it,
 * advance it or set it forward through the admin API. It never goes backwards (except on
 * reset), so every write the API makes lands at or after every earlier one.
 */
import { formatTopTime } from "../lib/time";

export interface ClockState {
  /** Now as a TOP time string (GMT+8). */
  now: string;
  /** Now in epoch milliseconds. */
  epochMs: number;
  frozen: boolean;
  /** Where the clock started (the data anchor), TOP time. */
  start: string;
}

export class SandboxClock {
  private offsetMs: number;
  private frozenAt: number | null;

  constructor(
    readonly startMs: number,
    frozen = false,
    private readonly realNow: () => number = Date.now,
  ) {
    this.offsetMs = startMs - realNow();
    this.frozenAt = frozen ? startMs : null;
  }

  nowMs(): number {
    return this.frozenAt ?? this.realNow() + this.offsetMs;
  }

  /** Now in whole epoch seconds (TOP's resolution). */
  nowSec(): number {
    return Math.floor(this.nowMs() / 1000);
  }

  get frozen(): boolean {
    return this.frozenAt !== null;
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError("the clock only moves forward");
    if (this.frozenAt !== null) this.frozenAt += ms;
    else this.offsetMs += ms;
  }

  /** Moves the clock forward to an instant; going back is refused. */
  set(ms: number): void {
    const now = this.nowMs();
    if (!Number.isFinite(ms) || ms < now) throw new RangeError("the clock only moves forward");
    this.advance(ms - now);
  }

  freeze(): void {
    if (this.frozenAt === null) this.frozenAt = this.nowMs();
  }

  unfreeze(): void {
    if (this.frozenAt !== null) {
      this.offsetMs = this.frozenAt - this.realNow();
      this.frozenAt = null;
    }
  }

  /** Back to the start instant (used by /_sandbox/reset). */
  reset(frozen: boolean): void {
    this.offsetMs = this.startMs - this.realNow();
    this.frozenAt = frozen ? this.startMs : null;
  }

  state(): ClockState {
    const ms = this.nowMs();
    return { now: formatTopTime(new Date(ms)), epochMs: ms, frozen: this.frozen, start: formatTopTime(new Date(this.startMs)) };
  }
}
