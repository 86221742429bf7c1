/** A route (URL, provider endpoint) that gave no answer, a 5xx or a 429: not tried until `until`. */
interface Down {
  until: number;
  backoffMs: number;
}

/**
 * Per-route circuit breakers: a route that fails is down for a jittered backoff that doubles with each
 * failed probe (from `baseMs` up to `maxMs`); once it has passed, the next claim takes one batch of its
 * items as the probe, and an answer closes the breaker. Kept per node, in memory: nodes sharing the
 * queue each find out on their own (at most one probe batch each per backoff), which needs no
 * coordination and costs little.
 */
export class CircuitBreakers {
  private readonly down = new Map<string, Down>();

  constructor(
    private readonly settings: { baseMs: number; maxMs: number },
    private readonly random: () => number = Math.random,
  ) {}

  /** Routes whose items are not to be claimed at `now`. */
  downRoutes(now: number): string[] {
    const routes: string[] = [];
    for (const [route, state] of this.down) if (state.until > now) routes.push(route);
    return routes;
  }

  /** When a down route is tried again, or undefined when it is up (or due for its probe). */
  downUntil(route: string, now: number): number | undefined {
    const until = this.down.get(route)?.until;
    return until !== undefined && until > now ? until : undefined;
  }

  /** The route failed as a whole: down until the returned time. */
  failed(route: string, now: number): number {
    const previous = this.down.get(route);
    const backoffMs = previous ? Math.min(this.settings.maxMs, previous.backoffMs * 2) : Math.min(this.settings.maxMs, this.settings.baseMs);
    // Jitter (half to all of the backoff): nodes and routes that failed together do not probe together.
    const until = now + Math.ceil(backoffMs * (0.5 + this.random() / 2));
    this.down.set(route, { until, backoffMs });
    return until;
  }

  /** The route answered: up again. */
  answered(route: string): void {
    this.down.delete(route);
  }
}
