/**
 * Reply-retrieval evaluation on JDDC-style data: a folder with one
 * line-aligned pair of files `X.enc` (dialogue contexts) and `X.dec` (the
 * agent reply that followed), whatever the stem X.
 *
 * Protocol: the first 80% of pairs are the knowledge side that shopmind
 * learns from and BM25 takes its statistics from. The next `gap` pairs are
 * skipped and every later pair is evaluated. Pairs of one session sit on
 * neighbouring lines, so the gap keeps a session that spans the split out of
 * the evaluated side unless it has more than `gap` pairs. Each evaluated context
 * ranks its true reply among up to 99 other replies drawn with a fixed seed
 * from evaluated pairs more than `gap` lines away (other sessions), with
 * distinct texts that differ from the true reply. Ties are broken by the
 * candidates' shuffled order.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { createReplyRetriever, type DialoguePair } from '../assistant/retrieval/reply-retriever.js';
import { invalidRequest, ShopmindError } from '../core/errors.js';
import { seededRandom, shuffleInPlace } from '../core/random.js';
import { Bm25Index } from '../text/bm25.js';
import { Tokenizer } from '../text/tokenizer.js';
import type { AssistantEvaluationOptions } from './assistant-eval.js';
import { MetricAverager } from './metrics.js';
import type { EvaluationReport } from './report.js';

const knowledgeShare = 0.8;
const candidatesPerContext = 100;
const maxGap = 10;

/** Finds the one `X.enc` / `X.dec` pair in the folder; anything else is an error that lists what was found. */
export function findDialogueFiles(dataDir: string): { stem: string; enc: string; dec: string } {
  if (!existsSync(dataDir) || !statSync(dataDir).isDirectory()) {
    throw new ShopmindError(
      'DATASET_NOT_FOUND',
      {
        zh: `找不到目录 ${dataDir}：请用 --data-dir 指向含一对 X.enc / X.dec 文件的目录`,
        en: `folder ${dataDir} not found: point --data-dir at a folder holding one X.enc / X.dec pair`,
      },
      { dataDir },
    );
  }
  const files = readdirSync(dataDir);
  const stems = (extension: string) => files.filter((f) => f.endsWith(extension)).map((f) => f.slice(0, -extension.length));
  const encStems = stems('.enc');
  const decStems = new Set(stems('.dec'));
  const paired = encStems.filter((stem) => decStems.has(stem));
  const unpaired = [...encStems.filter((s) => !decStems.has(s)).map((s) => `${s}.enc`), ...[...decStems].filter((s) => !encStems.includes(s)).map((s) => `${s}.dec`)];
  if (paired.length !== 1 || unpaired.length > 0) {
    const found = files.filter((f) => f.endsWith('.enc') || f.endsWith('.dec'));
    throw new ShopmindError(
      paired.length === 0 ? 'DATASET_NOT_FOUND' : 'INVALID_REQUEST',
      {
        zh: `${dataDir} 必须恰好有一对同名的 X.enc / X.dec 文件，实际找到：${found.join('、') || '无'}；请只留一对或为每对建一个目录`,
        en: `${dataDir} must hold exactly one X.enc / X.dec pair with the same stem, found: ${found.join(', ') || 'none'}; keep one pair or give each pair its own folder`,
      },
      { dataDir, found },
    );
  }
  const stem = paired[0]!;
  return { stem, enc: path.join(dataDir, `${stem}.enc`), dec: path.join(dataDir, `${stem}.dec`) };
}

/** Reads the line-aligned pairs; files with different line counts are rejected. */
export function readDialoguePairs(dataDir: string): { stem: string; pairs: DialoguePair[] } {
  const files = findDialogueFiles(dataDir);
  const lines = (file: string) => {
    const all = readFileSync(file, 'utf8').split(/\r?\n/);
    if (all.at(-1) === '') all.pop();
    return all;
  };
  const contexts = lines(files.enc);
  const replies = lines(files.dec);
  if (contexts.length !== replies.length) {
    throw new ShopmindError(
      'INVALID_FILE',
      {
        zh: `${files.stem}.enc 有 ${contexts.length} 行而 ${files.stem}.dec 有 ${replies.length} 行：两个文件必须逐行对齐`,
        en: `${files.stem}.enc has ${contexts.length} lines but ${files.stem}.dec has ${replies.length}: the files must be line-aligned`,
      },
      { enc: files.enc, dec: files.dec },
    );
  }
  return { stem: files.stem, pairs: contexts.map((context, i) => ({ context, reply: replies[i]! })) };
}

interface Split {
  knowledge: DialoguePair[];
  /** Indices of the evaluated pairs in the file. */
  evaluated: number[];
  gap: number;
}

function splitPairs(pairs: DialoguePair[]): Split {
  const cut = Math.floor(pairs.length * knowledgeShare);
  // A tiny file cannot spare 10 pairs, so the gap shrinks with it.
  const gap = Math.min(maxGap, Math.floor(pairs.length / 50));
  const evaluated = [...pairs.keys()].filter((i) => i >= cut + gap);
  if (cut < 2 || evaluated.length < 2) {
    throw new ShopmindError(
      'INVALID_FILE',
      {
        zh: `只有 ${pairs.length} 对对话：前 80% 作知识侧、其余评测，至少需要 10 对`,
        en: `only ${pairs.length} dialogue pairs: the first 80% are the knowledge side and the rest are evaluated, so at least 10 are needed`,
      },
      { pairs: pairs.length },
    );
  }
  return { knowledge: pairs.slice(0, cut), evaluated, gap };
}

