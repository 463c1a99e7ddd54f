/**
 * `npm run bench`: measures recommendation latency, training time and
 * memory, and assistant latency on this machine, and writes
 * docs/benchmarks.md. Options:
 *
 *   --quick                 100k events only, short latency windows (about 5 minutes)
 *   --only=latency,training,assistant   run only these parts (comma-separated)
 *   --out=FILE              where to write the Markdown; full runs default to docs/benchmarks.md,
 *                           partial runs (--quick, --only) print it unless --out is given
 *   --train-limit=SECONDS   stop a training run after this long (default 600)
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { machineInfo, sampleMachineLoad } from './machine.js';
import {
  type LatencySettings,
  type Limits,
  loadAndTrain,
  measureHttp,
  measureInProcess,
  removeShop,
  type ShopFiles,
  shopFiles,
  type TrainingRun,
  trainDefaultWeights,
} from './phases.js';
import { type AssistantReport, type BenchReport, defaultLogLevel, type LatencyReport, renderReport } from './report.js';
import type { SyntheticShopSpec } from './synthetic-shop.js';
import { repoRoot, runWorker } from './worker.js';
import type { AssistantWorkerResult } from './workers/assistant.js';

const parts = ['latency', 'training', 'assistant'] as const;
type Part = (typeof parts)[number];

const seed = 20261130;
const fullGrid: SyntheticShopSpec[] = [
  { seed, events: 100_000, products: 10_000 },
  { seed, events: 1_000_000, products: 100_000 },
  { seed, events: 5_000_000, products: 100_000 },
];
const assistantFaqEntries = 5_000;

interface Options {
  quick: boolean;
  parts: Set<Part>;
  out: string | undefined;
  limits: Limits;
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      out: { type: 'string' },
      'train-limit': { type: 'string', default: '600' },
    },
  });
  const only = values.only?.split(',').map((p) => p.trim()) ?? [...parts];
  const unknown = only.filter((p) => !(parts as readonly string[]).includes(p));
  if (unknown.length > 0) throw new Error(`--only: unknown part(s) ${unknown.join(', ')}; choose from ${parts.join(', ')}`);
  const trainSeconds = Number(values['train-limit']);
  if (!Number.isFinite(trainSeconds) || trainSeconds <= 0) throw new Error(`--train-limit=${values['train-limit']} is not a positive number of seconds`);
  const partial = values.quick || values.only !== undefined;
  return {
    quick: values.quick,
    parts: new Set(only as Part[]),
    out: values.out ?? (partial ? undefined : path.join(repoRoot, 'docs', 'benchmarks.md')),
    limits: { loadSeconds: 900, trainSeconds },
  };
}

function log(line: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

function sameSize(a: SyntheticShopSpec, b: SyntheticShopSpec): boolean {
  return a.events === b.events && a.products === b.products && a.seed === b.seed;
}

interface TrainingPhase {
  runs: TrainingRun[];
  /** The latency shop, kept on disk with its training run, when the grid included it. */
  kept?: { files: ShopFiles; run: TrainingRun };
}

async function trainingPhase(root: string, grid: SyntheticShopSpec[], keep: SyntheticShopSpec | undefined, limits: Limits): Promise<TrainingPhase> {
  const phase: TrainingPhase = { runs: [] };
  let stopReason: string | undefined;
  for (const spec of grid) {
    if (stopReason) {
      phase.runs.push({ spec, skipped: stopReason });
      continue;
    }
    const files = shopFiles(root, spec);
    const run = await loadAndTrain(files, spec, limits, log);
    phase.runs.push(run);
    if (run.load?.status !== 'ok' || run.train?.status !== 'ok') stopReason = `the ${spec.events.toLocaleString('en')}-event run did not finish`;
    if (keep && sameSize(spec, keep) && run.load?.status === 'ok') phase.kept = { files, run };
    else removeShop(files);
  }
  return phase;
}

