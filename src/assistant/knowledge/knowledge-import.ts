import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ShopmindError } from '../../core/errors.js';
import type { KbEntryInput } from '../../store/assistant-repositories.js';
import { type FaqRowError, parseFaqText } from './faq-file.js';
import { markdownTitle } from './policy-chunker.js';

export interface KnowledgeFileBatch {
  entries: KbEntryInput[];
  errors: (FaqRowError & { file: string })[];
  files: string[];
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new ShopmindError('FILE_NOT_FOUND', { zh: `找不到文件：${file}`, en: `File not found: ${file}` }, { file });
  }
}

/** A policy document entry from one Markdown file; its id is `policy:<file name without .md>`. */
export function policyEntryFromMarkdown(file: string, markdown: string): KbEntryInput {
  const slug = path.basename(file).replace(/\.md$/i, '');
  return {
    id: `policy:${slug}`,
    kind: 'policy',
    title: markdownTitle(markdown) ?? slug,
    body: markdown,
    source: path.basename(file),
  };
}

function readOne(file: string, batch: KnowledgeFileBatch): void {
  const extension = path.extname(file).toLowerCase();
  if (extension === '.md' || extension === '.markdown') {
    batch.entries.push(policyEntryFromMarkdown(file, readText(file)));
  } else if (extension === '.csv' || extension === '.jsonl') {
    const result = parseFaqText(readText(file), extension === '.csv' ? 'csv' : 'jsonl', path.basename(file));
    batch.entries.push(...result.entries);
    batch.errors.push(...result.errors.map((e) => ({ ...e, file })));
  } else {
    throw new ShopmindError(
      'UNSUPPORTED_FORMAT',
      {
        zh: `不支持的知识库文件 ${file}：FAQ 请用 .csv 或 .jsonl，政策文档请用 .md`,
        en: `Unsupported knowledge file ${file}: use .csv or .jsonl for FAQ pairs and .md for policy documents`,
      },
      { file },
    );
  }
  batch.files.push(file);
}

/**
 * Reads knowledge-base entries from a FAQ file (.csv, .jsonl), a Markdown
 * policy document, or a folder of them (not recursive; other files are skipped).
 */
export function readKnowledgeFiles(target: string): KnowledgeFileBatch {
  let isFolder: boolean;
  try {
    isFolder = statSync(target).isDirectory();
  } catch {
    throw new ShopmindError('FILE_NOT_FOUND', { zh: `找不到路径：${target}`, en: `Path not found: ${target}` }, { path: target });
  }
  const batch: KnowledgeFileBatch = { entries: [], errors: [], files: [] };
  if (!isFolder) {
    readOne(target, batch);
    return batch;
  }
  const names = readdirSync(target)
    .filter((name) => /\.(md|markdown)$/i.test(name))
    .sort();
  for (const name of names) readOne(path.join(target, name), batch);
  if (batch.files.length === 0) {
    throw new ShopmindError(
      'INVALID_FILE',
      { zh: `文件夹 ${target} 里没有 .md 政策文档`, en: `Folder ${target} contains no .md policy documents` },
      { path: target },
    );
  }
  return batch;
}
