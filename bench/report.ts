import type { MachineInfo, MachineLoad } from './machine.js';
import type { HttpRun, LatencySettings, Limits, TrainingRun } from './phases.js';
import { httpMix, inProcessMix, recommendationLimit } from './request-mix.js';
import type { LatencySummary } from './stats.js';
import type { SyntheticShopSpec } from './synthetic-shop.js';
import type { WorkerOutcome } from './worker.js';
import type { AssistantWorkerResult } from './workers/assistant.js';
import type { LatencyResult } from './workers/latency.js';

export interface LatencyReport {
  spec: SyntheticShopSpec;
  /** Source of the served model: the full training, or default weights when that did not finish. */
  model: 'trained' | 'default-weights' | 'none';
  modelNote?: string;
  inProcessSettings: LatencySettings;
  httpSettings: LatencySettings;
  inProcess?: WorkerOutcome<LatencyResult>;
  http: HttpRun[];
}

export type AssistantReport = { status: 'missing' } | { status: 'ran'; faqEntries: number; outcome: WorkerOutcome<AssistantWorkerResult> };

export interface BenchReport {
  command: string;
  startedAt: string;
  totalSeconds: number;
  /** Partial runs (--quick, --only) cannot judge targets that need the full grid. */
  partial: boolean;
  machine: MachineInfo;
  loadBefore: MachineLoad;
  loadAfter: MachineLoad;
  limits: Limits;
  training: TrainingRun[];
  latency?: LatencyReport;
  assistant?: AssistantReport;
}

/** The request log level of `shopmind serve` when SHOPMIND_LOG_LEVEL is unset. */
export const defaultLogLevel = 'info';
const targetEvents = 1_000_000;
const targetProducts = 100_000;
const memoryTargetMiB = 2048;

function ms(value: number): string {
  if (!Number.isFinite(value)) return '–';
  return value < 10 ? value.toFixed(2) : value.toFixed(1);
}

function seconds(value: number): string {
  return value < 10 ? value.toFixed(2) : value.toFixed(1);
}

