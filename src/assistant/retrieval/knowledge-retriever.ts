/**
 * Retrieval over the knowledge base (FAQ entries and policy chunks) with
 * scores that mean the same for every query, so the dialogue layer can use
 * one threshold to decide between answering and handing off.
 *
 * Scoring of one document for a query:
 * - lexical = `lexicalWeight` × BM25 + (1 − `lexicalWeight`) × encoder cosine,
 *   where BM25 runs over words and character bigrams (`retrievalTerms`) and
 *   is normalised to the query's IDF-weighted coverage
 *   (`Bm25Index.normalizedScore`), and the cosine is that of the built-in
 *   TF-IDF encoder, the best of the whole document and its parts (an FAQ's
 *   question and alternatives, a policy chunk's title and sentences), both
 *   in [0, 1];
 * - an FAQ also gets the question matcher's same-meaning probability against
 *   its question and each alternative, and its score is the larger of that
 *   probability and the lexical score;
 * - a code from `extractCodes` (SKU, order or tracking number) found verbatim
 *   in the document lifts its score to at least `exactCodeScore`.
 *
 * With a sentence encoder configured (`denseVectors`), the question matcher
 * also weighs the cosine of the query's and the question's sentence vectors.
 * The FAQ entries nearest the query by that cosine join the entries the
 * matcher scores, so a paraphrase that shares no word can still be found.
 * The raw cosine never becomes a score by itself, because its scale differs
 * between models while the matcher's probability is calibrated on labelled pairs.
 */
import { BuiltinEncoder } from '../../embedding/builtin-encoder.js';
import { type DenseVectorCache, denseDot } from '../../embedding/dense-vectors.js';
import { type SparseVector, sparseDot } from '../../embedding/sparse-vector.js';
import { Bm25Index, type Bm25Options } from '../../text/bm25.js';
import { extractCodes } from '../../text/codes.js';
import { normalizeForRetrieval } from '../../text/normalize.js';
import { retrievalTerms } from '../../text/terms.js';
import { Tokenizer } from '../../text/tokenizer.js';
import { SparseIndex } from '../../vector/sparse-index.js';
import type { TextProfile } from './pair-features.js';
import { createQuestionMatcher, type QuestionMatcher, type QuestionMatcherModel } from './question-matcher.js';
import { seedQuestionPairs } from './seed-pairs.js';
import type { KnowledgeDocument, KnowledgeHit, KnowledgeRetriever, SyncKnowledgeRetriever } from './types.js';

export interface KnowledgeRetrieverOptions {
  /** Shop words (brands, product names, SKU codes) kept whole by the tokenizer. */
  customWords?: Iterable<string>;
  /** Question-matcher weights; default `defaultQuestionMatcherModel`. */
  matcherModel?: QuestionMatcherModel;
  /**
   * Sentence vectors of every FAQ question and alternative. `matcherModel`
   * must then include the `encoder_cosine` feature (see
   * `trainDefaultEncoderMatcherModel`), and searches pass the query's vector.
   */
  denseVectors?: DenseVectorCache;
  /** BM25 parameters; defaults k1 1.2, b 0.75. */
  bm25?: Bm25Options;
  /** Share of BM25 in the lexical score, the rest being the encoder cosine. Default 0.5. */
  lexicalWeight?: number;
  /** FAQ entries with the best lexical scores that the question matcher also scores. Default 50. */
  matcherCandidates?: number;
  /** Hits below this score are not returned. Default 0.05. */
  minScore?: number;
  /** Lowest score of a document that contains a code from the query. Default 0.9. */
  exactCodeScore?: number;
}

/** Default number of hits of `search`. */
const defaultK = 5;
// Knowledge bases up to this size are scored in full; larger ones first pick candidates through inverted indexes.
const fullScanLimit = 300;
// Encoder neighbours (documents or their parts) added to the candidates of a large knowledge base.
const encoderCandidates = 200;
// A question match below this probability is not named as a signal.
const questionMatchSignal = 0.5;

interface IndexedDocument {
  document: KnowledgeDocument;
  tokens: string[];
  vector: SparseVector;
  /** Vectors of the FAQ question and alternatives, or of a policy chunk's title and sentences. */
  partVectors: SparseVector[];
  questionProfiles: TextProfile[];
  /** Sentence vectors of the FAQ question and alternatives; empty without an encoder. */
  questionVectors: Float32Array[];
  /** Upper-case text without spaces, where query codes are looked up. */
  codeText: string;
}

/** Knowledge-base hit with the parts of its score, for debugging and reports. */
export interface ScoredKnowledgeHit extends KnowledgeHit {
  components: { bm25: number; encoder: number; questionMatch: number; exactCode: boolean; sentenceCosine?: number };
}

