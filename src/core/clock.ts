/** Time source. Injected everywhere time matters so tests can drive it by hand. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Calls `tick` every `intervalMs` until the returned function is called. */
  every(intervalMs: number, tick: () => void, options?: EveryOptions): () => void;
}

export interface EveryOptions {
  /**
   * Tick at `phaseMs` past each multiple of `intervalMs` since the epoch (the first within an interval),
   * not `intervalMs` after the call: processes whose clocks agree then tick together, so what they send
   * each other on the tick reaches a receiver in one burst (one wake-up) instead of one at a time.
   */
  phaseMs?: number;
}

/** A tick this close before its time (a timer can fire a little early) waits for the next one. */
const EARLY_SLACK_MS = 10;

function untilPhase(now: number, intervalMs: number, phaseMs: number): number {
  return intervalMs - ((((now - phaseMs) % intervalMs) + intervalMs) % intervalMs);
}

function everyInPhase(intervalMs: number, phaseMs: number, tick: () => void): () => void {
  let timer: ReturnType<typeof setTimeout>;
  const arm = (): void => {
    let waitMs = untilPhase(Date.now(), intervalMs, phaseMs);
    if (waitMs < EARLY_SLACK_MS) waitMs += intervalMs;
    timer = setTimeout(fire, waitMs);
    (timer as unknown as { unref?: () => void }).unref?.();
  };
  const fire = (): void => {
    arm();
    tick();
  };
  arm();
  return () => clearTimeout(timer);
}

export const systemClock: Clock = {
  now: () => Date.now(),
  every(intervalMs, tick, options) {
    if (options?.phaseMs !== undefined) return everyInPhase(intervalMs, options.phaseMs, tick);
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

  every(intervalMs: number, tick: () => void, options?: EveryOptions): () => void {
    const due = this.current + (options?.phaseMs === undefined ? intervalMs : untilPhase(this.current, intervalMs, options.phaseMs));
    const timer = { intervalMs, due, tick };
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
