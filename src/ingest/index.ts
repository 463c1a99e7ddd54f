/**
 * Import of a shop's data from CSV, TSV and JSONL files of products, users,
 * events and orders (UTF-8 with or without BOM, or GBK). Columns are mapped,
 * every row is validated, rejected rows go to a rejects file and records are
 * upserted, so imports can be repeated. Adapters load public datasets.
 */
export { normalizeColumnName, type FieldSpec } from './columns.js';
export { importDataset } from './datasets.js';
export { parseEncoding } from './encoding.js';
export { formatFromContentType, formatFromFileName, parseFormat } from './format.js';
export { fieldsOf } from './handlers.js';
export { importFile } from './import-file.js';
export { parseMappingFile, parseMappingFlags } from './mapping.js';
export * from './types.js';
