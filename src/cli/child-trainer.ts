import { spawn } from 'node:child_process';
import type { ShopmindConfig } from '../core/config.js';
import type { RequestContext } from '../core/context.js';
import { type ErrorCode, ShopmindError } from '../core/errors.js';
import type { TrainingSummary } from '../recommend/service.js';

interface TrainJson {
  model_version: string;
  events: number;
  users: number;
  items: number;
  tuned: boolean;
  seconds: number;
}

function failure(code: number | null, stderr: string): ShopmindError {
  const match = /\[([A-Z_]+)\]: (.*?) \/ (.*)$/m.exec(stderr);
  if (match) return new ShopmindError(match[1] as ErrorCode, { zh: match[2]!, en: match[3]! });
  const tail = stderr.trim().split('\n').slice(-3).join(' ');
  return new ShopmindError('INTERNAL', {
    zh: `训练子进程失败（退出码 ${code}）：${tail}`,
    en: `The training process failed (exit code ${code}): ${tail}`,
  });
}

/**
 * Trains in a separate `shopmind train` process, so a running server keeps
 * answering requests while the model is computed. The child writes and
 * activates the model; the server loads it on its next request.
 */
export function childProcessTrainer(config: ShopmindConfig): (ctx: RequestContext) => Promise<TrainingSummary> {
  // process.argv[1] is this CLI's entry script, and execArgv carries any loader (tsx) it runs under.
  const script = process.argv[1]!;
  return (ctx) =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [...process.execArgv, script, '--shop', ctx.shopId, 'train', '--json'], {
        env: { ...process.env, SHOPMIND_DATA_DIR: config.dataDir, DATABASE_URL: config.databaseUrl },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString('utf8');
      });
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString('utf8');
      });
      child.on('error', reject);
      child.on('close', (code) => {
        if (code !== 0) {
          reject(failure(code, stderr));
          return;
        }
        try {
          const result = JSON.parse(stdout.trim().split('\n').pop() ?? '') as TrainJson;
          resolve({
            model_version: result.model_version,
            events: result.events,
            users: result.users,
            items: result.items,
            tuned: result.tuned,
            seconds: result.seconds,
          });
        } catch (error) {
          reject(failure(code, `${stderr}\n${String(error)}`));
        }
      });
    });
}
