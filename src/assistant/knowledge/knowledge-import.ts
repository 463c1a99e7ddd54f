import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { isShopmindError, ShopmindError } from '../../core/errors.js';
import { TextDecoderStream } from '../../ingest/encoding.js';
import type { KbEntryInput } from '../../store/assistant-repositories.js';
import { type FaqRowError, parseFaqText } from './faq-file.js';
import { chunkPolicyDocument, markdownTitle } from './policy-chunker.js';

export interface KnowledgeFileBatch {
  entries: KbEntryInput[];
  errors: (FaqRowError & { file: string })[];
  files: string[];
}

const likelyEncodingNotes: Record<string, { zh: string; en: string }> = {
  big5: { zh: '看起来是 Big5（繁体中文）编码，', en: ' looks like Big5 (traditional Chinese) and' },
  shift_jis: { zh: '看起来是 Shift-JIS（日文）编码，', en: ' looks like Shift-JIS (Japanese) and' },
};

/** Restates a decoding error of the importer for a knowledge file, which has no `--encoding` option. */
function undecodableKnowledgeFile(file: string, error: ShopmindError): ShopmindError {
  // An Excel or zip file keeps the importer's message, which names no option.
  if (error.details?.signature !== undefined) return error;
  const guess = likelyEncodingNotes[String(error.details?.likelyEncoding)] ?? { zh: '', en: '' };
  return new ShopmindError(
    'INVALID_FILE',
    {
      zh: `知识库文件 ${file} ${guess.zh}不能按 UTF-8 或 GBK 正确读取，知识库没有改动；请把它另存为 UTF-8 后再导入`,
      en: `The knowledge file ${file}${guess.en} cannot be read correctly as UTF-8 or GBK, so the knowledge base was not changed; save it as UTF-8 and import it again`,
    },
    { file, ...error.details },
    { cause: error },
  );
}

/** Reads a text file in UTF-8 (with or without BOM) or GBK, detected as `shopmind import` does. */
function readText(file: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    throw new ShopmindError('FILE_NOT_FOUND', { zh: `找不到文件：${file}`, en: `File not found: ${file}` }, { file });
  }
  try {
    return TextDecoderStream.decodeAll(bytes).text;
  } catch (error) {
    if (isShopmindError(error) && error.code === 'INVALID_FILE') throw undecodableKnowledgeFile(file, error);
    throw error;
  }
}

/**
 * Builds the policy entry of one Markdown file, with the id `policy:<file
 * name without .md>`. A document without text outside its headings raises
 * INVALID_FILE, because it would give no retrieval chunk.
 */
export function policyEntryFromMarkdown(file: string, markdown: string): KbEntryInput {
  const slug = path.basename(file).replace(/\.md$/i, '');
  if (chunkPolicyDocument(`policy:${slug}`, slug, markdown, 0).length === 0) {
    throw new ShopmindError(
      'INVALID_FILE',
      {
        zh: `政策文档 ${file} 是空的（除标题外没有正文），知识库没有改动；请写入政策内容，或把它从文件夹中移走`,
        en: `The policy document ${file} is empty (no text besides headings), so the knowledge base was not changed; write the policy text or move the file out of the folder`,
      },
      { file, empty: true },
    );
  }
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

function noValidEntries(target: string, errors: KnowledgeFileBatch['errors']): ShopmindError {
  const shown = errors.slice(0, 3).map((e) => `${path.basename(e.file)} 第 ${e.line} 行 line ${e.line}: ${e.reason}`);
  return new ShopmindError(
    'INVALID_FILE',
    {
      zh: `${target} 中没有可导入的条目（${errors.length} 行被跳过：${shown.join('；')}），知识库没有改动；请修正这些行后重新导入`,
      en: `${target} has no entry that can be imported (${errors.length} rows skipped: ${shown.join('; ')}), so the knowledge base was not changed; fix those rows and import again`,
    },
    { path: target, errors: errors.slice(0, 100) },
  );
}

/**
 * Reads knowledge-base entries from a FAQ file (.csv, .jsonl), a Markdown
 * policy document, or a folder of them (not recursive; other files are
 * skipped). Raises INVALID_FILE, before anything is written, for an empty
 * file, a header-only FAQ file, an empty policy and a batch without one
 * valid entry.
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
    if (batch.entries.length === 0) throw noValidEntries(target, batch.errors);
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
