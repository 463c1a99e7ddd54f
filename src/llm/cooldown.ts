/**
 * A pause after a provider failure: while it lasts, callers skip the
 * provider and take their path without a model, so a provider that hangs or
 * is down costs one slow request instead of every request.
 */
export class FailureCooldown {
  private pausedUntil = 0;

  constructor(
    /** Length of the pause after a failure, in milliseconds. */
    readonly pauseMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds left in the current pause; 0 when the provider may be called. */
  remainingMs(): number {
    return Math.max(0, this.pausedUntil - this.now());
  }

  recordFailure(): void {
    this.pausedUntil = this.now() + this.pauseMs;
  }

  recordSuccess(): void {
    this.pausedUntil = 0;
  }
}
