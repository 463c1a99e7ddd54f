import { createKnowledgeRetriever } from '../retrieval/knowledge-retriever.js';
import type { KnowledgeDocument, KnowledgeRetriever } from '../retrieval/types.js';

/** Builds a retriever over one version of a shop's knowledge documents. */
export type RetrieverFactory = (documents: readonly KnowledgeDocument[]) => KnowledgeRetriever;

export const defaultRetrieverFactory: RetrieverFactory = (documents) => createKnowledgeRetriever(documents);
