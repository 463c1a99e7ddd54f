import { AnswerBuilder, type Source } from '../answers/sources.js';
import { bareNumberQuestion, replies } from '../answers/replies.js';
import { englishPolicyQuery } from '../dialogue/english-questions.js';
import { type Intent, withoutAddress } from '../dialogue/intents.js';
import type { KnowledgeHit } from '../retrieval/types.js';
import { maskPii } from '../../core/pii.js';
import { normalizeText } from '../../text/index.js';
import { withoutProductName } from '../tools/product-attributes.js';
import { lowConfidence } from './handoff-triggers.js';
import { judgeKnowledgeHit, preferCloserPhrasing, topicWords } from './knowledge-confidence.js';
import type { TurnDeps, TurnInput, TurnOutcome } from './turn-types.js';

const maxPassageChars = 400;
const vagueWords = new Set(['就是', '那个', '这个', '东西', '啥', '什么', '怎么', '一下', '问题', '请问', '可以', '嗯嗯', '那', '这', '呢', '啊', '吧', '哈', '哦', '嗯']);

/** Converts a hit to a source; policy passages are cut at a sentence end near `maxPassageChars`. */
export function knowledgeSource(hit: KnowledgeHit): Source {
  const document = hit.document;
  let text = document.text.trim();
  if (text.length > maxPassageChars) {
    const cut = text.slice(0, maxPassageChars);
    const end = Math.max(cut.lastIndexOf('。'), cut.lastIndexOf('\n'));
    text = end > maxPassageChars / 2 ? cut.slice(0, end + 1) : `${cut}…`;
  }
  return { id: document.id, kind: document.kind, title: document.title, text, version: document.version };
}

/** Searches the knowledge base and keeps the hits that reach the score threshold. */
export async function searchKnowledge(deps: TurnDeps, input: TurnInput, query: string, k = 3): Promise<KnowledgeHit[]> {
  const snapshot = await deps.knowledge.snapshot(input.ctx.shopId);
  const hits = await snapshot.retriever.search(query, k);
  return hits.filter((hit) => hit.score >= deps.minKnowledgeScore);
}

/**
 * Topic words of a question for judging knowledge hits, without the name of
 * a product it mentions: the FAQ states rules for every product, so
 * "瑜伽垫能改地址吗" is answered by the address rule that never names the mat.
 */
async function ruleTopicWords(deps: TurnDeps, input: TurnInput, question: string): Promise<string[]> {
  const product = await deps.catalog.findByTitle(input.ctx, question);
  return topicWords(product ? withoutProductName(normalizeText(question), product) : question);
}

/**
 * Like `searchKnowledge` for a shopper's own words: personal data is left
 * out of the query, and only hits that cover the question's topic are kept
 * (see knowledge-confidence.ts), the one closest in phrasing first.
 */
export async function searchCoveredKnowledge(deps: TurnDeps, input: TurnInput, message: string, k = 3): Promise<KnowledgeHit[]> {
  const question = withoutPersonalDetails(message);
  const words = await ruleTopicWords(deps, input, question);
  const hits = await searchKnowledge(deps, input, question, k);
  return preferCloserPhrasing(hits, question, words).filter((hit) => judgeKnowledgeHit(hit, words).accepted);
}

/**
 * Answers from the FAQ and policy documents, or declines. Unresolved either
 * way when nothing fits: with the "not understood" reply when no document
 * reaches the score threshold, and with an offer of a human agent at low
 * confidence when the best document does not cover the question's topic.
 */
