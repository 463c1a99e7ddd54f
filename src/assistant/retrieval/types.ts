/**
 * Contract between the knowledge base and retrieval. The retrieval module
 * builds a `KnowledgeRetriever` from these documents; the dialogue layer
 * only calls `search`.
 */
export interface KnowledgeDocument {
  /** Stable id, e.g. `faq:12` or `policy:returns#2`. */
  id: string;
  kind: 'faq' | 'policy';
  /** FAQ question, or the heading path of a policy chunk ("退换货政策 > 7天无理由退货"). */
  title: string;
  /** Other phrasings of an FAQ question. */
  alternatives?: string[];
  /** FAQ answer or policy chunk text. */
  text: string;
  category?: string;
  /** Knowledge-base version the document belongs to. */
  version: number;
}

export interface KnowledgeHit {
  document: KnowledgeDocument;
  /** Fused relevance in [0, 1]; comparable across queries, so thresholds work. */
  score: number;
  /** Which signals matched, for debugging and citations: 'bm25', 'encoder', 'question-match', 'exact-code'. */
  signals: string[];
}

/** Search over one knowledge-base version; retrievers that encode the query with a model return a promise. */
export interface KnowledgeRetriever {
  search(query: string, k?: number): KnowledgeHit[] | Promise<KnowledgeHit[]>;
}

/** A retriever that answers without waiting (lexical signals only). */
export interface SyncKnowledgeRetriever extends KnowledgeRetriever {
  search(query: string, k?: number): KnowledgeHit[];
}