class FusedKnowledgeRetriever implements KnowledgeRetriever {
  private readonly tokenizer: Tokenizer;
  private readonly encoder: BuiltinEncoder;
  private readonly bm25: Bm25Index;
  private readonly matcher: QuestionMatcher;
  private readonly indexed: IndexedDocument[];
  private readonly partIndex = new SparseIndex();
  /** Document number of each row of `partIndex`. */
  private readonly partOwner: number[] = [];
  private readonly lexicalWeight: number;
  private readonly matcherCandidates: number;
  private readonly minScore: number;
  private readonly exactCodeScore: number;

  constructor(documents: readonly KnowledgeDocument[], options: KnowledgeRetrieverOptions) {
    const customWords = [...(options.customWords ?? [])];
    this.lexicalWeight = clampUnit(options.lexicalWeight ?? 0.5, 'lexicalWeight');
    this.minScore = options.minScore ?? 0.05;
    this.exactCodeScore = clampUnit(options.exactCodeScore ?? 0.9, 'exactCodeScore');
    this.matcherCandidates = options.matcherCandidates ?? 50;
    this.tokenizer = new Tokenizer(customWords);

    const texts = documents.map((document) => normalizeForRetrieval(documentText(document)));
    // The seed questions join the encoder's corpus as background, so words every
    // question has (怎么, 可以) get a low IDF even in a knowledge base of five entries.
    const background = seedQuestionPairs.flatMap((pair) => [pair.a, pair.b]).map(normalizeForRetrieval);
    this.encoder = BuiltinEncoder.fit([...texts, ...background], { customWords });
    const tokens = texts.map((text) => retrievalTerms(this.tokenizer, text));
    this.bm25 = Bm25Index.from(tokens, options.bm25);
    this.matcher = createQuestionMatcher({
      corpus: documents.flatMap((document) => questionsOf(document)),
      customWords,
      ...(options.matcherModel ? { model: options.matcherModel } : {}),
      ...(options.denseVectors ? { denseVectors: options.denseVectors } : {}),
    });
    const denseVectors = options.denseVectors;
    this.indexed = documents.map((document, i) => ({
      document,
      tokens: tokens[i]!,
      vector: this.encoder.encodeSparse(texts[i]!),
      partVectors: partsOf(document).map((part) => this.encoder.encodeSparse(normalizeForRetrieval(part))),
      questionProfiles: questionsOf(document).map((question) => this.matcher.profile(question)),
      questionVectors: denseVectors ? questionsOf(document).map((question) => denseVectorOf(denseVectors, question)) : [],
      codeText: documentText(document).normalize('NFKC').toUpperCase().replace(/\s+/g, ''),
    }));
    this.indexed.forEach((entry, i) => {
      for (const vector of [entry.vector, ...entry.partVectors]) {
        this.partIndex.add(vector);
        this.partOwner.push(i);
      }
    });
  }

  search(query: string, k = defaultK): KnowledgeHit[] {
    return this.searchScored(query, k);
  }

  /** Scored hits; `queryVector` is the query's sentence vector, required when the matcher uses an encoder. */
  searchScored(query: string, k = defaultK, queryVector?: Float32Array): ScoredKnowledgeHit[] {
    if (this.matcher.usesEncoder && !queryVector) {
      throw new RangeError('this retriever uses a sentence encoder: pass the query vector to searchScored');
    }
    const normalized = normalizeForRetrieval(query);
    if (normalized.length === 0 || k <= 0) return [];
    const queryTokens = retrievalTerms(this.tokenizer, normalized);
    const querySparse = this.encoder.encodeSparse(normalized);
    const codes = extractCodes(query).map((code) => code.value);

    const candidates = this.candidates(queryTokens, querySparse, codes);
    const scored = (candidates ? candidates.map((i) => this.indexed[i]!) : this.indexed).map((entry) => {
      const bm25 = this.bm25.normalizedScore(queryTokens, entry.tokens);
      const encoder = Math.max(0, sparseDot(querySparse, entry.vector), ...entry.partVectors.map((v) => sparseDot(querySparse, v)));
      const lexical = this.lexicalWeight * bm25 + (1 - this.lexicalWeight) * encoder;
      const exactCode = codes.some((code) => entry.codeText.includes(code));
      const sentenceCosine = queryVector ? Math.max(0, ...entry.questionVectors.map((v) => denseDot(queryVector, v))) : undefined;
      return { entry, bm25, encoder: Math.min(1, encoder), lexical, exactCode, questionMatch: 0, sentenceCosine };
    });

    // The question matcher is the slow part, so it only scores the FAQ entries the lexical scores put first,
    // plus, with an encoder, those nearest the query by sentence cosine.
    const queryProfile = this.matcher.profile(query, queryVector);
    const faqs = scored.filter((item) => item.entry.questionProfiles.length > 0);
    const faqCandidates = new Set([...faqs].sort((a, b) => b.lexical - a.lexical).slice(0, this.matcherCandidates));
    if (queryVector) {
      const nearest = [...faqs].sort((a, b) => (b.sentenceCosine ?? 0) - (a.sentenceCosine ?? 0)).slice(0, this.matcherCandidates);
      for (const item of nearest) faqCandidates.add(item);
    }
    for (const item of faqCandidates) {
      item.questionMatch = Math.max(
        ...item.entry.questionProfiles.map((profile) => this.matcher.probabilityOfProfiles(queryProfile, profile)),
      );
    }

    const hits = scored.map((item) => this.toHit(item));
    return hits
      .filter((hit) => hit.score >= this.minScore)
      .sort((a, b) => b.score - a.score || a.document.id.localeCompare(b.document.id))
      .slice(0, k);
  }

