/** A finished evaluation: one JSON object with `--json`, a table otherwise. */
export interface EvaluationReport {
  task: string;
  dataset: string;
  protocol: string;
  models: Record<string, Record<string, number>>;
  [extra: string]: unknown;
}

function formatValue(value: number | undefined): string {
  if (value === undefined) return '-';
  return Number.isInteger(value) ? String(value) : value.toFixed(4);
}

/** Renders the report as a plain-text table: one row per model, one column per metric. */
export function formatReportTable(report: EvaluationReport): string {
  const models = Object.keys(report.models);
  const metrics = [...new Set(models.flatMap((m) => Object.keys(report.models[m] ?? {})))];
  const header = ['model', ...metrics];
  const rows = models.map((m) => [m, ...metrics.map((k) => formatValue(report.models[m]?.[k]))]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  const extras = Object.entries(report)
    .filter(([key]) => !['task', 'dataset', 'protocol', 'models'].includes(key))
    .map(([key, value]) => `${key}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`);
  return [
    `评测 Evaluation: ${report.task} / ${report.dataset}`,
    `协议 Protocol: ${report.protocol}`,
    ...extras,
    '',
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
  ].join('\n');
}