async function latencyPhase(files: ShopFiles, run: TrainingRun, options: Options): Promise<LatencyReport> {
  const inProcessSettings: LatencySettings = options.quick ? { warmupSeconds: 2, durationSeconds: 5, concurrency: 1 } : { warmupSeconds: 5, durationSeconds: 15, concurrency: 1 };
  const httpSettings: LatencySettings = options.quick ? { warmupSeconds: 2, durationSeconds: 5, concurrency: 8 } : { warmupSeconds: 5, durationSeconds: 20, concurrency: 8 };
  const report: LatencyReport = { spec: run.spec, model: 'trained', inProcessSettings, httpSettings, http: [] };

  if (run.train?.status !== 'ok') {
    log('full training did not finish; training with default weights so serving can be measured');
    const fallback = await trainDefaultWeights(files, options.limits);
    if (fallback.status !== 'ok') {
      report.model = 'none';
      report.modelNote = `No model: the full training and the default-weight training both failed (${fallback.error.split('\n')[0]}).`;
      return report;
    }
    report.model = 'default-weights';
    report.modelNote = `the full training did not finish (${run.train?.status ?? 'not run'}), so the served model was trained with the default blending weights and no tuning (${fallback.result.seconds.toFixed(1)} s). Serving reads the same artefact format either way; only the weights differ.`;
  }

  log('measuring in-process latency');
  report.inProcess = await measureInProcess(files, run.spec, inProcessSettings);
  for (const logLevel of [defaultLogLevel, 'warn']) {
    log(`measuring HTTP latency at concurrency ${httpSettings.concurrency}, log level ${logLevel}`);
    report.http.push(await measureHttp(files, run.spec, httpSettings, logLevel));
  }
  return report;
}

async function assistantPhase(): Promise<AssistantReport> {
  if (!existsSync(path.join(repoRoot, 'bench', 'assistant.ts'))) return { status: 'missing' };
  log(`measuring assistant latency with ${assistantFaqEntries} FAQ entries`);
  const outcome = await runWorker<AssistantWorkerResult>('assistant', { faqEntries: assistantFaqEntries }, { timeoutSeconds: 600 });
  return { status: 'ran', faqEntries: assistantFaqEntries, outcome };
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const options = parseOptions(argv);
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const grid = options.quick ? fullGrid.slice(0, 1) : fullGrid;
  const latencySpec = options.quick ? fullGrid[0]! : fullGrid[1]!;
  const wantLatency = options.parts.has('latency');

  const machine = machineInfo();
  const loadBefore = await sampleMachineLoad();
  log(`machine: ${machine.cpuModel}, ${machine.cores} cores; load average ${loadBefore.load1}, other busy processes: ${loadBefore.busyProcesses.length}`);

  const root = mkdtempSync(path.join(os.tmpdir(), 'shopmind-benchrun-'));
  const report: BenchReport = {
    command: `npm run bench${argv.length > 0 ? ` -- ${argv.join(' ')}` : ''}`,
    startedAt,
    totalSeconds: 0,
    partial: options.quick || options.parts.size < parts.length,
    machine,
    loadBefore,
    loadAfter: loadBefore,
    limits: options.limits,
    training: [],
  };
  try {
    let kept: TrainingPhase['kept'];
    if (options.parts.has('training')) {
      const phase = await trainingPhase(root, grid, wantLatency ? latencySpec : undefined, options.limits);
      report.training = phase.runs;
      kept = phase.kept;
    }
    if (wantLatency) {
      if (!kept) {
        const files = shopFiles(root, latencySpec);
        kept = { files, run: await loadAndTrain(files, latencySpec, options.limits, log) };
      }
      if (kept.run.load?.status === 'ok') report.latency = await latencyPhase(kept.files, kept.run, options);
      removeShop(kept.files);
    }
    if (options.parts.has('assistant')) report.assistant = await assistantPhase();
  } finally {
    rmSync(root, { recursive: true, force: true });
  }

  report.loadAfter = await sampleMachineLoad();
  report.totalSeconds = (performance.now() - started) / 1000;
  const markdown = renderReport(report);
  if (options.out) {
    writeFileSync(options.out, markdown);
    log(`wrote ${path.relative(process.cwd(), options.out)} after ${(report.totalSeconds / 60).toFixed(1)} min`);
  } else {
    process.stdout.write(markdown);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