  /**
   * Documents worth scoring in a large knowledge base: those sharing a term
   * that is not in most documents, the encoder's nearest documents and parts,
   * and those containing a code from the query. Returns undefined when every
   * document should be scored (small base, or too few candidates).
   */
  private candidates(queryTokens: readonly string[], queryVector: SparseVector, codes: readonly string[]): number[] | undefined {
    const n = this.indexed.length;
    if (n <= fullScanLimit) return undefined;
    // NOTE: a document that shares only very common terms with the query and is
    // not among the encoder's nearest is skipped; its lexical score would be low.
    const commonDf = Math.max(50, Math.floor(n * 0.1));
    const picked = new Set<number>();
    for (const term of new Set(queryTokens)) {
      const docs = this.bm25.documentsWith(term);
      if (docs.length <= commonDf) for (const doc of docs) picked.add(doc);
    }
    for (const hit of this.partIndex.search(queryVector, encoderCandidates)) picked.add(this.partOwner[hit.index]!);
    if (codes.length > 0) {
      this.indexed.forEach((entry, i) => {
        if (codes.some((code) => entry.codeText.includes(code))) picked.add(i);
      });
    }
    return picked.size >= this.matcherCandidates ? [...picked].sort((a, b) => a - b) : undefined;
  }

  private toHit(item: {
    entry: IndexedDocument;
    bm25: number;
    encoder: number;
    lexical: number;
    exactCode: boolean;
    questionMatch: number;
    sentenceCosine?: number | undefined;
  }): ScoredKnowledgeHit {
    let score = Math.max(item.lexical, item.questionMatch);
    if (item.exactCode) score = Math.max(score, this.exactCodeScore);
    const signals: string[] = [];
    if (item.bm25 > 0) signals.push('bm25');
    if (item.encoder > 0) signals.push('encoder');
    if (item.questionMatch >= questionMatchSignal) signals.push('question-match');
    if (item.sentenceCosine !== undefined && item.questionMatch >= questionMatchSignal) signals.push('sentence-encoder');
    if (item.exactCode) signals.push('exact-code');
    return {
      document: item.entry.document,
      score: Math.min(1, Math.max(0, score)),
      signals,
      components: {
        bm25: item.bm25,
        encoder: item.encoder,
        questionMatch: item.questionMatch,
        exactCode: item.exactCode,
        ...(item.sentenceCosine !== undefined ? { sentenceCosine: item.sentenceCosine } : {}),
      },
    };
  }
}

/** Returns the FAQ question and its alternatives, or nothing for a policy chunk. */
function questionsOf(document: KnowledgeDocument): string[] {
  if (document.kind !== 'faq') return [];
  return [document.title, ...(document.alternatives ?? [])].filter((text) => text.trim().length > 0);
}

/** Parts whose cosine with the query may count for the whole document: a short query matches one sentence, not a whole chunk. */
function partsOf(document: KnowledgeDocument): string[] {
  if (document.kind === 'faq') return questionsOf(document);
  const sentences = document.text.split(/[。！？!?；;\n]+/).filter((sentence) => sentence.trim().length > 0);
  return [document.title, ...sentences];
}

function documentText(document: KnowledgeDocument): string {
  return [document.title, ...(document.alternatives ?? []), document.text].join('\n');
}

function denseVectorOf(vectors: DenseVectorCache, text: string): Float32Array {
  const vector = vectors.get(text);
  if (!vector) throw new RangeError(`no sentence vector for FAQ question "${text.slice(0, 40)}": add the questions to the cache first`);
  return vector;
}

function clampUnit(value: number, name: string): number {
  if (!(value >= 0 && value <= 1)) throw new RangeError(`${name} must be within [0, 1], got ${value}`);
  return value;
}

/**
 * Builds a retriever over the documents of one knowledge-base version. Hits
 * carry a score in [0, 1] (see the module comment for how it is made) and the
 * names of the signals that matched: 'bm25', 'encoder', 'question-match'
 * (probability at least 0.5) and 'exact-code'.
 */
export function createKnowledgeRetriever(
  documents: readonly KnowledgeDocument[],
  options: KnowledgeRetrieverOptions = {},
): SyncKnowledgeRetriever & { searchScored(query: string, k?: number, queryVector?: Float32Array): ScoredKnowledgeHit[] } {
  return new FusedKnowledgeRetriever(documents, options);
}
