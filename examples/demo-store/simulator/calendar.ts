import type { Sampler } from './sampler.js';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

const BEIJING_OFFSET_MS = 8 * HOUR_MS;

/** The demo's "today": 2026-11-30 00:00 Beijing time. Every event and order lies before it. */
export const DEMO_NOW = new Date('2026-11-30T00:00:00+08:00');

/** Length of the simulated history, ending at `DEMO_NOW`. */
export const HISTORY_DAYS = 90;

/** Stock-0 products sold out on this day (after the 11.11 sale), so no orders for them from then on. */
export const SOLD_OUT_FROM = new Date('2026-11-12T00:00:00+08:00');

/** Parses a Beijing wall-clock time written as "YYYY-MM-DD HH:mm". */
export function beijingTime(local: string): Date {
  const parsed = new Date(`${local.replace(' ', 'T')}:00+08:00`);
  if (Number.isNaN(parsed.getTime())) throw new Error(`invalid Beijing time "${local}", expected "YYYY-MM-DD HH:mm"`);
  return parsed;
}

/** Formats the Beijing calendar date of an instant as "YYYYMMDD". */
export function beijingDateKey(at: Date): string {
  return new Date(at.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 10).replaceAll('-', '');
}

/** Midnight (Beijing time) at the start of the day that contains `at`. */
export function beijingMidnight(at: Date): Date {
  const shifted = at.getTime() + BEIJING_OFFSET_MS;
  return new Date(shifted - (shifted % DAY_MS) - BEIJING_OFFSET_MS);
}

export function addMs(at: Date, ms: number): Date {
  return new Date(at.getTime() + ms);
}

/** Adds a possibly fractional number of hours, rounded to the whole second. */
export function addHours(at: Date, hours: number): Date {
  return new Date(at.getTime() + Math.round(hours * 3600) * 1000);
}

/**
 * End of an after-sales window of `days` days: the window starts on the
 * calendar day after delivery and closes at 24:00 of its last day, Beijing time.
 */
export function windowEnd(deliveredAt: Date, days: number): Date {
  return addMs(beijingMidnight(deliveredAt), (days + 1) * DAY_MS);
}

/** True when the instant falls in the 11.11 sale rush, when shipping may take up to 72 hours. */
export function inSaleRush(at: Date): boolean {
  return at >= new Date('2026-11-10T20:00:00+08:00') && at < new Date('2026-11-13T00:00:00+08:00');
}

// Relative traffic by Beijing hour of day: a lunch peak and a larger evening peak.
const hourWeights = [
  1.0, 0.5, 0.2, 0.1, 0.1, 0.1, 0.3, 0.8, 1.2, 1.2, 1.3, 1.5, 2.2, 1.8, 1.2, 1.2, 1.2, 1.4, 1.6, 2.0, 2.6, 3.0, 2.8, 1.8,
];
const hours = hourWeights.map((_, hour) => hour);

/** Relative traffic of the Beijing day starting at `midnight`: weekends and the 11.11 sale draw more shoppers. */
export function dayWeight(midnight: Date): number {
  const key = beijingDateKey(midnight);
  if (key === '20261111') return 3.5;
  if (key >= '20261101' && key <= '20261110') return 1.5;
  if (key === '20261112') return 1.3;
  const weekday = new Date(midnight.getTime() + BEIJING_OFFSET_MS).getUTCDay();
  return weekday === 0 || weekday === 6 ? 1.25 : 1;
}

/** Samples a session start in [from, to), following the day and hour traffic weights. */
export function sampleSessionStart(sampler: Sampler, from: Date, to: Date): Date {
  const days: Date[] = [];
  for (let day = beijingMidnight(from); day < to; day = addMs(day, DAY_MS)) days.push(day);

  for (let attempt = 0; attempt < 20; attempt++) {
    const day = sampler.weighted(days, dayWeight);
    const hour = sampler.weighted(hours, (h) => hourWeights[h] ?? 0);
    const start = addMs(day, hour * HOUR_MS + sampler.int(0, 3599) * 1000);
    if (start >= from && start < to) return start;
  }
  // Only a window shorter than a few hours gets here: fall back to a uniform draw.
  return addMs(from, Math.floor(sampler.uniform() * (to.getTime() - from.getTime())));
}