function count(value: number): string {
  if (value >= 1_000_000 && value % 100_000 === 0) return `${value / 1_000_000}M`;
  if (value >= 1_000 && value % 1_000 === 0) return `${value / 1_000}k`;
  return String(value);
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

function table(header: string[], rows: string[][]): string {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

type Verdict = 'met' | 'not met' | 'not measured';

interface TargetRow {
  name: string;
  target: string;
  measured: string;
  verdict: Verdict;
}

function isTargetSize(spec: SyntheticShopSpec): boolean {
  return spec.events === targetEvents && spec.products === targetProducts;
}

function httpTarget(report: BenchReport): TargetRow {
  const row: TargetRow = { name: 'Recommendations over HTTP, concurrency 8, 1M events / 100k products', target: 'p99 ≤ 10 ms', measured: '–', verdict: 'not measured' };
  const latency = report.latency;
  const run = latency?.http.find((h) => h.logLevel === defaultLogLevel);
  if (!latency || !run?.result) {
    row.measured = run?.error ?? 'not run';
    return row;
  }
  const failed = Object.entries(run.result.statuses).filter(([status]) => !status.startsWith('2'));
  const note = failed.length > 0 ? ` (non-2xx: ${failed.map(([s, n]) => `${s}×${n}`).join(', ')})` : '';
  row.measured = `p99 ${ms(run.result.recommend.p99)} ms${note}`;
  if (!isTargetSize(latency.spec)) {
    row.measured += ` at ${count(latency.spec.events)} events / ${count(latency.spec.products)} products`;
    return row;
  }
  row.verdict = run.result.recommend.p99 <= 10 && failed.length === 0 ? 'met' : 'not met';
  return row;
}

function trainingTargets(report: BenchReport): TargetRow[] {
  const time: TargetRow = { name: 'Training on 1M events (100k products)', target: '≤ 60 s', measured: 'not run', verdict: 'not measured' };
  const memory: TargetRow = { name: 'Peak memory of training at 1M events', target: `≤ 2 GiB (${memoryTargetMiB} MiB)`, measured: 'not run', verdict: 'not measured' };
  const run = report.training.find((r) => isTargetSize(r.spec));
  const train = run?.train;
  if (!train) {
    if (run?.load && run.load.status !== 'ok') time.measured = memory.measured = `store load ${run.load.status}: ${run.load.error.split('\n')[0]}`;
    return [time, memory];
  }
  if (train.status === 'ok') {
    time.measured = `${seconds(train.result.seconds)} s`;
    time.verdict = train.result.seconds <= 60 ? 'met' : 'not met';
    memory.measured = `${train.result.maxRssMiB} MiB`;
    memory.verdict = train.result.maxRssMiB <= memoryTargetMiB ? 'met' : 'not met';
    return [time, memory];
  }
  time.measured = `${train.status}: ${train.error.split('\n')[0]}`;
  time.verdict = train.status === 'timeout' || train.wallSeconds > 60 ? 'not met' : 'not measured';
  const peak = train.peakRssMiB;
  memory.measured = peak === undefined ? 'unknown' : `${peak} MiB before it stopped`;
  memory.verdict = peak !== undefined && peak > memoryTargetMiB ? 'not met' : 'not measured';
  return [time, memory];
}

function assistantTarget(report: BenchReport): TargetRow {
  const row: TargetRow = { name: 'Assistant answer without LLM, 5,000 FAQ entries, in-process', target: 'p99 ≤ 30 ms', measured: 'not run', verdict: 'not measured' };
  const assistant = report.assistant;
  if (!assistant) return row;
  if (assistant.status === 'missing') {
    row.measured = 'bench/assistant.ts is missing';
    return row;
  }
  if (assistant.outcome.status !== 'ok') {
    row.measured = `${assistant.outcome.status}: ${assistant.outcome.error.split('\n')[0]}`;
    return row;
  }
  const result = assistant.outcome.result;
  row.measured = `p99 ${ms(result.p99Ms)} ms`;
  if (assistant.faqEntries === 5_000) row.verdict = result.p99Ms <= 30 ? 'met' : 'not met';
  return row;
}

function targetsSection(report: BenchReport): string {
  const rows = [httpTarget(report), ...trainingTargets(report), assistantTarget(report)];
  return ['## Targets', '', table(['target', 'goal', 'measured', 'status'], rows.map((r) => [r.name, r.target, r.measured, `**${r.verdict}**`]))].join('\n');
}

function loadLine(label: string, load: MachineLoad): string {
  const busy = load.busyProcesses.map((p) => `\`${p.command}\` ${p.cpuPercent}%`).join(', ');
  return `- ${label} (${load.at}): load average ${load.load1}, all cores ${percent(load.busyShare)} busy${busy ? `; other busy processes: ${busy}` : '; no other busy process'}.`;
}

function machineSection(report: BenchReport): string {
  const m = report.machine;
  const shared = [report.loadBefore, report.loadAfter].some((l) => l.busyProcesses.length > 0 || l.busyShare > 0.15);
  return [
    '## Machine',
    '',
    table(['CPU', 'cores', 'memory', 'Node', 'OS'], [[m.cpuModel, String(m.cores), `${m.memoryGiB} GiB`, m.node, m.os]]),
    '',
    loadLine('Before the run', report.loadBefore),
    loadLine('After the run', report.loadAfter),
    shared
      ? '\nOther processes were using the CPU while this ran, so every figure here is worse than on an idle machine, by an amount this run cannot tell.'
      : '',
  ].join('\n');
}

function summaryCells(s: LatencySummary): string[] {
  return [String(s.count), ms(s.p50), ms(s.p90), ms(s.p99), ms(s.max), s.perSecond.toFixed(0)];
}

const latencyHeader = ['requests', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'requests/s'];

function latencySection(latency: LatencyReport): string {
  const lines = ['## Recommendation latency', ''];
  const spec = latency.spec;
  lines.push(
    `Shop: ${count(spec.events)} events, ${count(spec.products)} products, ${count(spec.users ?? Math.max(50, Math.floor(spec.events / 20)))} users (seed ${spec.seed}), SQLite file store.`,
    `Each request asks for ${recommendationLimit} items. Users: ${percent(1 - inProcessMix.unknownUserShare)} known users drawn uniformly, ${percent(inProcessMix.unknownUserShare)} unknown ids (cold start). Scenes: home 60%, product page 25% (with a product drawn by popularity), cart 15%.`,
  );
  if (latency.model !== 'trained') lines.push('', `**Model:** ${latency.modelNote ?? latency.model}`);

  lines.push('', `### In-process, one caller`, '', `\`RecommendService.recommend\` called back to back in one process: ${latency.inProcessSettings.warmupSeconds} s warm-up, then ${latency.inProcessSettings.durationSeconds} s measured.`, '');
  const inProcess = latency.inProcess;
  if (inProcess?.status === 'ok') {
    lines.push(table(latencyHeader, [summaryCells(inProcess.result.summary)]));
    lines.push('', `First request (loads the model file and the catalogue): ${ms(inProcess.result.firstRequestMs)} ms. Peak RSS of that process: ${inProcess.result.maxRssMiB} MiB.`);
  } else {
    lines.push(inProcess ? `Not measured: ${inProcess.status}: ${inProcess.error.split('\n')[0]}` : 'Not run.');
  }

  const http = latency.httpSettings;
  lines.push(
    '',
    `### HTTP, concurrency ${http.concurrency}`,
    '',
    `The API server runs in its own Node process (\`buildApp\` + \`createServices\`, as \`shopmind serve\` builds it) on an ephemeral port of 127.0.0.1. The benchmark process keeps ${http.concurrency} keep-alive callers busy (closed loop): ${http.warmupSeconds} s warm-up, then ${http.durationSeconds} s measured. ${percent(httpMix.eventShare)} of the requests are \`POST /v1/events\` with one view event, the rest \`GET /v1/users/:id/recommendations\` with the mix above. Both processes share the machine's cores, so the load generator's own CPU time is part of the picture.`,
    '',
  );
  const rows: string[][] = [];
  for (const run of latency.http) {
    const level = run.logLevel === defaultLogLevel ? `${run.logLevel} (default)` : run.logLevel;
    if (!run.result) {
      rows.push([level, 'failed', run.error ?? '', '', '', '', '', '', '']);
      continue;
    }
    const statuses = Object.entries(run.result.statuses).map(([s, n]) => `${s}: ${n}`).join(', ');
    rows.push([level, 'recommendations', ...summaryCells(run.result.recommend), statuses]);
    rows.push([level, 'events', ...summaryCells(run.result.events), `server peak RSS ${run.serverPeakRssMiB ?? '?'} MiB`]);
  }
  lines.push(table(['log level', 'kind', ...latencyHeader, 'notes'], rows));
  lines.push(
    '',
    'At log level `info` the server logs every request (to /dev/null here), as `shopmind serve` does by default; `warn` shows the cost without request logging.',
    '',
    `With ${http.concurrency} callers in a closed loop, mean latency is about ${http.concurrency} divided by the requests per second (Little's law): a single Node process answers one request at a time, so each request also waits for the others in flight. A p99 of 10 ms at concurrency ${http.concurrency} therefore needs well over ${http.concurrency * 100} requests per second from one process, which the in-process figure above bounds from above.`,
  );
  return lines.join('\n');
}

function trainingCells(run: TrainingRun): string[] {
  const spec = run.spec;
  const users = spec.users ?? Math.max(50, Math.floor(spec.events / 20));
  const cells = [count(spec.events), count(spec.products), count(users)];
  if (run.skipped) return [...cells, '–', '–', '–', '–', '–', '–', `skipped: ${run.skipped}`];
  const load = run.load;
  const loadCell = load?.status === 'ok' ? `${seconds(load.result.eventsSeconds + load.result.productsSeconds + load.result.usersSeconds)} (${load.result.databaseMiB} MiB file)` : (load?.status ?? '–');
  const train = run.train;
  if (train?.status === 'ok') {
    const r = train.result;
    const cpu = seconds(r.cpuUserSeconds + r.cpuSystemSeconds);
    return [...cells, loadCell, seconds(r.seconds), cpu, String(r.maxRssMiB), `${r.validationCases}${r.tuned ? '' : ' (not tuned)'}`, String(r.modelMiB), 'ok'];
  }
  if (train) {
    const peak = train.peakRssMiB !== undefined ? `${train.peakRssMiB} (so far)` : '–';
    return [...cells, loadCell, `> ${seconds(train.wallSeconds)}`, '–', peak, '–', '–', `${train.status}: ${train.error.split('\n')[0]}`];
  }
  if (!load) return [...cells, loadCell, '–', '–', '–', '–', '–', 'not run'];
  const why = load.status === 'ok' ? 'training not run' : `store load ${load.status}: ${load.error.split('\n')[0]}`;
  return [...cells, loadCell, '–', '–', '–', '–', '–', why];
}

function trainingSection(report: BenchReport): string {
  const rows = report.training.map(trainingCells);
  return [
    '## Training',
    '',
    `Each size is a fresh SQLite file. One child process generates the shop and writes it to the store; a second child process runs \`trainShopModel\` (read every event from the store, tune the blending weights on a validation split of up to 3,000 users, train the final model, write the artefact). Training CPU is the user and system CPU time of that process: when it is well below the wall time, the process was waiting for a core. Peak memory is that process's \`maxRSS\`, Node and tsx included. Limits: ${report.limits.loadSeconds} s for loading, ${report.limits.trainSeconds} s for training; a run over its limit is stopped and reported as such.`,
    '',
    table(['events', 'products', 'users', 'load into store s', 'training s', 'training CPU s', 'training peak RSS MiB', 'validation cases', 'model MiB', 'status'], rows),
  ].join('\n');
}

function assistantSection(report: BenchReport): string {
  const assistant = report.assistant;
  const lines = ['## Assistant (no LLM)', ''];
  if (!assistant) return [...lines, 'Not run.'].join('\n');
  if (assistant.status === 'missing') return [...lines, 'Hook only: `bench/assistant.ts` was not present, so nothing was measured.'].join('\n');
  const outcome = assistant.outcome;
  if (outcome.status !== 'ok') return [...lines, `Failed: ${outcome.status}: ${outcome.error.split('\n')[0]}`].join('\n');
  const r = outcome.result;
  lines.push(
    `\`benchAssistant\` from bench/assistant.ts in its own process: ${r.faqEntries} generated FAQ entries in a SQLite store, ${r.queries} shopper questions answered one after another with \`AssistantService.chat\`, no LLM configured.`,
    '',
    table(['answers', 'p50 ms', 'p99 ms', 'mean ms', 'first answer ms', 'peak RSS MiB'], [[String(r.queries), ms(r.p50Ms), ms(r.p99Ms), ms(r.meanMs), ms(r.firstAnswerMs), String(r.maxRssMiB)]]),
    '',
    'The first answer also builds the retriever, so it is shown apart and left out of the percentiles.',
  );
  return lines.join('\n');
}

const howToRead = [
  '## How to read this',
  '',
  'Latency figures are per request in milliseconds: p50 is the median, p99 the value that 99 of 100 requests stay under, so one slow request in a hundred decides it. Requests per second count completed requests over the measured window; in-process it is one caller back to back, over HTTP it is what 8 concurrent callers achieved, not the server\'s maximum. Training seconds are wall time of the whole `trainShopModel` call, including reading events from the store; loading into the store is the separate cost of writing the synthetic shop and is listed apart. Peak memory is the largest resident set of the process that did the work. All data is synthetic (seeded, reproducible), so the figures describe the code on this machine, not the quality of the recommendations. A "not met" row is a real miss on this machine at the time of the run; "not measured" means the run could not produce that figure (a partial run, or a run that stopped early).',
].join('\n');

function methodSection(): string {
  return [
    '## Method',
    '',
    '- **Data** (`bench/synthetic-shop.ts`, seeded with `seededRandom`): 12 top-level and 57 second-level categories with their own brand, selling-point, product-word and specification lists, so titles such as 「声屿快充无线充电宝 20000mAh」 repeat words the way real listings do. Category and product popularity follow Zipf laws (exponents 0.6 and 1.0). Users (one per 20 events) prefer one to three categories and explore others in 15% of sessions; the number of sessions per user is Pareto-distributed. A session is an optional search, 1 to 12 views, clicks on 30% of views, favourites and carts on some clicks, and purchases of 45% of carted items, spread over 90 days.',
    '- **Writing**: the repositories\' `upsertMany`, one transaction per batch (2,000 products, 10,000 users or 20,000 events). During development, the same 100k events took about 3 times longer through `importFile` on a generated CSV (which also validates and tracks every id), so the benchmark writes through the repositories.',
    '- **Isolation**: every load, training and latency run is its own child process, so its memory is measured alone and a crash or leak cannot affect the next. Temporary files live under the system temp folder and are deleted at the end.',
    '- **Not covered**: PostgreSQL, orders (the purchase history comes from purchase events only), products added after training, and more than one API process.',
  ].join('\n');
}

/** Renders the whole benchmark page as Markdown. */
export function renderReport(report: BenchReport): string {
  const sections = [
    '# Benchmarks',
    '',
    `Written by \`${report.command}\` on ${report.startedAt} (${Math.round(report.totalSeconds / 60)} min). Run it again to refresh; do not edit by hand.${report.partial ? ' **Partial run**: targets that need the full grid are marked "not measured".' : ''}`,
    '',
    machineSection(report),
    '',
    targetsSection(report),
    '',
    howToRead,
    '',
  ];
  if (report.latency) sections.push(latencySection(report.latency), '');
  if (report.training.length > 0) sections.push(trainingSection(report), '');
  if (report.assistant) sections.push(assistantSection(report), '');
  sections.push(methodSection(), '');
  return sections.join('\n');
}
