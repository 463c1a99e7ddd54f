/** Maximum length of one CSV/TSV record or JSONL line, in characters. It bounds the memory one row can take. */
export const maxRecordChars = 4_000_000;

/** Characters of an over-long row kept for its rejects-file entry. */
export const keptRawChars = 1_000;

/** A record longer than `maxRecordChars`, of which only the start was kept. */
export interface OversizedRecord {
  /** The first `keptRawChars` characters of the record. */
  rawStart: string;
  chars: number;
  /** 0-based position of the record's longest field, or null when fields are unknown (JSONL). */
  longestColumn: number | null;
  longestColumnChars: number;
  /** True when the input ended inside a quoted field, so a quote was never closed. */
  quoteOpen: boolean;
}

// The decoder rejects NUL bytes in every encoding except UTF-16, so only a
// UTF-16 file that contains this exact text could have a cell like it.
const placeholderMarker = '\u0000shopmind:oversized-record';

type QuoteState = 'fieldStart' | 'unquoted' | 'quoted' | 'quoteInQuoted';

const newline = 10;
const quote = 34;

/**
 * Passes delimited text on record by record and replaces each record longer
 * than `maxRecordChars` with a one-cell placeholder that spans the same
 * number of lines, so line numbers stay right. The details of replaced
 * records wait in `takeOversized()` in file order.
 *
 * csv-parse 7 cannot do this itself: with `skip_records_with_error`, its
 * `max_record_size` check reports every further character of a long record
 * and drops the rest of the chunk, including the valid rows after it. The
 * guard therefore follows csv-parse's quote rules with `relax_quotes`: a
 * quote opens a quoted field only at the field's start, `""` inside one is
 * a quote, and any other quote ends it.
 */
export class RecordLengthGuard {
  private readonly oversized: OversizedRecord[] = [];
  private readonly delimiter: number;
  private state: QuoteState = 'fieldStart';
  private pending: string[] = [];
  private recordChars = 0;
  private newlinesInside = 0;
  private column = 0;
  private columnChars = 0;
  private longestColumn = 0;
  private longestColumnChars = 0;
  private overflowStart: string | undefined;

  constructor(delimiter: string) {
    this.delimiter = delimiter.charCodeAt(0);
  }

  /** Reports whether a parsed record is the placeholder of an over-long one. */
  static isPlaceholder(cells: readonly string[]): boolean {
    return cells.length === 1 && cells[0]!.startsWith(placeholderMarker);
  }

  /** Takes the details of the next replaced record, in file order. */
  takeOversized(): OversizedRecord | undefined {
    return this.oversized.shift();
  }

  async *guard(text: AsyncIterable<string>): AsyncGenerator<string> {
    for await (const chunk of text) {
      const out = this.scan(chunk);
      if (out) yield out;
    }
    const tail = this.finish();
    if (tail) yield tail;
  }

  private scan(chunk: string): string {
    const out: string[] = [];
    let recordStart = 0;
    let passedUpTo = 0;
    for (let i = 0; i < chunk.length; i++) {
      const code = chunk.charCodeAt(i);
      if (code !== newline || this.state === 'quoted') {
        this.step(code);
        continue;
      }
      const whole = this.pending.length === 0 && this.overflowStart === undefined && i + 1 - recordStart <= maxRecordChars;
      if (whole) {
        // The common case: a short record inside this chunk goes out with its neighbours in one slice.
        this.reset();
      } else {
        out.push(chunk.slice(passedUpTo, recordStart), this.endRecord(chunk.slice(recordStart, i + 1), true));
        passedUpTo = i + 1;
      }
      recordStart = i + 1;
    }
    out.push(chunk.slice(passedUpTo, recordStart));
    this.keep(chunk.slice(recordStart));
    return out.join('');
  }

  /** Advances the quote state by one character that is not a record end. */
  private step(code: number): void {
    if (code === newline) this.newlinesInside += 1;
    if (this.state === 'quoted') {
      if (code === quote) this.state = 'quoteInQuoted';
      else this.columnChars += 1;
      return;
    }
    if (code === this.delimiter) {
      this.nextColumn();
      return;
    }
    if (this.state === 'fieldStart' && code === quote) {
      this.state = 'quoted';
      return;
    }
    // A quote inside a quoted field followed by a second quote is an escaped
    // quote. Followed by anything else, it ends the quoted part and the field goes on.
    this.state = this.state === 'quoteInQuoted' && code === quote ? 'quoted' : 'unquoted';
    this.columnChars += 1;
  }

  private nextColumn(): void {
    this.noteColumn();
    this.column += 1;
    this.columnChars = 0;
    this.state = 'fieldStart';
  }

  private noteColumn(): void {
    if (this.columnChars > this.longestColumnChars) {
      this.longestColumn = this.column;
      this.longestColumnChars = this.columnChars;
    }
  }

  /** Holds the unfinished part of a record, or only its start once it is too long. */
  private keep(piece: string): void {
    if (piece === '') return;
    this.recordChars += piece.length;
    if (this.overflowStart !== undefined) return;
    this.pending.push(piece);
    if (this.recordChars <= maxRecordChars) return;
    this.overflowStart = this.pending.join('').slice(0, keptRawChars);
    this.pending = [];
  }

  /** Ends a record and returns the text to pass on, which is the record itself or its placeholder. */
  private endRecord(lastPiece: string, terminated: boolean): string {
    this.keep(lastPiece);
    this.noteColumn();
    let out: string;
    if (this.overflowStart === undefined) {
      out = this.pending.join('');
    } else {
      this.oversized.push({
        rawStart: this.overflowStart,
        chars: this.recordChars - (terminated ? 1 : 0),
        longestColumn: this.longestColumn,
        longestColumnChars: this.longestColumnChars,
        quoteOpen: !terminated && this.state === 'quoted',
      });
      out = `"${placeholderMarker}${'\n'.repeat(this.newlinesInside)}"${terminated ? '\n' : ''}`;
    }
    this.reset();
    return out;
  }

  private finish(): string {
    if (this.recordChars === 0) return '';
    return this.endRecord('', false);
  }

  private reset(): void {
    this.state = 'fieldStart';
    this.pending = [];
    this.recordChars = 0;
    this.newlinesInside = 0;
    this.column = 0;
    this.columnChars = 0;
    this.longestColumn = 0;
    this.longestColumnChars = 0;
    this.overflowStart = undefined;
  }
}
