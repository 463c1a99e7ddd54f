import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LabelledPair, trainQuestionMatcher } from '../src/assistant/retrieval/question-matcher.js';
import { ShopmindError } from '../src/core/errors.js';
import { seededRandom } from '../src/core/random.js';
import { DenseVectorCache, denseDot } from '../src/embedding/dense-vectors.js';
import { checkLocalModelFolder, LocalModelEncoder } from '../src/embedding/local-model-encoder.js';
import { runAfqmcEvaluation } from '../src/evaluation/assistant-afqmc.js';
import { writeTinyEncoderModel } from './helpers/tiny-encoder-model.js';

const run = promisify(execFile);
const repoRoot = path.resolve(import.meta.dirname, '..');

// Eight "concepts", each written with either of two characters. The tiny model
// gives both characters of a concept the same one-hot vector. It encodes
// synonyms that a lexical matcher cannot see.
const concepts = ['甲乙', '丙丁', '戊己', '庚辛', '壬癸', '子丑', '寅卯', '辰巳'];
const vectors = Object.fromEntries(
  concepts.flatMap((pair, i) => {
    const vector = concepts.map((_, j) => (i === j ? 1 : 0));
    return [...pair].map((character) => [character, vector]);
  }),
);

/**
 * Labelled pairs over three concepts per question, each character variant
 * drawn at random: a same-meaning pair has the same concepts, a different
 * pair swaps one or two of them. Character overlap is then only a weak clue.
 */
function conceptPairs(count: number, seed: number): LabelledPair[] {
  const random = seededRandom(seed);
  const pick = (n: number) => Math.floor(random() * n);
  const write = (ids: number[]) => ids.map((id) => concepts[id]![pick(2)]).join('');
  const pairs: LabelledPair[] = [];
  for (let i = 0; i < count; i++) {
    const ids = [0, 1, 2, 3, 4, 5, 6, 7].sort(() => random() - 0.5).slice(0, 5);
    const a = ids.slice(0, 3);
    const same = random() < 0.5;
    const b = same ? [...a] : [a[0]!, ...ids.slice(3, 3 + 1 + pick(2))].slice(0, 3);
    if (b.length < 3) b.push(a[1]!);
    pairs.push({ a: write(a), b: write(b.sort(() => random() - 0.5)), same });
  }
  return pairs;
}

function accuracy(pairs: readonly LabelledPair[], probability: (a: string, b: string) => number): number {
  return pairs.filter((pair) => probability(pair.a, pair.b) >= 0.5 === pair.same).length / pairs.length;
}

let workDir: string;
let modelDir: string;

beforeAll(() => {
  workDir = mkdtempSync(path.join(os.tmpdir(), 'shopmind-encoder-'));
  modelDir = writeTinyEncoderModel(path.join(workDir, 'tiny-model'), { vectors });
});

afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
});

describe('LocalModelEncoder', () => {
  it('encodes synonyms to the same normalised vector', async () => {
    const encoder = await LocalModelEncoder.load(modelDir);
    const [first, second, other] = await encoder.encode(['甲丙', '乙丁', '戊庚']);

    expect(encoder.dimension).toBe(concepts.length);
    expect(encoder.pooling).toBe('mean');
    expect(denseDot(first!, first!)).toBeCloseTo(1, 5);
    expect(denseDot(first!, second!)).toBeCloseTo(1, 5);
    expect(denseDot(first!, other!)).toBeLessThan(0.1);
  });

  it('encodes more texts than one batch in order', async () => {
    const encoder = await LocalModelEncoder.load(modelDir, { batchSize: 2 });
    const texts = ['甲', '丙', '戊', '庚', '壬'];
    const singles = await Promise.all(texts.map(async (text) => (await encoder.encode([text]))[0]!));
    const batched = await encoder.encode(texts);

    expect(batched).toHaveLength(texts.length);
    for (const [i, vector] of batched.entries()) expect(denseDot(vector, singles[i]!)).toBeCloseTo(1, 5);
  });

  it('reads CLS pooling from a sentence-transformers folder', async () => {
    const dir = writeTinyEncoderModel(path.join(workDir, 'cls-model'), { vectors, clsPooling: true });
    const encoder = await LocalModelEncoder.load(dir);
    const [first, second] = await encoder.encode(['甲丙', '戊庚']);

    expect(encoder.pooling).toBe('cls');
    // The tiny model's CLS row is the same constant for every text.
    expect(denseDot(first!, second!)).toBeCloseTo(1, 5);
  });

  it('rejects a missing folder by name', async () => {
    const missing = path.join(workDir, 'no-such-model');
    const error = await LocalModelEncoder.load(missing).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ShopmindError);
    expect((error as ShopmindError).code).toBe('INVALID_CONFIG');
    expect((error as ShopmindError).message).toContain(missing);
  });

  it('names the missing model file', async () => {
    const dir = writeTinyEncoderModel(path.join(workDir, 'no-onnx'), { vectors });
    rmSync(path.join(dir, 'onnx'), { recursive: true });
    const error = await LocalModelEncoder.load(dir).catch((e: unknown) => e);

    expect((error as ShopmindError).code).toBe('INVALID_CONFIG');
    expect((error as ShopmindError).message).toContain(path.join('onnx', 'model.onnx'));
  });

  it('reports a corrupt model file as a load failure', async () => {
    const dir = writeTinyEncoderModel(path.join(workDir, 'corrupt'), { vectors });
    writeFileSync(path.join(dir, 'onnx', 'model.onnx'), 'not a model');
    const error = await LocalModelEncoder.load(dir).catch((e: unknown) => e);

    expect((error as ShopmindError).code).toBe('INVALID_CONFIG');
    expect((error as ShopmindError).messageEn).toContain('loading failed');
  });

  it('names a broken JSON file before loading', () => {
    const dir = writeTinyEncoderModel(path.join(workDir, 'broken-json'), { vectors });
    writeFileSync(path.join(dir, 'tokenizer.json'), 'garbage');

    expect(() => checkLocalModelFolder(dir)).toThrow(/tokenizer\.json is not valid JSON/);
  });

  it('rejects a file given as the folder', () => {
    expect(() => checkLocalModelFolder(path.join(modelDir, 'config.json'))).toThrow(/not a folder/);
  });
});

