import type { KbEntry } from '../../store/assistant-repositories.js';
import type { KnowledgeDocument } from '../retrieval/types.js';
import { chunkPolicyDocument } from './policy-chunker.js';

/** Turns stored entries into retrieval documents: one per FAQ pair, one per policy section. */
export function toKnowledgeDocuments(entries: readonly KbEntry[]): KnowledgeDocument[] {
  const documents: KnowledgeDocument[] = [];
  for (const entry of entries) {
    if (entry.kind === 'faq') {
      documents.push({
        id: entry.id,
        kind: 'faq',
        title: entry.title,
        alternatives: entry.alternatives,
        text: entry.body,
        ...(entry.category ? { category: entry.category } : {}),
        version: entry.version,
      });
      continue;
    }
    const chunks = chunkPolicyDocument(entry.id, entry.title, entry.body, entry.version);
    for (const chunk of chunks) documents.push(entry.category ? { ...chunk, category: entry.category } : chunk);
  }
  return documents;
}
