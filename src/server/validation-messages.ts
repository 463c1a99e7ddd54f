/**
 * Turns schema-validation issues into field-by-field problems in Chinese and
 * English. A union (e.g. one event or `{ events: [...] }`) is reported
 * through the branch with the fewest issues, which is the shape the caller
 * most likely meant.
 */
export interface ValidationProblem {
  field: string;
  zh: string;
  en: string;
}

interface IssueLike {
  code?: string;
  path?: PropertyKey[];
  message?: string;
  expected?: unknown;
  minimum?: unknown;
  maximum?: unknown;
  origin?: unknown;
  values?: unknown[];
  format?: unknown;
  keys?: unknown[];
  errors?: IssueLike[][];
}

function chineseReason(issue: IssueLike): string {
  const isText = issue.origin === 'string';
  const isList = issue.origin === 'array';
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'undefined') return '不应提供';
      if (isMissing(issue)) return `缺少这个字段（${typeName(issue.expected)}）`;
      return `类型不对，应为${typeName(issue.expected)}`;
    case 'too_small':
      if (isText) return `长度不能少于 ${String(issue.minimum)}`;
      if (isList) return `至少需要 ${String(issue.minimum)} 项`;
      return `不能小于 ${String(issue.minimum)}`;
    case 'too_big':
      if (isText) return `长度不能超过 ${String(issue.maximum)}`;
      if (isList) return `最多 ${String(issue.maximum)} 项`;
      return `不能大于 ${String(issue.maximum)}`;
    case 'invalid_value':
      return `可选值：${(issue.values ?? []).map(String).join('、')}`;
    case 'invalid_format':
      return issue.format === 'regex' ? '格式不对，只能用字母、数字、下划线和连字符（见接口文档 /docs）' : `格式不对，应为 ${String(issue.format)}`;
    case 'unrecognized_keys':
      return `不认识的字段：${(issue.keys ?? []).map(String).join('、')}`;
    default:
      return `无效（${issue.message ?? issue.code ?? 'invalid'}）`;
  }
}

const chineseTypeNames: Record<string, string> = { string: '字符串', number: '数字', boolean: '布尔值', object: '对象', array: '数组', integer: '整数' };

function typeName(expected: unknown): string {
  return chineseTypeNames[String(expected)] ?? String(expected);
}

/** True when the validator saw no value at all (zod reports it as a type mismatch with "received undefined"). */
function isMissing(issue: IssueLike): boolean {
  return /received undefined/i.test(issue.message ?? '');
}

function englishReason(issue: IssueLike): string {
  if (issue.code === 'invalid_type' && issue.expected !== 'undefined' && isMissing(issue)) return `missing (expected ${String(issue.expected)})`;
  if (issue.code === 'invalid_format' && issue.format === 'regex') return 'invalid format: use letters, digits, underscores and hyphens only (see /docs)';
  return issue.message ?? issue.code ?? 'invalid';
}

function flatten(issue: IssueLike, prefix: PropertyKey[]): IssueLike[] {
  const path = [...prefix, ...(issue.path ?? [])];
  if (issue.code === 'invalid_union' && issue.errors && issue.errors.length > 0) {
    const closest = [...issue.errors].sort((a, b) => a.length - b.length)[0]!;
    if (closest.length > 0) return closest.flatMap((inner) => flatten(inner, path));
  }
  return [{ ...issue, path }];
}

/** `context` is the part of the request (body, querystring, params); `path` and `issue` come from the validator. */
export function describeValidationIssue(context: string, path: PropertyKey[], issue: IssueLike): ValidationProblem[] {
  return flatten({ ...issue, path: [] }, path).map((flat) => {
    const field = [context, ...(flat.path ?? []).map(String)].join('.');
    return { field, zh: `${field}：${chineseReason(flat)}`, en: `${field}: ${englishReason(flat)}` };
  });
}
