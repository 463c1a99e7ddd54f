/**
 * Reply retrieval from a shop's past chats: given a dialogue context, rank
 * candidate agent replies. It learns only from the (context, reply) pairs it
 * is built on.
 *
 * Each candidate gets nine signals, combined by a logistic regression:
 * - direct match of context and candidate: BM25 (coverage-normalised, see
 *   `Bm25Index.normalizedScore`) and encoder cosine, once for the whole
 *   context and once for its last `recentSegments` comma-separated segments,
 *   the turns a reply responds to;
 * - neighbour votes: the contexts most similar to the query context (encoder
 *   cosine, whole and recent part) vote for the candidate with the cosine
 *   between their own reply and the candidate, as a similarity-weighted mean
 *   and as the best single vote;
 * - density: mean cosine of the candidate to its ten nearest known replies,
 *   which tells a common template reply from an unusual one.
 * The weights are fitted at build time on the pairs themselves: sampled
 * contexts rank their own reply against replies of other pairs, with every
 * pair within `sessionWindow` lines of the sampled one hidden from its
 * neighbours and negatives, so a context never sees its own reply.
 */
import { seededRandom } from '../../core/random.js';
import { BuiltinEncoder } from '../../embedding/builtin-encoder.js';
import { type SparseVector, sparseDot } from '../../embedding/sparse-vector.js';
import { Bm25Index } from '../../text/bm25.js';
import { normalizeForRetrieval } from '../../text/normalize.js';
import { Tokenizer } from '../../text/tokenizer.js';
import { SparseIndex } from '../../vector/sparse-index.js';
import type { ScoredIndex } from '../../vector/top-k.js';
import { fitLogistic, type LogisticModel, predictProbability } from './logistic-regression.js';

/** One context and the agent reply that followed it. */
export interface DialoguePair {
  context: string;
  reply: string;
}

export interface ReplyRetrieverOptions {
  /** Shop words (brands, product names, SKU codes) kept whole by the tokenizer. */
  customWords?: Iterable<string>;
  /** Seed of the training sample and its negatives. Default 1. */
  seed?: number;
  /** Contexts sampled to fit the fusion weights. Default 1500. */
  trainingContexts?: number;
  /** Other replies each sampled context is ranked against. Default 19. */
  negativesPerContext?: number;
  /** Similar contexts that vote. Default 30. */
  neighbours?: number;
  /** Trailing comma-separated segments taken as the recent turns. Default 2. */
  recentSegments?: number;
  /**
   * Pairs this many lines before or after a sampled training pair are taken
   * to be from the same session and are hidden from it. Default 10.
   */
  sessionWindow?: number;
}

export interface SuggestedReply {
  reply: string;
  score: number;
  /** Index of the pair the reply comes from. */
  pair: number;
}

export const replySignalNames = [
  'bm25',
  'bm25_recent',
  'cosine',
  'cosine_recent',
  'neighbour_vote',
  'neighbour_best',
  'recent_neighbour_vote',
  'recent_neighbour_best',
  'density',
] as const;

interface ContextView {
  terms: string[];
  recentTerms: string[];
  vector: SparseVector;
  recentVector: SparseVector;
  neighbours: ScoredIndex[];
  recentNeighbours: ScoredIndex[];
}

interface CandidateView {
  terms: string[];
  vector: SparseVector;
  density: number;
}

// Candidate views are cached by text; the cache is dropped when it grows past this many entries.
const maxCachedCandidates = 50_000;
const densityNeighbours = 10;

/** Ranks candidate replies for a dialogue context; see the module comment for the method. */
export class ReplyRetriever {
  readonly model: LogisticModel;
  private readonly pairs: readonly DialoguePair[];
  private readonly tokenizer: Tokenizer;
  private readonly encoder: BuiltinEncoder;
  private readonly bm25: Bm25Index;
  private readonly replyVectors: SparseVector[];
  private readonly contextIndex = new SparseIndex();
  private readonly recentIndex = new SparseIndex();
  private readonly replyIndex = new SparseIndex();
  private readonly neighbourCount: number;
  private readonly recentSegments: number;
  private readonly candidateCache = new Map<string, CandidateView>();

  constructor(pairs: readonly DialoguePair[], options: ReplyRetrieverOptions = {}) {
    if (pairs.length < 2) throw new RangeError(`a reply retriever needs at least 2 dialogue pairs, got ${pairs.length}`);
    this.pairs = pairs;
    this.neighbourCount = options.neighbours ?? 30;
    this.recentSegments = options.recentSegments ?? 2;
    this.tokenizer = new Tokenizer(options.customWords ?? []);

    const contexts = pairs.map((pair) => normalizeForRetrieval(pair.context));
    const replies = pairs.map((pair) => normalizeForRetrieval(pair.reply));
    this.encoder = BuiltinEncoder.fit([...contexts, ...replies], { customWords: options.customWords ?? [] });
    this.bm25 = Bm25Index.from(replies.map((reply) => this.tokenizer.tokenizeNormalized(reply)));
    this.replyVectors = replies.map((reply) => this.encoder.encodeSparse(reply));
    for (let i = 0; i < pairs.length; i++) {
      this.contextIndex.add(this.encoder.encodeSparse(contexts[i]!));
      this.recentIndex.add(this.encoder.encodeSparse(this.recentPart(contexts[i]!)));
      this.replyIndex.add(this.replyVectors[i]!);
    }
    this.model = this.fit(options);
  }

  /** Scores of the candidates for the context, in candidate order; higher is better, in (0, 1). */
  scoreCandidates(context: string, candidates: readonly string[]): number[] {
    const view = this.viewContext(context);
    return candidates.map((candidate) => predictProbability(this.model, this.signals(view, this.viewCandidate(candidate))));
  }

