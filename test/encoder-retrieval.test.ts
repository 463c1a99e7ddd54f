import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAssistantService } from '../src/assistant/index.js';
import { EncoderRetrieverBuilder } from '../src/assistant/retrieval/encoder-retriever.js';
import { createKnowledgeRetriever } from '../src/assistant/retrieval/knowledge-retriever.js';
import { encoderFeatureName, pairFeatureNames } from '../src/assistant/retrieval/pair-features.js';
import type { QuestionMatcherModel } from '../src/assistant/retrieval/question-matcher.js';
import type { KnowledgeDocument } from '../src/assistant/retrieval/types.js';
import { loadConfig } from '../src/core/config.js';
import { createContext } from '../src/core/context.js';
import { ShopmindError } from '../src/core/errors.js';
import { silentLogger } from '../src/core/logger.js';
import { DenseVectorCache } from '../src/embedding/dense-vectors.js';
import { LocalModelEncoder } from '../src/embedding/local-model-encoder.js';
import { loadDemoStore } from '../src/evaluation/assistant-demo-store.js';
import { dialects, type TestStore } from './helpers/stores.js';
import { writeTinyEncoderModel } from './helpers/tiny-encoder-model.js';

// Six "concepts", each written with either of two characters. The tiny model
// gives both characters the same vector, so 乙丁己 means the same as 甲丙戊
// although they share no character.
const concepts = ['甲乙', '丙丁', '戊己', '庚辛', '壬癸', '子丑'];
const vectors = Object.fromEntries(
  concepts.flatMap((pair, i) => [...pair].map((character) => [character, concepts.map((_, j) => (i === j ? 1 : 0))])),
);

const documents: KnowledgeDocument[] = [
  { id: 'faq:a', kind: 'faq', title: '甲丙戊', text: '答案 A', version: 1 },
  { id: 'faq:b', kind: 'faq', title: '庚壬子', text: '答案 B', version: 1 },
  { id: 'faq:c', kind: 'faq', title: '甲庚丑', alternatives: ['乙辛子'], text: '答案 C', version: 1 },
  { id: 'policy:x', kind: 'policy', title: '规则', text: '壬癸子丑。', version: 1 },
];

/** Weights that read only the encoder cosine: probability 0.98 at cosine 1, below 0.01 at 0. */
const cosineOnlyModel: QuestionMatcherModel = {
  version: 1,
  features: [...pairFeatureNames, encoderFeatureName],
  weights: [...pairFeatureNames.map(() => 0), 10],
  bias: -6,
  l2: 0,
  trainedOn: 'hand-set for tests',
};

let workDir: string;
let modelDir: string;

beforeAll(() => {
  workDir = mkdtempSync(path.join(os.tmpdir(), 'shopmind-encoder-retrieval-'));
  modelDir = writeTinyEncoderModel(path.join(workDir, 'tiny-model'), { vectors });
});

afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
});

describe('knowledge retrieval with a sentence encoder', () => {
  it('misses a no-shared-word paraphrase without the encoder', () => {
    const hits = createKnowledgeRetriever(documents).search('乙丁己', 3);

    expect(hits.filter((hit) => hit.score >= 0.35).map((hit) => hit.document.id)).not.toContain('faq:a');
  });

  it('finds the paraphrase through the encoder', async () => {
    const builder = new EncoderRetrieverBuilder(await LocalModelEncoder.load(modelDir), { matcherModel: cosineOnlyModel });
    const retriever = await builder.build(documents);
    const [top, second] = await retriever.search('乙丁己', 3);

    expect(retriever.encoderName).toBe('local:tiny-model');
    expect(top!.document.id).toBe('faq:a');
    expect(top!.score).toBeGreaterThan(0.9);
    expect(top!.signals).toContain('sentence-encoder');
    expect(top!.components.sentenceCosine).toBeCloseTo(1, 2);
    expect(second?.score ?? 0).toBeLessThan(0.35);
  });

  it('matches an alternative phrasing through the encoder', async () => {
    const builder = new EncoderRetrieverBuilder(await LocalModelEncoder.load(modelDir), { matcherModel: cosineOnlyModel });
    const retriever = await builder.build(documents);
    const [top] = await retriever.search('甲辛丑', 1);

    expect(top!.document.id).toBe('faq:c');
  });

  it('fits default weights with the encoder feature', async () => {
    const builder = new EncoderRetrieverBuilder(await LocalModelEncoder.load(modelDir));
    const retriever = await builder.build(documents);
    const hits = await retriever.search('甲丙戊', 3);

    expect(hits[0]!.document.id).toBe('faq:a');
  });

  it('rejects a search without the query vector', async () => {
    const cache = new DenseVectorCache(await LocalModelEncoder.load(modelDir));
    await cache.add(documents.flatMap((d) => [d.title, ...(d.alternatives ?? [])]));
    const retriever = createKnowledgeRetriever(documents, { matcherModel: cosineOnlyModel, denseVectors: cache });

    expect(() => retriever.searchScored('甲丙戊', 1)).toThrow(/query vector/);
  });
});

describe('assistant configured with SHOPMIND_ENCODER_DIR', () => {
  it('rejects a folder without a model at start-up', () => {
    const config = loadConfig({ SHOPMIND_DATA_DIR: workDir, SHOPMIND_ENCODER_DIR: path.join(workDir, 'missing') });
    const create = () => createAssistantService({ config, store: undefined as never, logger: silentLogger() });

    expect(create).toThrow(ShopmindError);
    expect(create).toThrow(/missing/);
  });
});

describe.each(dialects)('assistant with a local encoder on the demo store ($name)', (dialect) => {
  let t: TestStore;

  beforeAll(async () => {
    t = await dialect.open();
    await loadDemoStore(t.store, 'demo');
  });

  afterAll(async () => {
    await t.cleanup();
  });

  it('answers a policy question from the knowledge base', async () => {
    const config = loadConfig({ SHOPMIND_DATA_DIR: workDir, SHOPMIND_ENCODER_DIR: modelDir });
    const service = createAssistantService({ config, store: t.store, logger: silentLogger() });
    const answer = await service.chat(createContext('demo', { shopperId: 'u001' }), { message: '可以开发票吗' });

    expect(answer.mode).toBe('retrieval');
    expect(answer.citations.length).toBeGreaterThan(0);
    expect(answer.text).toContain('发票');
  });
});
