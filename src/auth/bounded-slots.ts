/**
 * At most `concurrency` holders at once; the rest wait in lines, served in the lines' order (the first
 * non-empty line first), each line bounded by `maxWaiting`. A leaving holder hands its slot to the next
 * waiter (the count stays), so nobody can jump in between. The hash queue and the sign-in gate share it.
 */
export class BoundedSlots<Line extends string> {
  private running = 0;
  private readonly lines: Record<Line, (() => void)[]>;

  constructor(
    private readonly options: { concurrency: number; maxWaiting: number },
    private readonly order: readonly Line[],
  ) {
    this.lines = Object.fromEntries(order.map((line) => [line, []])) as unknown as Record<Line, (() => void)[]>;
  }

  /** A slot's release (idempotent), once one is free; `full(waiting)` is thrown when `line` is full. */
  async acquire(line: Line, full: (waiting: number) => Error): Promise<() => void> {
    if (this.running >= this.options.concurrency) {
      const waiting = this.lines[line];
      if (waiting.length >= this.options.maxWaiting) throw full(waiting.length);
      await new Promise<void>((resolve) => waiting.push(resolve));
    } else {
      this.running++;
    }
    let isReleased = false;
    return () => {
      if (isReleased) return;
      isReleased = true;
      const next = this.nextWaiting();
      if (next) next();
      else this.running--;
    };
  }

  waitingIn(line: Line): number {
    return this.lines[line].length;
  }

  private nextWaiting(): (() => void) | undefined {
    for (const line of this.order) {
      const next = this.lines[line].shift();
      if (next) return next;
    }
    return undefined;
  }
}
