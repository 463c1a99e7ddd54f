import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedQuestionPairs } from '../src/assistant/retrieval/seed-pairs.js';

const run = promisify(execFile);
const repoRoot = path.resolve(import.meta.dirname, '..');
const sharedData = path.resolve(repoRoot, '../shared/data');

interface CliOutput {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI the way an operator does. */
async function shopmind(args: string[]): Promise<CliOutput> {
  const env = { ...process.env, SHOPMIND_LANG: 'both' };
  try {
    const { stdout, stderr } = await run('npx', ['tsx', 'src/cli/main.ts', ...args], { cwd: repoRoot, env, maxBuffer: 1 << 24 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

function writeAfqmcFolder(dir: string): void {
  const lines = seedQuestionPairs.map((pair) => JSON.stringify({ sentence1: pair.a, sentence2: pair.b, label: pair.same ? '1' : '0' }));
  writeFileSync(path.join(dir, 'dev.json'), `${lines.join('\n')}\n`);
}

const topics = [
  { ask: '什么时候发货', reply: '亲，付款后48小时内发货哦' },
  { ask: '可以开发票吗', reply: '可以的，电子发票会在签收后发送到邮箱' },
  { ask: '退款多久到账', reply: '退款一般1到3个工作日原路退回' },
  { ask: '发什么快递', reply: '默认中通快递，偏远地区发邮政' },
  { ask: '尺码怎么选', reply: '身高170建议选M码，可以参考尺码表' },
  { ask: '有赠品吗', reply: '本店下单送试用装一份' },
  { ask: '能便宜点吗', reply: '已经是活动价了，可以领店铺优惠券' },
];

function writeDialogueFiles(dir: string, stem: string, count: number): void {
  const contexts: string[] = [];
  const replies: string[] = [];
  for (let i = 0; i < count; i++) {
    const topic = topics[i % topics.length]!;
    contexts.push(`你好,在吗,您好请问有什么可以帮您,${topic.ask}${'?'.repeat(i % 3)}`);
    replies.push(`${topic.reply}${i % 2 === 0 ? '' : '~'},`);
  }
  writeFileSync(path.join(dir, `${stem}.enc`), `${contexts.join('\n')}\n`);
  writeFileSync(path.join(dir, `${stem}.dec`), `${replies.join('\n')}\n`);
}

describe('shopmind eval assistant (CLI)', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'shopmind-eval-assistant-'));
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints an afqmc table that starts with the protocol', async () => {
    const folder = path.join(dir, 'afqmc-table');
    mkdirSync(folder);
    writeAfqmcFolder(folder);

    const result = await shopmind(['eval', 'assistant', '--dataset', 'afqmc', '--data-dir', folder]);

    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('评测 Evaluation: assistant / afqmc');
    expect(lines[1]).toMatch(/^协议 Protocol: 前 \d+ 对/);
    for (const model of ['shopmind', 'bm25', 'all-positive', 'majority']) expect(result.stdout).toMatch(new RegExp(`^${model} +\\d`, 'm'));
    expect(result.stdout).toMatch(/^model +accuracy +f1/m);
  });

  it('prints one afqmc JSON object with --json', async () => {
    const folder = path.join(dir, 'afqmc-json');
    mkdirSync(folder);
    writeAfqmcFolder(folder);

    const result = await shopmind(['eval', 'assistant', '--dataset', 'afqmc', '--data-dir', folder, '--json']);

    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.task).toBe('assistant');
    expect(report.dataset).toBe('afqmc');
    expect(typeof report.protocol).toBe('string');
    expect(Object.keys(report.models)).toEqual(['shopmind', 'bm25', 'all-positive', 'majority']);
    for (const metrics of Object.values(report.models) as Record<string, number>[]) {
      expect(Object.keys(metrics)).toEqual(['accuracy', 'f1']);
    }
    expect(report.pairs + report.tuningPairs).toBe(seedQuestionPairs.length);
    const positives = seedQuestionPairs.slice(report.tuningPairs).filter((pair) => pair.same).length;
    expect(report.models['all-positive'].accuracy).toBeCloseTo(positives / report.pairs, 10);
  });

