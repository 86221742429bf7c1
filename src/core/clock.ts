/** Time source. Injected everywhere time matters so tests can drive it by hand. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Calls `tick` every `intervalMs` until the returned function is called. */
  every(intervalMs: number, tick: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  every(intervalMs, tick) {
    const timer = setInterval(tick, intervalMs);
    // Node: do not keep the process alive for this timer. Browsers return a number and have no unref.
    (timer as unknown as { unref?: () => void }).unref?.();
    return () => clearInterval(timer);
  },
};

/** A clock that moves only when told; `advance` fires due intervals in time order. */
export class ManualClock implements Clock {
  private current: number;
  private readonly timers = new Set<{ intervalMs: number; due: number; tick: () => void }>();

  constructor(startMs = 1_700_000_000_000) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  every(intervalMs: number, tick: () => void): () => void {
    const timer = { intervalMs, due: this.current + intervalMs, tick };
    this.timers.add(timer);
    return () => this.timers.delete(timer);
  }

  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      let next: { intervalMs: number; due: number; tick: () => void } | undefined;
      for (const timer of this.timers) if (timer.due <= target && (!next || timer.due < next.due)) next = timer;
      if (!next) break;
      this.current = next.due;
      next.due += next.intervalMs;
      next.tick();
    }
    this.current = target;
  }
}
