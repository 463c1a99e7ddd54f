/**
 * A pause after a provider failure: while it lasts, callers skip the
 * provider and take their path without a model, so a provider that is down
 * costs one slow request instead of every request. Calls made through
 * `track` are watched too: while one has been waiting longer than
 * `slowCallMs`, the provider counts as slow and new callers skip it, so a
 * provider that hangs delays only the requests of its first seconds.
 */
export class FailureCooldown {
  private pausedUntil = 0;
  private readonly callStarts = new Map<symbol, number>();

  constructor(
    /** Length of the pause after a failure, in milliseconds. */
    readonly pauseMs = 30_000,
    private readonly now: () => number = Date.now,
    /** Age at which a call still in flight marks the provider as slow, in milliseconds. */
    readonly slowCallMs = 5_000,
  ) {}

  /** Milliseconds left in the current pause; 0 when the provider may be called. */
  remainingMs(): number {
    return Math.max(0, this.pausedUntil - this.now());
  }

  /** True while a tracked call has been in flight longer than `slowCallMs`. */
  slowCallInFlight(): boolean {
    const cutoff = this.now() - this.slowCallMs;
    for (const started of this.callStarts.values()) if (started <= cutoff) return true;
    return false;
  }

  /** Watches a call until it settles, for `slowCallInFlight`. */
  async track<T>(call: Promise<T>): Promise<T> {
    const key = Symbol('call');
    this.callStarts.set(key, this.now());
    try {
      return await call;
    } finally {
      this.callStarts.delete(key);
    }
  }

  recordFailure(): void {
    this.pausedUntil = this.now() + this.pauseMs;
  }

  recordSuccess(): void {
    this.pausedUntil = 0;
  }
}