  it('evaluates a jddc folder with any stem, as a table and as JSON', async () => {
    const folder = path.join(dir, 'jddc-chat');
    mkdirSync(folder);
    writeDialogueFiles(folder, 'chat-2026', 120);

    const table = await shopmind(['eval', 'assistant', '--dataset', 'jddc', '--data-dir', folder]);
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toBe('评测 Evaluation: assistant / jddc');
    expect(table.stdout.split('\n')[1]).toContain('chat-2026.enc/.dec');
    expect(table.stdout).toMatch(/^model +recall@1 +recall@5 +mrr/m);

    const json = await shopmind(['eval', 'assistant', '--dataset', 'jddc', '--data-dir', folder, '--json']);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report.dataset).toBe('jddc');
    expect(report.contexts).toBe(120 - 96 - 2);
    expect(report.knowledgePairs).toBe(96);
    expect(Object.keys(report.models)).toEqual(['shopmind', 'bm25']);
    expect(Object.keys(report.models.shopmind)).toEqual(['recall@1', 'recall@5', 'mrr']);
    // Every topic repeats in the knowledge side, so the neighbours' replies point at the true reply.
    expect(report.models.shopmind.mrr).toBeGreaterThan(0.5);
  });

  it('rejects a jddc folder with two pairs', async () => {
    const folder = path.join(dir, 'jddc-two');
    mkdirSync(folder);
    writeDialogueFiles(folder, 'a', 30);
    writeDialogueFiles(folder, 'b', 30);

    const result = await shopmind(['eval', 'assistant', '--dataset', 'jddc', '--data-dir', folder]);

    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('必须恰好有一对同名的 X.enc / X.dec 文件');
    expect(result.stderr).toContain('a.enc');
    expect(result.stderr).toContain('b.dec');
  });

  it('rejects misaligned jddc files', async () => {
    const folder = path.join(dir, 'jddc-misaligned');
    mkdirSync(folder);
    writeDialogueFiles(folder, 'x', 30);
    writeFileSync(path.join(folder, 'x.dec'), 'only one line\n');

    const result = await shopmind(['eval', 'assistant', '--dataset', 'jddc', '--data-dir', folder]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('x.enc 有 30 行而 x.dec 有 1 行');
  });

  it('rejects an unknown dataset with the choices', async () => {
    const result = await shopmind(['eval', 'assistant', '--dataset', 'nope', '--data-dir', dir]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('未知的数据集 "nope"');
    expect(result.stderr).toContain('afqmc, jddc');
  });

  it('names the missing afqmc file', async () => {
    const result = await shopmind(['eval', 'assistant', '--dataset', 'afqmc', '--data-dir', path.join(dir, 'missing')]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('DATASET_NOT_FOUND');
    expect(result.stderr).toContain('dev.json');
  });
});

const haveData = existsSync(path.join(sharedData, 'afqmc/dev.json')) && existsSync(path.join(sharedData, 'jddc-baseline'));
if (!haveData && process.env.CI !== 'true') {
  console.warn(`[tests] real-data assistant evaluations skipped: ${sharedData} has no afqmc/dev.json or jddc-baseline`);
}

describe.runIf(haveData || process.env.CI === 'true')('assistant evaluations on the public data', () => {
  let afqmc: { models: Record<string, { accuracy: number; f1: number }>; pairs: number; seconds: number };
  let jddc: { models: Record<string, Record<string, number>>; contexts: number; seconds: number };

  beforeAll(async () => {
    const [a, j] = await Promise.all([
      shopmind(['eval', 'assistant', '--dataset', 'afqmc', '--data-dir', path.join(sharedData, 'afqmc'), '--json']),
      shopmind(['eval', 'assistant', '--dataset', 'jddc', '--data-dir', path.join(sharedData, 'jddc-baseline'), '--json']),
    ]);
    expect(a.stderr).not.toContain('Error');
    expect(j.stderr).not.toContain('Error');
    afqmc = JSON.parse(a.stdout);
    jddc = JSON.parse(j.stdout);
  }, 600_000);

  it('afqmc: shopmind F1 beats BM25 and all-positive', () => {
    expect(afqmc.pairs).toBe(2158);
    expect(afqmc.models.shopmind!.f1).toBeGreaterThan(afqmc.models.bm25!.f1);
    expect(afqmc.models.shopmind!.f1).toBeGreaterThan(afqmc.models['all-positive']!.f1);
  });

  // NOTE: lexical features cannot beat the majority class on the second half (72.4% negative):
  // even a threshold picked on that half itself reaches 0.7234. This flips to a failure, and
  // should become a plain `it`, once the matcher gains a semantic signal.
  it.fails('afqmc: shopmind accuracy beats majority', () => {
    expect(afqmc.models.shopmind!.accuracy).toBeGreaterThan(afqmc.models.majority!.accuracy);
  });

  it('jddc: shopmind MRR beats BM25', () => {
    expect(jddc.contexts).toBeGreaterThan(1000);
    expect(jddc.models.shopmind!.mrr!).toBeGreaterThan(jddc.models.bm25!.mrr!);
  });

  it('both runs stay well under five minutes', () => {
    expect(afqmc.seconds).toBeLessThan(120);
    expect(jddc.seconds).toBeLessThan(180);
  });
});
