import type { KnowledgeDocument } from '../retrieval/types.js';

export interface ChunkOptions {
  /** Longest chunk text in characters before a section is split at paragraphs. Default 600. */
  maxChars?: number;
}

interface Section {
  headings: string[];
  lines: string[];
}

const headingPattern = /^(#{1,6})\s+(.+?)\s*#*\s*$/;

function splitSections(markdown: string): Section[] {
  const sections: Section[] = [];
  const path: string[] = [];
  let current: Section = { headings: [], lines: [] };
  let inFence = false;

  for (const line of markdown.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    const heading = inFence ? null : headingPattern.exec(line);
    if (!heading) {
      current.lines.push(line);
      continue;
    }
    sections.push(current);
    const level = heading[1]!.length;
    path.length = Math.min(path.length, level - 1);
    while (path.length < level - 1) path.push('');
    path.push(heading[2]!.trim());
    current = { headings: path.filter((h) => h !== ''), lines: [] };
  }
  sections.push(current);
  return sections;
}

function splitLong(text: string, maxChars: number): string[] {
  if (text.length <= maxChars) return [text];
  const pieces: string[] = [];
  let buffer = '';
  for (const paragraph of text.split(/\n{2,}/)) {
    if (buffer && buffer.length + paragraph.length + 2 > maxChars) {
      pieces.push(buffer);
      buffer = '';
    }
    buffer = buffer ? `${buffer}\n\n${paragraph}` : paragraph;
  }
  if (buffer) pieces.push(buffer);
  return pieces;
}

/**
 * Splits a Markdown policy document into retrieval chunks, one per section,
 * each titled with its heading path ("退换货政策 > 7天无理由退货") so a chunk
 * read alone still says what it is about. Sections longer than `maxChars`
 * are split at blank lines; every piece keeps the same heading path.
 * Chunk ids are `<documentId>#<n>`, numbered from 1 in document order.
 */
export function chunkPolicyDocument(
  documentId: string,
  documentTitle: string,
  markdown: string,
  version: number,
  options: ChunkOptions = {},
): KnowledgeDocument[] {
  const maxChars = options.maxChars ?? 600;
  const chunks: KnowledgeDocument[] = [];
  for (const section of splitSections(markdown)) {
    const text = section.lines.join('\n').trim();
    if (text === '') continue;
    const headings = section.headings.length > 0 ? section.headings : [documentTitle];
    const title = headings.join(' > ');
    for (const piece of splitLong(text, maxChars)) {
      chunks.push({ id: `${documentId}#${chunks.length + 1}`, kind: 'policy', title, text: piece, version });
    }
  }
  return chunks;
}

/** The first level-one heading of a Markdown document, or undefined. */
export function markdownTitle(markdown: string): string | undefined {
  const match = /^#\s+(.+?)\s*#*\s*$/m.exec(markdown.replace(/^\uFEFF/, ''));
  return match?.[1]?.trim();
}
