import { isAngry } from '../guardrails/sentiment.js';
import type { HandoffReason } from '../tools/handoff.js';
import type { TurnOutcome } from './turn-types.js';

/** Consecutive unanswered turns after which a human takes over. */
export const maxFailures = 2;
/**
 * An unanswerable message with at least this many letters and digits
 * describes a problem a human should read at once. Emoji, punctuation and
 * spaces are not counted, so a wall of emoji does not count as detailed.
 */
export const detailedMessageChars = 30;
/** Confidence below which an unresolved turn counts as not understood. */
export const lowConfidence = 0.3;

/**
 * Decides whether the turn ends in a hand-off, and why. A hand-off follows
 * when the turn requested one (the shopper asked, or a rule needs a human),
 * when the shopper is angry, after `maxFailures` unanswered turns in a row,
 * or when a long, detailed message could not be placed at all (low
 * confidence). Injection attempts get a refusal, never a hand-off. A trigger
 * in a conversation whose ticket is still open updates that ticket instead
 * of opening another (see `HandoffRepository.openOrUpdate`).
 */
export function handoffReason(outcome: TurnOutcome, message: string, failures: number): HandoffReason | undefined {
  if (outcome.intent === 'injection') return undefined;
  const angry = isAngry(message);
  // A request for a person made angrily ("太过分了！！！马上给我回电话") counts as angry, so the reply opens with the apology.
  if (outcome.handoff) return angry && outcome.handoff.reason === 'requested' ? 'angry' : outcome.handoff.reason;
  if (angry) return 'angry';
  if (!outcome.resolved && failures >= maxFailures) return 'repeated_failure';
  if (!outcome.resolved && outcome.confidence < lowConfidence && wordCharacters(message) >= detailedMessageChars) return 'low_confidence';
  return undefined;
}

function wordCharacters(message: string): number {
  return message.match(/[\p{L}\p{N}]/gu)?.length ?? 0;
}
