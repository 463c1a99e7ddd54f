import type { Logger } from '../core/logger.js';
import type { LlmUsageRecord, LlmUsageRecorder, TokenUsage } from './types.js';

/**
 * Keeps the latest usage records in memory and logs each one (never the
 * prompt). `totals()` sums tokens and calls per purpose.
 */
export class UsageLog implements LlmUsageRecorder {
  private readonly entries: LlmUsageRecord[] = [];

  constructor(
    private readonly logger?: Logger,
    private readonly capacity = 1_000,
  ) {}

  record(entry: LlmUsageRecord): void {
    this.entries.push(entry);
    if (this.entries.length > this.capacity) this.entries.shift();
    this.logger?.info(
      {
        llm: {
          purpose: entry.purpose,
          model: entry.model,
          status: entry.status,
          streamed: entry.streamed,
          promptTokens: entry.usage.promptTokens,
          completionTokens: entry.usage.completionTokens,
          latencyMs: entry.latencyMs,
          attempts: entry.attempts,
          ...(entry.errorCode ? { errorCode: entry.errorCode } : {}),
        },
      },
      'llm call finished',
    );
  }

  list(): readonly LlmUsageRecord[] {
    return this.entries;
  }

  totals(): Record<string, TokenUsage & { calls: number }> {
    const out: Record<string, TokenUsage & { calls: number }> = {};
    for (const entry of this.entries) {
      const total = out[entry.purpose] ?? { promptTokens: 0, completionTokens: 0, totalTokens: 0, calls: 0 };
      total.promptTokens += entry.usage.promptTokens;
      total.completionTokens += entry.usage.completionTokens;
      total.totalTokens += entry.usage.totalTokens;
      total.calls += 1;
      out[entry.purpose] = total;
    }
    return out;
  }
}