  /** Suggests replies from the known pairs for a new context: the neighbours' replies, reranked. */
  suggest(context: string, k = 5): SuggestedReply[] {
    const view = this.viewContext(context);
    const pool = new Map<string, number>();
    for (const hit of [...view.neighbours, ...view.recentNeighbours]) {
      const reply = this.pairs[hit.index]!.reply;
      if (!pool.has(reply)) pool.set(reply, hit.index);
    }
    const scored = [...pool].map(([reply, pair]) => ({
      reply,
      pair,
      score: predictProbability(this.model, this.signals(view, this.viewCandidate(reply))),
    }));
    return scored.sort((a, b) => b.score - a.score || a.pair - b.pair).slice(0, k);
  }

  private fit(options: ReplyRetrieverOptions): LogisticModel {
    const random = seededRandom(options.seed ?? 1);
    const window = options.sessionWindow ?? 10;
    const negatives = options.negativesPerContext ?? 19;
    const sampleSize = Math.min(options.trainingContexts ?? 1500, this.pairs.length);
    const order = [...this.pairs.keys()];
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }

    const rows: number[][] = [];
    const labels: boolean[] = [];
    for (const index of order.slice(0, sampleSize)) {
      const hidden = new Set<number>();
      for (let d = -window; d <= window; d++) hidden.add(index + d);
      const view = this.viewContext(this.pairs[index]!.context, hidden);
      const candidates = [index, ...this.drawNegatives(index, hidden, negatives, random)];
      for (const candidate of candidates) {
        rows.push(this.signals(view, this.viewCandidate(this.pairs[candidate]!.reply, candidate)));
        labels.push(candidate === index);
      }
    }
    return fitLogistic([...replySignalNames], rows, labels, { l2: 1 });
  }

  private drawNegatives(index: number, hidden: ReadonlySet<number>, count: number, random: () => number): number[] {
    const own = this.pairs[index]!.reply;
    const seen = new Set([own]);
    const out: number[] = [];
    for (let attempt = 0; out.length < count && attempt < count * 50; attempt++) {
      const other = Math.floor(random() * this.pairs.length);
      const reply = this.pairs[other]!.reply;
      if (hidden.has(other) || seen.has(reply)) continue;
      seen.add(reply);
      out.push(other);
    }
    return out;
  }

  private recentPart(normalized: string): string {
    const segments = normalized.split(/[,，]/).filter((segment) => segment.trim().length > 0);
    return segments.slice(-this.recentSegments).join(',');
  }

  private viewContext(context: string, hidden?: ReadonlySet<number>): ContextView {
    const normalized = normalizeForRetrieval(context);
    const recent = this.recentPart(normalized);
    const vector = this.encoder.encodeSparse(normalized);
    const recentVector = this.encoder.encodeSparse(recent);
    const searchOptions = hidden ? { exclude: hidden } : {};
    return {
      terms: this.tokenizer.tokenizeNormalized(normalized),
      recentTerms: this.tokenizer.tokenizeNormalized(recent),
      vector,
      recentVector,
      neighbours: this.contextIndex.search(vector, this.neighbourCount, searchOptions),
      recentNeighbours: this.recentIndex.search(recentVector, this.neighbourCount, searchOptions),
    };
  }

  /** `own` is the pair a training candidate comes from; its reply must not count towards its own density. */
  private viewCandidate(reply: string, own?: number): CandidateView {
    const cached = own === undefined ? this.candidateCache.get(reply) : undefined;
    if (cached) return cached;
    const normalized = normalizeForRetrieval(reply);
    const vector = this.encoder.encodeSparse(normalized);
    const nearest = this.replyIndex.search(vector, densityNeighbours, own === undefined ? {} : { exclude: new Set([own]) });
    const view: CandidateView = {
      terms: this.tokenizer.tokenizeNormalized(normalized),
      vector,
      density: nearest.reduce((sum, hit) => sum + hit.score, 0) / densityNeighbours,
    };
    if (own === undefined) {
      if (this.candidateCache.size >= maxCachedCandidates) this.candidateCache.clear();
      this.candidateCache.set(reply, view);
    }
    return view;
  }

  private signals(context: ContextView, candidate: CandidateView): number[] {
    return [
      this.bm25.normalizedScore(context.terms, candidate.terms),
      this.bm25.normalizedScore(context.recentTerms, candidate.terms),
      Math.max(0, sparseDot(context.vector, candidate.vector)),
      Math.max(0, sparseDot(context.recentVector, candidate.vector)),
      this.vote(context.neighbours, candidate.vector, 'mean'),
      this.vote(context.neighbours, candidate.vector, 'best'),
      this.vote(context.recentNeighbours, candidate.vector, 'mean'),
      this.vote(context.recentNeighbours, candidate.vector, 'best'),
      candidate.density,
    ];
  }

  private vote(neighbours: readonly ScoredIndex[], candidate: SparseVector, mode: 'mean' | 'best'): number {
    let sum = 0;
    let weights = 0;
    let best = 0;
    for (const neighbour of neighbours) {
      const agreement = Math.max(0, sparseDot(candidate, this.replyVectors[neighbour.index]!));
      sum += neighbour.score * agreement;
      weights += neighbour.score;
      best = Math.max(best, neighbour.score * agreement);
    }
    if (mode === 'best') return best;
    return weights === 0 ? 0 : sum / weights;
  }
}

/** Builds a reply retriever over a shop's past (context, reply) pairs and fits its fusion weights on them. */
export function createReplyRetriever(pairs: readonly DialoguePair[], options: ReplyRetrieverOptions = {}): ReplyRetriever {
  return new ReplyRetriever(pairs, options);
}
