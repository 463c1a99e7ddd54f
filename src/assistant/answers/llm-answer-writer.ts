import { isShopmindError } from '../../core/errors.js';
import type { ChatClient, ChatResult } from '../../llm/index.js';
import { checkGrounding } from './grounding-check.js';
import { buildAnswerPrompt } from './llm-prompt.js';
import type { Source } from './sources.js';

export type LlmAnswer =
  | { status: 'accepted'; text: string; cited: number[]; call: ChatResult }
  /** The model answered, but the answer failed the grounding check. */
  | { status: 'rejected'; problems: string[]; call: ChatResult }
  /** The call itself failed (timeout, HTTP error, network). */
  | { status: 'failed'; errorCode: string; message: string };

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
  options: { stream?: boolean; signal?: AbortSignal } = {},
): Promise<LlmAnswer> {
  const request = { purpose: 'assistant.answer', messages: buildAnswerPrompt(message, sources, draft), temperature: 0.2, maxTokens: 400 };
  let call: ChatResult | undefined;
  try {
    if (options.stream) {
      for await (const event of client.stream(request, options.signal)) if (event.type === 'done') call = event.result;
    } else {
      call = await client.chat(request, options.signal);
    }
  } catch (error) {
    if (!isShopmindError(error)) throw error;
    return { status: 'failed', errorCode: error.code, message: error.messageEn };
  }
  if (!call) return { status: 'failed', errorCode: 'LLM_REQUEST_FAILED', message: 'stream ended without a result' };

  const text = call.text.trim();
  const grounding = checkGrounding(text, sources);
  if (!grounding.ok) return { status: 'rejected', problems: grounding.problems, call };
  return { status: 'accepted', text, cited: grounding.cited, call };
}
