import type { Logger } from '../../core/logger.js';
import type { Encoder } from '../../embedding/encoder.js';
import { EncoderRetrieverBuilder } from '../retrieval/encoder-retriever.js';
import { createKnowledgeRetriever } from '../retrieval/knowledge-retriever.js';
import type { KnowledgeDocument, KnowledgeRetriever } from '../retrieval/types.js';

/** Builds a retriever over one version of a shop's knowledge documents. */
export type RetrieverFactory = (documents: readonly KnowledgeDocument[]) => KnowledgeRetriever | Promise<KnowledgeRetriever>;

export const defaultRetrieverFactory: RetrieverFactory = (documents) => createKnowledgeRetriever(documents);

/**
 * Retrievers that add a sentence encoder (a local model or an embeddings
 * API). The encoder is created, and the matcher weights fitted, when the
 * first retriever is built. When the encoder fails (a model that does not
 * load, an API that is down), the knowledge base falls back to lexical
 * retrieval and logs the error, so shoppers still get answers.
 */
export function encoderRetrieverFactory(createEncoder: () => Promise<Encoder>, logger?: Logger): RetrieverFactory {
  let builder: Promise<EncoderRetrieverBuilder> | undefined;
  return async (documents) => {
    builder ??= createEncoder().then((encoder) => {
      logger?.info({ encoder: encoder.name }, 'assistant retrieval uses a sentence encoder');
      return new EncoderRetrieverBuilder(encoder, logger ? { logger } : {});
    });
    try {
      return await (await builder).build(documents);
    } catch (error) {
      // The next knowledge-base version tries the encoder again, e.g. after the operator fixed it.
      builder = undefined;
      logger?.error({ err: error, documents: documents.length }, 'sentence encoder failed; knowledge retrieval falls back to lexical signals');
      return createKnowledgeRetriever(documents);
    }
  };
}
