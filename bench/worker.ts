import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root; workers run with it as the working directory so `--import tsx` resolves. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Peak resident memory of this process so far, in MiB (`maxRSS` is in KiB). */
export function maxRssMiB(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

type WorkerMessage<O> = { ok: true; result: O } | { ok: false; error: string };

export interface SpawnedWorker {
  child: ChildProcess;
  /** The first message the worker sends. */
  firstMessage: Promise<unknown>;
}

export interface SpawnOptions {
  env?: Record<string, string>;
  /** Discard the worker's standard output (a server's request log). */
  quiet?: boolean;
}

/** Starts `bench/workers/<name>.ts` in its own Node process with `input` as its argument. */
export function spawnWorker(name: string, input: unknown, options: SpawnOptions = {}): SpawnedWorker {
  const script = path.join(repoRoot, 'bench', 'workers', `${name}.ts`);
  const child = spawn(process.execPath, ['--import', 'tsx', script, JSON.stringify(input)], {
    cwd: repoRoot,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', options.quiet ? 'ignore' : 'inherit', 'inherit', 'ipc'],
  });
  const firstMessage = new Promise<unknown>((resolve, reject) => {
    child.once('message', resolve);
    child.once('error', reject);
    child.once('exit', (code, signal) => reject(new Error(`worker ${name} exited (code ${code}, signal ${signal}) before reporting`)));
  });
  // Callers that stop waiting (a timeout) must not turn the later exit into an unhandled rejection.
  firstMessage.catch(() => undefined);
  return { child, firstMessage };
}

/** Peak resident memory of a running process from /proc, in MiB; undefined once it has exited. */
export function peakRssOf(pid: number): number | undefined {
  try {
    const kib = /^VmHWM:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kib ? Math.round(Number(kib) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

export type WorkerOutcome<O> =
  | { status: 'ok'; result: O; wallSeconds: number }
  | { status: 'timeout' | 'failed'; error: string; wallSeconds: number; peakRssMiB: number | undefined };

/**
 * Runs a worker to completion and returns its result. A worker still
 * running after `timeoutSeconds` is killed; its peak memory so far comes
 * from polling /proc once a second.
 */
export async function runWorker<O>(name: string, input: unknown, options: { timeoutSeconds: number; env?: Record<string, string> }): Promise<WorkerOutcome<O>> {
  const started = performance.now();
  const { child, firstMessage } = spawnWorker(name, input, { env: options.env ?? {} });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let peakRssMiB: number | undefined;
  const poll = setInterval(() => {
    peakRssMiB = (child.pid && peakRssOf(child.pid)) || peakRssMiB;
  }, 1000);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), options.timeoutSeconds * 1000);
  });
  const wallSeconds = () => (performance.now() - started) / 1000;
  try {
    const message = await Promise.race([firstMessage as Promise<WorkerMessage<O>>, timedOut]);
    if (message === 'timeout') {
      child.kill('SIGKILL');
      await exited;
      return { status: 'timeout', error: `did not finish within ${options.timeoutSeconds} s`, wallSeconds: wallSeconds(), peakRssMiB };
    }
    await exited;
    if (!message.ok) return { status: 'failed', error: message.error, wallSeconds: wallSeconds(), peakRssMiB };
    return { status: 'ok', result: message.result, wallSeconds: wallSeconds() };
  } catch (error) {
    return { status: 'failed', error: error instanceof Error ? error.message : String(error), wallSeconds: wallSeconds(), peakRssMiB };
  } finally {
    clearInterval(poll);
    clearTimeout(timer);
  }
}

/**
 * Runs the body of a worker script: parses the JSON argument, runs, and
 * sends the result (or the error) to the parent before exiting.
 */
export function workerMain<I, O>(run: (input: I) => Promise<O>): void {
  const send = (message: WorkerMessage<O>, exitCode: number) => {
    if (!process.send) {
      console.log(JSON.stringify(message, null, 2));
      process.exit(exitCode);
    }
    process.send(message, () => process.exit(exitCode));
  };
  const input = JSON.parse(process.argv[2] ?? '{}') as I;
  run(input).then(
    (result) => send({ ok: true, result }, 0),
    (error: unknown) => send({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }, 1),
  );
}