describe('question matcher with an encoder', () => {
  it('learns from the encoder cosine what lexical features miss', async () => {
    const training = conceptPairs(120, 1);
    const heldOut = conceptPairs(80, 2);
    const cache = new DenseVectorCache(await LocalModelEncoder.load(modelDir));
    await cache.add([...training, ...heldOut].flatMap((pair) => [pair.a, pair.b]));

    const lexical = trainQuestionMatcher(training, { includeSeedCorpus: false });
    const semantic = trainQuestionMatcher(training, { includeSeedCorpus: false, denseVectors: cache });
    const lexicalAccuracy = accuracy(heldOut, (a, b) => lexical.probability(a, b));
    const semanticAccuracy = accuracy(heldOut, (a, b) => semantic.probability(a, b));

    expect(semantic.model.features.at(-1)).toBe('encoder_cosine');
    expect(semanticAccuracy).toBeGreaterThanOrEqual(0.9);
    expect(semanticAccuracy).toBeGreaterThan(lexicalAccuracy + 0.1);
  });

  it('rejects a text that was not encoded first', async () => {
    const cache = new DenseVectorCache(await LocalModelEncoder.load(modelDir));
    await cache.add(['甲丙', '乙丁']);
    const matcher = trainQuestionMatcher(
      [
        { a: '甲丙', b: '乙丁', same: true },
        { a: '甲丙', b: '甲丙', same: false },
      ],
      { includeSeedCorpus: false, denseVectors: cache },
    );

    expect(() => matcher.probability('甲丙', '壬癸')).toThrow(/DenseVectorCache/);
  });
});

describe('afqmc evaluation with an encoder', () => {
  let dataDir: string;

  beforeAll(() => {
    dataDir = path.join(workDir, 'afqmc');
    const lines = conceptPairs(300, 3).map((pair) => JSON.stringify({ sentence1: pair.a, sentence2: pair.b, label: pair.same ? '1' : '0' }));
    mkdirSync(dataDir);
    writeFileSync(path.join(dataDir, 'dev.json'), `${lines.join('\n')}\n`);
  });

  it('adds the encoder feature and an encoder baseline', async () => {
    const report = await runAfqmcEvaluation({ dataDir, encoderDir: modelDir });
    const models = report.models as Record<string, { accuracy: number; f1: number }>;

    expect(report.encoder).toBe('local:tiny-model');
    expect(Object.keys(models)).toEqual(['shopmind', 'bm25', 'encoder', 'all-positive', 'majority']);
    expect(models.shopmind!.accuracy).toBeGreaterThan(models.majority!.accuracy + 0.2);
    expect(models.shopmind!.accuracy).toBeGreaterThan(models.bm25!.accuracy);
  });

  it('runs from the CLI with --encoder-dir', async () => {
    const { stdout } = await run(
      'npx',
      ['tsx', 'src/cli/main.ts', 'eval', 'assistant', '--dataset', 'afqmc', '--data-dir', dataDir, '--encoder-dir', modelDir, '--json'],
      { cwd: repoRoot, maxBuffer: 1 << 24 },
    );
    const report = JSON.parse(stdout) as { encoder: string; models: Record<string, { accuracy: number }> };

    expect(report.encoder).toBe('local:tiny-model');
    expect(report.models.encoder!.accuracy).toBeGreaterThan(0.9);
  });

  it('fails clearly when --encoder-dir is not a model', async () => {
    const failure = await run(
      'npx',
      ['tsx', 'src/cli/main.ts', 'eval', 'assistant', '--dataset', 'afqmc', '--data-dir', dataDir, '--encoder-dir', dataDir],
      { cwd: repoRoot, env: { ...process.env, SHOPMIND_LANG: 'both' } },
    ).catch((error: { code: number; stderr: string }) => error);

    expect((failure as { code: number }).code).not.toBe(0);
    expect((failure as { stderr: string }).stderr).toContain('config.json');
  });
});
