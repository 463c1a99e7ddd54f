import { rowMessage } from './field-reader.js';
import type { RejectsFile } from './rejects.js';
import type { DuplicateRow, ImportProgress, RejectedRow, RowIssue } from './types.js';

/** How many rejected and duplicate rows an `ImportResult` lists; the rejects file has them all. */
export const listedRowsLimit = 100;

const progressEveryRows = 1000;

/** Counters, listed rows and the rejects file of one import run. */
export class ImportTally {
  read = 0;
  rejected = 0;
  duplicates = 0;
  readonly rejectedRows: RejectedRow[] = [];
  readonly duplicateRows: DuplicateRow[] = [];
  private bytesRead = 0;

  constructor(
    private readonly rejectsFile: RejectsFile | null,
    private readonly totalBytes: number | null,
    private readonly onProgress?: (progress: ImportProgress) => void,
  ) {}

  /** Counts a data row; reports progress every thousand rows. */
  countRow(bytesRead: number): void {
    this.read += 1;
    this.bytesRead = bytesRead;
    if (this.read % progressEveryRows === 0) this.report();
  }

  async reject(line: number, raw: string, issues: RowIssue[]): Promise<void> {
    const row: RejectedRow = { line, message: rowMessage(line, issues), issues };
    this.rejected += 1;
    if (this.rejectedRows.length < listedRowsLimit) this.rejectedRows.push(row);
    await this.rejectsFile?.write(row, raw);
  }

  duplicate(row: DuplicateRow): void {
    this.duplicates += 1;
    if (this.duplicateRows.length < listedRowsLimit) this.duplicateRows.push(row);
  }

  report(bytesRead = this.bytesRead): void {
    this.bytesRead = bytesRead;
    this.onProgress?.({
      rowsRead: this.read,
      rejected: this.rejected,
      duplicates: this.duplicates,
      bytesRead: this.bytesRead,
      totalBytes: this.totalBytes,
    });
  }
}