export async function knowledgeAnswer(deps: TurnDeps, input: TurnInput, intent: Intent): Promise<TurnOutcome> {
  const written = withoutPersonalDetails(withoutAddress(input.message.trim()));
  // Digits or symbols alone ("2") name no topic, and passages that merely contain the digit do not answer them.
  if (written.length > 0 && !/\p{L}/u.test(written)) return unanswered(intent, bareNumberQuestion(written), 0);
  // The documents are in Chinese, so an English question is searched with the Chinese words of its phrases.
  const question = englishPolicyQuery(normalizeText(written)) ?? written;
  // A message of filler words alone ("就是那个东西啊") matches documents by accident.
  const vague = deps.catalog.tokenize(question).every((word) => vagueWords.has(word));
  const found = vague ? [] : await searchKnowledge(deps, input, question);
  const words = found.length > 0 ? await ruleTopicWords(deps, input, question) : [];
  const hits = preferCloserPhrasing(found, question, words);

  const top = hits[0];
  if (!top && question !== input.message.trim() && maskPii(input.message).found.length > 0) {
    // Contact details without a request ("我手机号是138…") get a reply that they are not needed and a question about the request.
    return unanswered(intent, replies.contactDetailsOnly, input.decision.confidence);
  }
  if (!top) return unanswered(intent, replies.notUnderstood, input.decision.confidence);

  const judgement = judgeKnowledgeHit(top, words);
  if (!judgement.accepted) {
    // Recorded below the low-confidence line, so a long message of this kind goes to a human at once.
    const confidence = Math.min(top.score * judgement.coverage, lowConfidence - 0.01);
    return unanswered(intent === 'unknown' ? 'policy_faq' : intent, replies.noKnowledgeAnswer, confidence);
  }

  const builder = new AnswerBuilder();
  const source = knowledgeSource(top);
  builder.add(source.text, source);
  // A policy passage right behind an FAQ answer often carries the detail the FAQ leaves out.
  const second = hits[1];
  if (second && second.document.kind !== top.document.kind && second.score >= top.score * 0.9 && judgeKnowledgeHit(second, words).accepted) {
    const extra = knowledgeSource(second);
    builder.add(`另外，${extra.title}：${extra.text}`, extra);
  }
  return {
    intent: intent === 'unknown' ? 'policy_faq' : intent,
    confidence: Math.max(input.decision.confidence, top.score),
    tool: 'knowledge',
    mode: 'retrieval',
    text: builder.text(),
    sources: builder.sources,
    llmEligible: true,
    resolved: true,
  };
}

// Written by `maskPii` in place of each personal value, then cut out with the label before it.
const removedValue = '\u0000';
// Words that introduce a value ("身份证", "手机号是"); removed only together with the value, so "手机壳" stays.
const personalDataLabels = '手机号码?|手机|电话号码?|联系电话|电话|身份证号?|银行卡号?|卡号|邮箱|收货地址|地址|姓名';
const personalSpanPattern = new RegExp(`(?:(?:${personalDataLabels})(?:是|为|:|：|\\s)*)?${removedValue}`, 'gu');

/**
 * Removes personal data from a question: a phone number, ID number or
 * address identifies who is asking, not what, and its words would count as topic
 * words and retrieval terms that no document covers. Clauses that carry
 * personal data are dropped ("我电话138…，可以开发票吗"). When every clause
 * carries some ("身份证110101199003071234能开发票吗" has no punctuation), the
 * masked spans and the words that introduce them are cut out instead, which
 * can leave an empty question.
 */
export function withoutPersonalDetails(message: string): string {
  // A half-width full stop ends a clause only before a space or the end, so "a.b@qq.com" and "1.5米" stay whole.
  const clauses = message.split(/(?<=[，,。！!？?；;\n]|\.(?=\s|$))/);
  const kept = clauses.filter((clause) => maskPii(clause).found.length === 0);
  if (kept.length === clauses.length) return message;
  if (kept.length > 0) return kept.join('').trim();
  // Folded to half width first, so a label before "＋86 139…" is cut out together with the number.
  return maskPii(message.normalize('NFKC'), { replacement: removedValue }).text.replace(personalSpanPattern, ' ').replace(/\s+/g, ' ').trim();
}

function unanswered(intent: Intent, text: string, confidence: number): TurnOutcome {
  return { intent, confidence, tool: 'knowledge', mode: 'rules', text, sources: [], llmEligible: false, resolved: false };
}
