/**
 * The "answer or decline" rule for FAQ and policy answers. A retrieval score
 * alone cannot tell a passage that answers the question from one that shares
 * only its question words. In the demo shop's knowledge base without a coupon
 * entry, "有没有优惠券" scored 0.55 against the warranty FAQ, whose alternative
 * "有没有质保" shares only 有没有. So a hit is also checked for the question's
 * topic words (the words left after dropping question and function words),
 * and it is used only when it covers enough of them.
 */
import { normalizeForRetrieval, Tokenizer } from '../../text/index.js';
import type { KnowledgeHit } from '../retrieval/types.js';

// Words that ask rather than name a topic; matched after `normalizeForRetrieval`, which folds 啥 to 什么 and 咋 to 怎么.
const questionWords = new Set(
  (
    '多少 多久 多长 几天 几 什么 怎么 怎么办 怎样 怎么样 为什么 哪些 哪里 哪儿 哪个 哪家 哪天 时候 可以 能够 能不能 可不可以 ' +
    '有没有 是不是 会不会 一般 通常 一下 请问 问下 想问 你们 我们 咱们 自己 现在 还 吗 呢 吧 呀 啦 嘛 么 支持 需要 要 会 用 帮 帮忙 知道 告诉'
  ).split(' '),
);

const hanCharacter = /\p{Script=Han}/u;
// Question forms that jieba cuts into a word and a piece ("能不能" → 能 / 不能, "多少钱" → 多少 / 钱).
const questionForms = /(\p{Script=Han})[不没]\1|多少钱|几块钱/gu;

/** Topic coverage from which a hit answers the question on its own. */
const fullCoverage = 0.75;
/** Lowest topic coverage of a hit that the question matcher also finds close in meaning. */
const partialCoverage = 0.5;
/** Lowest score of a partly covering hit, which must carry the question-match signal. */
const partialCoverageScore = 0.6;
/** Score of a hit with the question-match signal that is taken even when it shares no topic word (a paraphrase). */
const paraphraseScore = 0.85;

export interface KnowledgeJudgement {
  accepted: boolean;
  /** Share (0..1) of the question's topic words found in the hit's question, alternatives or text. */
  coverage: number;
  /** Topic words the hit does not contain. */
  missing: string[];
}

// Tokens are compared with and without stopwords to find the words the tokenizer counts as stopwords.
const tokenizer = new Tokenizer();

/**
 * Topic words of a question: its tokens without stopwords and question words.
 * Runs of single characters are joined again ("包邮" cut into 包 / 邮, "花呗"
 * into 花 / 呗), because one character alone is found inside too many other
 * words to show that a document is about it.
 */

export function topicWords(question: string): string[] {
  const text = normalizeForRetrieval(question).replace(questionForms, ' ');
  const content = new Set(tokenizer.tokenize(text));
  const words: string[] = [];
  let run = '';
  for (const token of tokenizer.tokenize(text, { keepStopwords: true })) {
    const topical = content.has(token) && !questionWords.has(token);
    if (topical && [...token].length === 1 && hanCharacter.test(token)) {
      // NOTE: a run can also join the ends of two words ("瑜伽垫改" is cut into 瑜伽 / 垫 / 改 and gives 垫改).
      // Such a word counts as missing, which is why knowledge-turns.ts removes product names first.
      run += token;
      continue;
    }
    if (run) words.push(run);
    run = '';
    if (topical) words.push(token);
  }
  if (run) words.push(run);
  return [...new Set(words)];
}

/**
 * Judges whether a hit answers the question. A hit is accepted in three
 * cases. It contains at least `fullCoverage` of the topic words. It contains
 * at least `partialCoverage` of them and scores `partialCoverageScore` or more
 * with the question-match signal ("支持花呗分期吗" against "支持哪些支付方式？",
 * which never names 花呗). Or it scores `paraphraseScore` or more with that
 * signal. A question without topic words is never answered from the knowledge
 * base. A word of one character counts only as a whole token of the hit, not
 * inside a longer word (货 is not covered by 退货).
 */
export function judgeKnowledgeHit(hit: KnowledgeHit, words: readonly string[]): KnowledgeJudgement {
  if (words.length === 0) return { accepted: false, coverage: 0, missing: [] };
  const document = hit.document;
  const text = normalizeForRetrieval([document.title, ...(document.alternatives ?? []), document.text].join('\n'));
  const tokens = new Set(tokenizer.tokenize(text));
  const missing = words.filter((word) => ([...word].length === 1 ? !tokens.has(word) : !text.includes(word)));
  const coverage = (words.length - missing.length) / words.length;
  const questionMatched = hit.signals.includes('question-match');
  const accepted =
    coverage >= fullCoverage ||
    (questionMatched && coverage >= partialCoverage && hit.score >= partialCoverageScore) ||
    (questionMatched && hit.score >= paraphraseScore);
  return { accepted, coverage, missing };
}

/** Share of the best score from which a hit counts as tied with the best one. */
const nearTieShare = 0.9;
/** Lead in phrasing similarity with which a tied hit moves ahead of the best one. */
const phrasingLead = 0.2;
// Sentence-final particles, which carry no meaning for comparing two phrasings.
const particles = new Set([...'吗呢吧啊呀啦嘛']);

function meaningCharacters(text: string): Set<string> {
  return new Set([...normalizeForRetrieval(text)].filter((c) => /[\p{Script=Han}a-z0-9]/u.test(c) && !particles.has(c)));
}

/**
 * Returns the Dice similarity (0..1) of the question's characters and those of
 * the hit's closest phrasing (its question or one of its alternatives).
 * Word order does not count, so "发票怎么开" and "怎么开发票" score 1.
 */
export function phrasingSimilarity(question: string, hit: KnowledgeHit): number {
  const asked = meaningCharacters(question);
  let best = 0;
  for (const phrasing of [hit.document.title, ...(hit.document.alternatives ?? [])]) {
    const characters = meaningCharacters(phrasing);
    const shared = [...asked].filter((c) => characters.has(c)).length;
    if (asked.size + characters.size > 0) best = Math.max(best, (2 * shared) / (asked.size + characters.size));
  }
  return best;
}

/**
 * Moves ahead the hit whose question or alternative is the shopper's
 * question reworded, when it is accepted, scores nearly as high as the best
 * hit and is clearly closer in phrasing. The retriever scores
 * "发票怎么开" a little higher against "发票抬头开错了怎么办？" than against
 * "可以开发票吗？", whose alternative "怎么开发票" has the same characters.
 * Other hits keep their order.
 */
export function preferCloserPhrasing(hits: readonly KnowledgeHit[], question: string, words: readonly string[]): KnowledgeHit[] {
  const top = hits[0];
  if (!top) return [];
  const topSimilarity = phrasingSimilarity(question, top);
  let chosen = top;
  let chosenSimilarity = topSimilarity;
  for (const hit of hits.slice(1)) {
    if (hit.score < top.score * nearTieShare) continue;
    const similarity = phrasingSimilarity(question, hit);
    if (similarity >= topSimilarity + phrasingLead && similarity > chosenSimilarity && judgeKnowledgeHit(hit, words).accepted) {
      chosen = hit;
      chosenSimilarity = similarity;
    }
  }
  return chosen === top ? [...hits] : [chosen, ...hits.filter((hit) => hit !== chosen)];
}
