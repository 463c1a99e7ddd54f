import { isShopmindError } from '../../core/errors.js';
import type { ChatClient, ChatResult } from '../../llm/index.js';
import { checkGrounding } from './grounding-check.js';
import { buildAnswerPrompt } from './llm-prompt.js';
import type { Source } from './sources.js';

export type LlmAnswer =
  | { status: 'accepted'; text: string; cited: number[]; call: ChatResult }
  /** The model answered, but the answer failed the grounding check. */
  | { status: 'rejected'; problems: string[]; call: ChatResult }
  /** The call itself failed (timeout, HTTP error, network, or the answer budget ran out). */
  | { status: 'failed'; errorCode: string; message: string; latencyMs: number };

/** Default limit for the whole model call behind one shopper answer, retries included. */
export const defaultAnswerBudgetMs = 20_000;

/**
 * Asks the model to write the answer from `sources` only, then checks it
 * (citations exist, numbers and policy terms appear in the sources). The
 * caller sends the rule-based draft instead unless the status is `accepted`.
 * With `stream`, the provider streams and the deltas are buffered: nothing
 * reaches the shopper before the check passes.
 */
export async function writeLlmAnswer(
  client: ChatClient,
  message: string,
  sources: readonly Source[],
  draft: string,
  options: { stream?: boolean; signal?: AbortSignal; budgetMs?: number } = {},
): Promise<LlmAnswer> {
  const request = { purpose: 'assistant.answer', messages: buildAnswerPrompt(message, sources, draft), temperature: 0.2, maxTokens: 400 };
  const budgetMs = options.budgetMs ?? defaultAnswerBudgetMs;
  // The budget caps retries and slow streams together, so a hanging provider delays a shopper by at most this much.
  const budget = AbortSignal.timeout(budgetMs);
  const signal = options.signal ? AbortSignal.any([options.signal, budget]) : budget;
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let call: ChatResult | undefined;
  try {
    if (options.stream) {
      for await (const event of client.stream(request, signal)) if (event.type === 'done') call = event.result;
    } else {
      call = await client.chat(request, signal);
    }
  } catch (error) {
    if (budget.aborted && !options.signal?.aborted) {
      return { status: 'failed', errorCode: 'LLM_TIMEOUT', message: `no checked answer within the ${budgetMs} ms answer budget`, latencyMs: elapsed() };
    }
    if (!isShopmindError(error)) throw error;
    return { status: 'failed', errorCode: error.code, message: error.messageEn, latencyMs: elapsed() };
  }
  if (!call) return { status: 'failed', errorCode: 'LLM_REQUEST_FAILED', message: 'stream ended without a result', latencyMs: elapsed() };

  const text = call.text.trim();
  const grounding = checkGrounding(text, sources, { draft });
  if (!grounding.ok) return { status: 'rejected', problems: grounding.problems, call };
  return { status: 'accepted', text, cited: grounding.cited, call };
}
