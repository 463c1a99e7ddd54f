import cliProgress from 'cli-progress';
import type { DatasetProgress, ImportProgress } from '../../ingest/index.js';

/** Seconds between progress lines when stderr is not a terminal (a log file, CI). */
const plainLineSeconds = 10;

/**
 * Shows import progress on stderr: a bar on a terminal, otherwise one line
 * every ten seconds, so stdout keeps only the summary (or `--json`).
 */
export class ImportProgressDisplay {
  private bar: cliProgress.SingleBar | undefined;
  private lastLineAt = Date.now();

  constructor(private readonly interactive = Boolean(process.stderr.isTTY)) {}

  update(progress: ImportProgress): void {
    const percent = progress.totalBytes ? Math.min(100, Math.floor((progress.bytesRead / progress.totalBytes) * 100)) : null;
    if (this.interactive) {
      this.bar ??= this.startBar();
      this.bar.update(percent ?? 0, { rows: progress.rowsRead, rejected: progress.rejected });
      return;
    }
    if (Date.now() - this.lastLineAt < plainLineSeconds * 1000) return;
    this.lastLineAt = Date.now();
    const share = percent === null ? '' : ` (${percent}%)`;
    process.stderr.write(`已读 ${progress.rowsRead} 行，拒收 ${progress.rejected} 行${share} / read ${progress.rowsRead} rows, rejected ${progress.rejected}${share}\n`);
  }

  updateDataset(progress: DatasetProgress): void {
    const percent = progress.total > 0 ? Math.floor((progress.done / progress.total) * 100) : 100;
    if (this.interactive) {
      this.bar ??= this.startBar();
      this.bar.update(percent, { rows: `${progress.stage} ${progress.done}/${progress.total}`, rejected: 0 });
      return;
    }
    if (progress.done < progress.total && Date.now() - this.lastLineAt < plainLineSeconds * 1000) return;
    this.lastLineAt = Date.now();
    process.stderr.write(`写入 writing ${progress.stage}: ${progress.done}/${progress.total}\n`);
  }

  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
  }

  private startBar(): cliProgress.SingleBar {
    const bar = new cliProgress.SingleBar(
      {
        format: '导入 importing |{bar}| {percentage}% | {rows} 行 rows | 拒收 rejected {rejected} | {duration_formatted}',
        stream: process.stderr,
        hideCursor: true,
        clearOnComplete: true,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(100, 0, { rows: 0, rejected: 0 });
    return bar;
  }
}