/** Draws the candidates: the evaluated pair's own index first, then pairs with distinct replies from other sessions. */
function drawCandidates(pairs: DialoguePair[], own: number, pool: number[], gap: number, random: () => number): number[] {
  const seen = new Set([pairs[own]!.reply]);
  const out = [own];
  const eligible = pool.filter((j) => Math.abs(j - own) > gap);
  shuffleInPlace(eligible, random);
  for (const j of eligible) {
    if (out.length >= candidatesPerContext) break;
    if (seen.has(pairs[j]!.reply)) continue;
    seen.add(pairs[j]!.reply);
    out.push(j);
  }
  return out;
}

/** 1-based rank of candidate 0 when sorted by score, best first; `order` breaks ties. */
function rankOfTruth(scores: readonly number[], order: readonly number[]): number {
  const sorted = [...order].sort((a, b) => scores[b]! - scores[a]!);
  return sorted.indexOf(0) + 1;
}

function metricsOf(rank: number): Record<string, number> {
  return { 'recall@1': rank <= 1 ? 1 : 0, 'recall@5': rank <= 5 ? 1 : 0, mrr: 1 / rank };
}

function round(value: number): number {
  return Math.round(value * 1e4) / 1e4;
}

/** Runs the jddc evaluation on the folder `options.dataDir`. */
export async function runJddcEvaluation(options: AssistantEvaluationOptions): Promise<EvaluationReport> {
  if (options.encoderDir || options.embedding) {
    throw invalidRequest(
      'jddc 评测不使用句向量模型：请去掉 --encoder-dir / --embedding-model（afqmc 和 demo 支持）',
      'the jddc evaluation does not use a sentence encoder: drop --encoder-dir / --embedding-model (afqmc and demo take them)',
    );
  }
  const started = performance.now();
  const seed = options.seed ?? 42;
  const { stem, pairs } = readDialoguePairs(options.dataDir);
  const { knowledge, evaluated, gap } = splitPairs(pairs);

  options.onProgress?.({ zh: `用 ${knowledge.length} 对知识侧对话建立回复检索`, en: `building the reply retriever on ${knowledge.length} knowledge-side pairs` });
  const retriever = createReplyRetriever(knowledge, { seed, sessionWindow: gap });
  const tokenizer = new Tokenizer();
  const bm25 = Bm25Index.from(knowledge.map((pair) => tokenizer.tokenize(pair.reply)));
  const replyTerms = new Map<number, string[]>();
  const termsOf = (index: number) => {
    let terms = replyTerms.get(index);
    if (!terms) {
      terms = tokenizer.tokenize(pairs[index]!.reply);
      replyTerms.set(index, terms);
    }
    return terms;
  };

  options.onProgress?.({ zh: `评测 ${evaluated.length} 个上下文`, en: `ranking candidates for ${evaluated.length} contexts` });
  const random = seededRandom(seed);
  const averages = { shopmind: new MetricAverager(), bm25: new MetricAverager() };
  let fewestCandidates = candidatesPerContext;
  for (const index of evaluated) {
    const candidates = drawCandidates(pairs, index, evaluated, gap, random);
    fewestCandidates = Math.min(fewestCandidates, candidates.length);
    const order = shuffleInPlace([...candidates.keys()], random);
    const contextTerms = tokenizer.tokenize(pairs[index]!.context);
    const shopmindScores = retriever.scoreCandidates(
      pairs[index]!.context,
      candidates.map((j) => pairs[j]!.reply),
    );
    const bm25Scores = candidates.map((j) => bm25.scoreTokens(contextTerms, termsOf(j)));
    averages.shopmind.add(metricsOf(rankOfTruth(shopmindScores, order)));
    averages.bm25.add(metricsOf(rankOfTruth(bm25Scores, order)));
  }

  return {
    task: 'assistant',
    dataset: 'jddc',
    protocol:
      `${stem}.enc/.dec 共 ${pairs.length} 对：前 ${knowledge.length} 对为知识侧（shopmind 只从这里学习，BM25 的 IDF 也取自这里），` +
      `跳过其后 ${gap} 对，评测其余 ${evaluated.length} 对；每个上下文在真实回复和最多 ${candidatesPerContext - 1} 条` +
      `随机抽取（种子 ${seed}）的其他评测对回复（相距超过 ${gap} 行、文本互不相同）中排序 / ` +
      `${pairs.length} pairs in ${stem}.enc/.dec: the first ${knowledge.length} are the knowledge side (shopmind learns only from them, ` +
      `BM25 takes its IDF from them), the next ${gap} are skipped and the remaining ${evaluated.length} are evaluated; each context ranks ` +
      `its true reply among up to ${candidatesPerContext - 1} replies of other evaluated pairs drawn with seed ${seed} ` +
      `(more than ${gap} lines away, distinct texts)`,
    models: { shopmind: averages.shopmind.means(), bm25: averages.bm25.means() },
    contexts: evaluated.length,
    knowledgePairs: knowledge.length,
    candidates: fewestCandidates,
    weights: Object.fromEntries([
      ...retriever.model.features.map((name, i) => [name, round(retriever.model.weights[i]!)]),
      ['bias', round(retriever.model.bias)],
    ]),
    seconds: round((performance.now() - started) / 1000),
  };
}
