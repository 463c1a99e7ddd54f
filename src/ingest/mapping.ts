import { readFileSync } from 'node:fs';
import { ShopmindError } from '../core/errors.js';

/** Reads `--map field=column` values; the column name may itself contain `=`. */
export function parseMappingFlags(flags: readonly string[]): Record<string, string> {
  const mapping: Record<string, string> = {};
  for (const flag of flags) {
    const separator = flag.indexOf('=');
    if (separator <= 0 || separator === flag.length - 1) {
      throw new ShopmindError(
        'INVALID_REQUEST',
        {
          zh: `映射 "${flag}" 格式不对；请写成 字段=列名，例如 --map title=商品名称`,
          en: `The mapping "${flag}" is malformed; write field=column, for example --map title=商品名称`,
        },
        { mapping: flag },
      );
    }
    mapping[flag.slice(0, separator).trim()] = flag.slice(separator + 1).trim();
  }
  return mapping;
}

/** Reads a mapping file: a JSON object of field to column, e.g. `{ "title": "商品名称" }`. */
export function parseMappingFile(file: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch {
    throw new ShopmindError('FILE_NOT_FOUND', { zh: `找不到映射文件：${file}`, en: `Mapping file not found: ${file}` }, { path: file });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ShopmindError(
      'INVALID_FILE',
      {
        zh: `映射文件 ${file} 不是有效的 JSON（${reason}）；请写成 {"title": "商品名称", "price": "售价"}`,
        en: `The mapping file ${file} is not valid JSON (${reason}); write it as {"title": "商品名称", "price": "售价"}`,
      },
      { path: file },
    );
  }
  const entries = value && typeof value === 'object' && !Array.isArray(value) ? Object.entries(value) : undefined;
  const bad = entries?.find(([, column]) => typeof column !== 'string');
  if (!entries || bad) {
    throw new ShopmindError(
      'INVALID_FILE',
      {
        zh: `映射文件 ${file} 应是 "字段": "列名" 形式的 JSON 对象${bad ? `，但 ${bad[0]} 的值不是文字` : ''}`,
        en: `The mapping file ${file} must be a JSON object of "field": "column"${bad ? `, but the value of ${bad[0]} is not text` : ''}`,
      },
      { path: file },
    );
  }
  return Object.fromEntries(entries) as Record<string, string>;
}
