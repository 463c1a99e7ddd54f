import { once } from 'node:events';
import { closeSync, createWriteStream, openSync, readSync, rmSync, type WriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { ShopmindError } from '../core/errors.js';
import { render } from '../core/messages.js';
import type { RejectedRow } from './types.js';

const headerLine = '\uFEFFline,reason,raw\n';

function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * Writes rejected rows as CSV (`line,reason,raw`) in UTF-8 with a BOM, so
 * Excel opens the Chinese text correctly. The file is created at the first
 * rejected row. A run without rejected rows removes a stale rejects file
 * left at the same path by an earlier run, so the file never describes an
 * older import. Only a file that starts with this header is removed.
 */
export class RejectsFile {
  private stream: WriteStream | undefined;
  private written = 0;
  private failure: unknown;

  constructor(readonly path: string) {}

  get count(): number {
    return this.written;
  }

  async write(row: RejectedRow, raw: string): Promise<void> {
    if (this.failure) throw rejectsFileError(this.path, this.failure);
    const stream = this.stream ?? this.open();
    const reason = render(row.message, 'both');
    const ready = stream.write(`${row.line},${csvCell(reason)},${csvCell(raw)}\n`);
    this.written += 1;
    if (!ready) await once(stream, 'drain');
  }

  /** Closes the file; returns its path, or null when no row was written. */
  async close(): Promise<string | null> {
    if (!this.stream) {
      if (this.isStaleRejectsFile()) rmSync(this.path, { force: true });
      return null;
    }
    this.stream.end();
    try {
      await finished(this.stream);
    } catch (error) {
      throw rejectsFileError(this.path, error);
    }
    return this.path;
  }

  private isStaleRejectsFile(): boolean {
    const expected = Buffer.from(headerLine, 'utf8');
    const head = Buffer.alloc(expected.length);
    try {
      const fd = openSync(this.path, 'r');
      try {
        readSync(fd, head, 0, head.length, 0);
      } finally {
        closeSync(fd);
      }
    } catch {
      return false;
    }
    return head.equals(expected);
  }

  private open(): WriteStream {
    let fd: number;
    try {
      // Opened synchronously so a wrong path fails here, at the first rejected row.
      fd = openSync(this.path, 'w');
    } catch (error) {
      throw rejectsFileError(this.path, error);
    }
    const stream = createWriteStream('', { fd, encoding: 'utf8' });
    stream.on('error', (error) => {
      this.failure = error;
    });
    stream.write(headerLine);
    this.stream = stream;
    return stream;
  }
}

/** Builds the error for a rejects file that cannot be written, naming its path and the fix. */
export function rejectsFileError(path: string, cause: unknown): ShopmindError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new ShopmindError(
    'INVALID_REQUEST',
    {
      zh: `无法写入拒收行文件 ${path}（${reason}）；请用 --rejects 指定一个可写的路径`,
      en: `Could not write the rejects file ${path} (${reason}); name a writable path with --rejects`,
    },
    { path },
    { cause },
  );
}
