import { invalidRequest } from '../core/errors.js';
import { ApiEncoder } from '../embedding/api-encoder.js';
import type { Encoder } from '../embedding/encoder.js';
import { LocalModelEncoder } from '../embedding/local-model-encoder.js';
import type { AssistantEvaluationOptions } from './assistant-eval.js';

/** Creates the sentence encoder the options name; undefined means lexical signals only. */
export async function evaluationEncoder(options: AssistantEvaluationOptions): Promise<Encoder | undefined> {
  if (options.encoderDir && options.embedding) {
    throw invalidRequest(
      '--encoder-dir 和 --embedding-model 只能用一个',
      'use only one of --encoder-dir and --embedding-model',
    );
  }
  if (options.encoderDir) return LocalModelEncoder.load(options.encoderDir);
  if (!options.embedding) return undefined;
  const encoder = new ApiEncoder({ provider: options.embedding });
  // One probe request, so a wrong URL, key or model fails here with the provider's own error.
  await encoder.encode(['测试']);
  return encoder;
}
