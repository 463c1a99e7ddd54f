import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const dataRoot = path.resolve(import.meta.dirname, '../../shared/data');
const amazonDir = path.join(dataRoot, 'amazon-games-llmrank');
const retailFile = path.join(dataRoot, 'online-retail-uci/online-retail.customerid-mod10-eq0.csv');
const haveData = existsSync(amazonDir) && existsSync(retailFile);

if (!haveData && process.env.CI === 'true') throw new Error(`CI=true but the evaluation data is missing under ${dataRoot}`);
if (!haveData) console.warn(`[tests] recommendation evaluations on real data skipped: ${dataRoot} not found`);

const metricKeys = ['hr@10', 'ndcg@10', 'recall@20', 'precision@10', 'f1@10', 'coverage'];

interface Report {
  task: string;
  dataset: string;
  protocol: string;
  users: number;
  models: Record<string, Record<string, number>>;
}

/** Runs the real CLI in a child process, so the long evaluation does not block the test worker. */
async function evaluate(dataset: string, dataDir: string): Promise<{ report: Report; lines: string[]; seconds: number }> {
  const started = Date.now();
  const { stdout } = await run('npx', ['tsx', 'src/cli/main.ts', 'eval', 'recommend', '--dataset', dataset, '--data-dir', dataDir, '--json'], {
    cwd: path.resolve(import.meta.dirname, '..'),
    maxBuffer: 10 * 1024 * 1024,
  });
  const lines = stdout.trim().split('\n');
  return { report: JSON.parse(lines[0]!) as Report, lines, seconds: (Date.now() - started) / 1000 };
}

describe.skipIf(!haveData)('recommendation evaluation on real data', () => {
  it('beats every baseline on online-retail', async () => {
    const { report, lines } = await evaluate('online-retail', path.dirname(retailFile));
    expect(lines).toHaveLength(1);
    expect(report.task).toBe('recommend');
    expect(report.dataset).toBe('online-retail');
    expect(report.protocol).toMatch(/last 30 days/);
    expect(Object.keys(report.models)).toEqual(['shopmind', 'popularity', 'item-knn', 'content']);
    for (const model of Object.values(report.models)) expect(Object.keys(model).sort()).toEqual([...metricKeys].sort());
    const shopmind = report.models.shopmind!['ndcg@10']!;
    for (const baseline of ['popularity', 'item-knn', 'content']) {
      expect(shopmind, `shopmind vs ${baseline}`).toBeGreaterThan(report.models[baseline]!['ndcg@10']!);
    }
  }, 300_000);

  it('reaches 1.10x item-knn NDCG@10 on amazon-games within 5 minutes', async () => {
    const { report, seconds } = await evaluate('amazon-games', amazonDir);
    expect(report.users).toBeGreaterThan(50_000);
    expect(report.models.shopmind!['ndcg@10']!).toBeGreaterThanOrEqual(1.1 * report.models['item-knn']!['ndcg@10']!);
    expect(seconds).toBeLessThan(300);
  }, 600_000);
});

describe('eval recommend command', () => {
  it('names the valid datasets for an unknown one', async () => {
    const result = await run('npx', ['tsx', 'src/cli/main.ts', 'eval', 'recommend', '--dataset', 'movielens', '--data-dir', '.'], {
      cwd: path.resolve(import.meta.dirname, '..'),
    }).catch((error: { code: number; stderr: string }) => error);
    expect('code' in result ? result.code : 0).toBe(2);
    expect((result as { stderr: string }).stderr).toContain('amazon-games');
    expect((result as { stderr: string }).stderr).toContain('未知数据集');
  });

  it('explains a folder without the dataset files', async () => {
    const result = await run('npx', ['tsx', 'src/cli/main.ts', 'eval', 'recommend', '--dataset', 'amazon-games', '--data-dir', 'src'], {
      cwd: path.resolve(import.meta.dirname, '..'),
    }).catch((error: { code: number; stderr: string }) => error);
    expect((result as { code: number }).code).toBe(2);
    expect((result as { stderr: string }).stderr).toContain('DATASET_NOT_FOUND');
  });
});
