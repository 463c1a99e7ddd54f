import { ShopmindError } from '../core/errors.js';

/** One field a kind reads, with the column names that fill it without a mapping. */
export interface FieldSpec {
  name: string;
  required: boolean;
  /** Other column names read as this field, e.g. `id` for orders' `order_id` in JSONL. */
  aliases?: readonly string[];
  /** Column names common in Chinese shop exports, offered as `--map` examples but never applied silently. */
  hints?: readonly string[];
}

/** `categoryPath`, `Category Path` and `category-path` all become `category_path`. */
export function normalizeColumnName(name: string): string {
  return name
    .replace(/^\uFEFF/, '')
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

/**
 * Checks a field-to-column mapping against the kind's fields and returns it
 * with trimmed names. Unknown target fields raise INVALID_REQUEST listing
 * the valid ones.
 */
export function validateMapping(kind: string, fields: readonly FieldSpec[], mapping: Record<string, string> = {}): Map<string, string> {
  const known = new Set(fields.map((field) => field.name));
  const valid = fields.map((field) => field.name).join(', ');
  const out = new Map<string, string>();
  for (const [target, source] of Object.entries(mapping)) {
    const field = target.trim();
    if (!known.has(field)) {
      throw new ShopmindError(
        'INVALID_REQUEST',
        {
          zh: `映射 ${target}=${source} 中的 "${target}" 不是 ${kind} 的字段；可用字段：${valid}`,
          en: `"${target}" in the mapping ${target}=${source} is not a ${kind} field; valid fields: ${valid}`,
        },
        { field: target, validFields: fields.map((f) => f.name) },
      );
    }
    if (typeof source !== 'string' || source.trim() === '') {
      throw new ShopmindError(
        'INVALID_REQUEST',
        {
          zh: `映射 ${target}= 缺少列名；请写成 ${target}=<文件中的列名>`,
          en: `The mapping ${target}= has no column name; write it as ${target}=<column in the file>`,
        },
        { field: target },
      );
    }
    out.set(field, source.trim());
  }
  return out;
}

function mapFlagExample(field: FieldSpec, found: readonly string[]): string {
  const hinted = found.find((column) => field.hints?.includes(column.trim()));
  return `--map ${field.name}=${hinted?.trim() ?? '<列名 column>'}`;
}

/** Builds the one error for absent required columns, naming the columns found and the `--map` fix. */
export function missingColumnsError(kind: string, missing: readonly FieldSpec[], found: readonly string[], mapping: Map<string, string>): ShopmindError {
  const names = missing.map((field) => (mapping.has(field.name) ? `${field.name}（→ ${mapping.get(field.name)}）` : field.name));
  const namesEn = missing.map((field) => (mapping.has(field.name) ? `${field.name} (→ ${mapping.get(field.name)})` : field.name));
  const columns = found.length > 0 ? found.join(', ') : '（无 none）';
  const fixes = missing.map((field) => mapFlagExample(field, found)).join(' ');
  return new ShopmindError(
    'INVALID_FILE',
    {
      zh: `${kind} 文件缺少必需的列：${names.join('、')}。文件中的列：${columns}。如果这些数据在别的列里，请用 ${fixes} 指定（HTTP 用 ?map=字段=列名），或用 --mapping 映射文件`,
      en: `The ${kind} file has no required column ${namesEn.join(', ')}. Columns found: ${columns}. If the data is in another column, name it with ${fixes} (over HTTP: ?map=field=column), or use a --mapping file`,
    },
    { missingColumns: missing.map((field) => field.name), foundColumns: [...found], mapping: Object.fromEntries(mapping) },
  );
}

/** Lookup of the field a source column fills, shared by the CSV header and JSONL key layouts. */
class ColumnMatcher {
  private readonly byExact = new Map<string, string>();
  private readonly byNormalized = new Map<string, string>();

  constructor(fields: readonly FieldSpec[], mapping: Map<string, string>) {
    for (const [field, source] of mapping) {
      this.byExact.set(source, field);
      this.byNormalized.set(normalizeColumnName(source), field);
    }
    for (const field of fields) {
      if (mapping.has(field.name)) continue;
      for (const name of [field.name, ...(field.aliases ?? [])]) {
        const key = normalizeColumnName(name);
        if (!this.byNormalized.has(key)) this.byNormalized.set(key, field.name);
      }
    }
  }

  fieldOf(column: string): string | undefined {
    return this.byExact.get(column.trim()) ?? this.byNormalized.get(normalizeColumnName(column));
  }
}

/** Field positions in a CSV/TSV header. */
export class HeaderLayout {
  readonly ignoredColumns: string[] = [];
  private readonly positions = new Map<string, number>();

  private constructor(readonly header: readonly string[]) {}

  /** Matches the header against the fields; raises INVALID_FILE for missing required or doubled columns. */
  static resolve(kind: string, fields: readonly FieldSpec[], header: readonly string[], mapping: Map<string, string>): HeaderLayout {
    const cleaned = header.map((column) => column.replace(/^\uFEFF/, '').trim());
    const layout = new HeaderLayout(cleaned);
    const matcher = new ColumnMatcher(fields, mapping);
    cleaned.forEach((column, index) => {
      const field = matcher.fieldOf(column);
      if (!field) {
        if (column !== '') layout.ignoredColumns.push(column);
        return;
      }
      const earlier = layout.positions.get(field);
      if (earlier !== undefined) throw doubledColumnError(kind, field, cleaned[earlier]!, column);
      layout.positions.set(field, index);
    });
    const missing = fields.filter((field) => field.required && !layout.positions.has(field.name));
    if (missing.length > 0) throw missingColumnsError(kind, missing, cleaned, mapping);
    return layout;
  }

  get width(): number {
    return this.header.length;
  }

  has(field: string): boolean {
    return this.positions.has(field);
  }

  valuesOf(cells: readonly string[]): Map<string, unknown> {
    const values = new Map<string, unknown>();
    for (const [field, index] of this.positions) values.set(field, cells[index]);
    return values;
  }

  columnOf(field: string): string {
    const index = this.positions.get(field);
    return index === undefined ? field : (this.header[index] ?? field);
  }

  /** Finds the field the column at `index` fills, or undefined for an ignored or missing column. */
  fieldAt(index: number): string | undefined {
    for (const [field, position] of this.positions) if (position === index) return field;
    return undefined;
  }
}

function doubledColumnError(kind: string, field: string, first: string, second: string): ShopmindError {
  return new ShopmindError(
    'INVALID_FILE',
    {
      zh: `${kind} 文件中列 "${first}" 和 "${second}" 都对应字段 ${field}；请删除或改名其中一列，或用 --map ${field}=<列名> 指定用哪一列`,
      en: `Columns "${first}" and "${second}" of the ${kind} file both fill the field ${field}; remove or rename one, or pick one with --map ${field}=<column>`,
    },
    { field, columns: [first, second] },
  );
}

/** Field names for the keys of JSONL objects, which may differ from line to line. */
export class KeyLayout {
  private readonly matcher: ColumnMatcher;
  private readonly ignored = new Set<string>();

  constructor(
    private readonly kind: string,
    private readonly fields: readonly FieldSpec[],
    private readonly mapping: Map<string, string>,
  ) {
    this.matcher = new ColumnMatcher(fields, mapping);
  }

  get ignoredColumns(): string[] {
    return [...this.ignored];
  }

  /** Raises the missing-column error when the first object lacks a required field, as a CSV header would. */
  checkFirst(object: Record<string, unknown>): void {
    const present = new Set(Object.keys(object).map((key) => this.matcher.fieldOf(key)));
    const missing = this.fields.filter((field) => field.required && !present.has(field.name));
    if (missing.length > 0) throw missingColumnsError(this.kind, missing, Object.keys(object), this.mapping);
  }

  /** Maps the object's values to fields and records the key each came from. */
  valuesOf(object: Record<string, unknown>): { values: Map<string, unknown>; columns: Map<string, string> } {
    const values = new Map<string, unknown>();
    const columns = new Map<string, string>();
    for (const [key, value] of Object.entries(object)) {
      const field = this.matcher.fieldOf(key);
      if (!field) {
        if (this.ignored.size < 100) this.ignored.add(key);
        continue;
      }
      if (values.has(field) && value === undefined) continue;
      values.set(field, value);
      columns.set(field, key);
    }
    return { values, columns };
  }
}
