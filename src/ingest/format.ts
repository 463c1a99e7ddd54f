import path from 'node:path';
import { ShopmindError } from '../core/errors.js';
import { type FileFormat, fileFormats } from './types.js';

const formatByExtension: Record<string, FileFormat> = {
  '.csv': 'csv',
  '.tsv': 'tsv',
  '.tab': 'tsv',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
};

const formatByContentType: Record<string, FileFormat> = {
  'text/csv': 'csv',
  'application/csv': 'csv',
  'text/tab-separated-values': 'tsv',
  'application/x-ndjson': 'jsonl',
  'application/jsonl': 'jsonl',
  'application/json-lines': 'jsonl',
};

/** Reads a `--format` value. */
export function parseFormat(name: string): FileFormat {
  const format = name.trim().toLowerCase();
  if (format === 'ndjson') return 'jsonl';
  if ((fileFormats as readonly string[]).includes(format)) return format as FileFormat;
  throw new ShopmindError(
    'UNSUPPORTED_FORMAT',
    {
      zh: `不支持的格式 "${name}"；可选：csv、tsv、jsonl`,
      en: `Unsupported format "${name}"; choose csv, tsv or jsonl`,
    },
    { format: name },
  );
}

/** Maps a file extension to its format; other extensions (.txt, .json, none) give undefined. */
export function formatFromFileName(fileName: string): FileFormat | undefined {
  return formatByExtension[path.extname(fileName).toLowerCase()];
}

/** Maps an HTTP Content-Type to its format; types that name none (application/octet-stream) give undefined. */
export function formatFromContentType(contentType: string | undefined): FileFormat | undefined {
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  return mediaType ? formatByContentType[mediaType] : undefined;
}

/** Guesses the format from the first text: `{` starts JSONL, a tab in the first line means TSV, else CSV. */
export function sniffFormat(firstText: string): FileFormat {
  const start = firstText.trimStart();
  if (start.startsWith('{') || start.startsWith('[')) return 'jsonl';
  const firstLine = start.split('\n', 1)[0] ?? '';
  return firstLine.includes('\t') ? 'tsv' : 'csv';
}
