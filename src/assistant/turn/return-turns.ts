import type { Order, OrderLine } from '../../store/index.js';
import { normalizeText } from '../../text/index.js';
import { AnswerBuilder, type Source } from '../answers/sources.js';
import { type EligibilityRequest, type EligibilityResult, checkReturnEligibility } from '../tools/return-eligibility.js';
import { parseReturnPolicy, type ReturnPolicy } from '../tools/return-policy.js';
import { orderSource } from '../tools/order-tools.js';
import type { KnowledgeHit } from '../retrieval/types.js';
import { knowledgeAnswer, knowledgeSource, searchKnowledge } from './knowledge-turns.js';
import { faultReportPattern } from '../dialogue/intents.js';
import { linesNamedBy, type OrderReference, type ProductNames } from '../dialogue/order-reference.js';
import { isInTransit, isUnshipped, orderStatusLabel } from '../tools/order-status.js';
import { isPersonalReturnQuestion, referenceFor, unresolvedReference } from './order-turns.js';
import type { TurnDeps, TurnInput, TurnOutcome } from './turn-types.js';

const openedPattern = /已拆封|拆封了|拆了|拆开了|打开了|已打开|开封了|已开封|用过|试用过|涂过|穿过|戴过|洗过/;
const unopenedPattern = /未拆封|没拆|没有拆|没打开|没有打开|没开封|未开封|全新|没用过|没穿过|吊牌还在/;
const qualityPattern = /质量问题|坏了|坏的|破损|破了|碎了|瑕疵|故障|不能用|用不了|没反应|有问题|裂|漏|少件|少了|发错|错发|不亮|不充电|充不进|断了/;
const exchangePattern = /换货|换一|换个|换尺码|换码|换颜色|调换|能换|可以换|换吗|想换|要换|退换|exchange/;
const returnPattern = /退货|退款|退钱|退了|退掉|退回|能退|可以退|想退|要退|退吗|退不退|给我退|帮我退|申请退|退换|return|refund/;

/**
 * What the shopper asks for: return or exchange, quality problem or not,
 * opened or not. A message that names neither remedy asks for a return,
 * unless it reports a quality problem ("耳机坏了"), which leaves the choice open.
 */
export function readEligibilityRequest(message: string): EligibilityRequest {
  const text = normalizeText(message);
  const opened = unopenedPattern.test(text) ? false : openedPattern.test(text) ? true : undefined;
  const qualityIssue = qualityPattern.test(text) || faultReportPattern.test(text);
  const exchange = exchangePattern.test(text);
  const refund = returnPattern.test(text);
  let kind: EligibilityRequest['kind'] = 'return';
  if (exchange && !refund) kind = 'exchange';
  else if (exchange === refund && (exchange || qualityIssue)) kind = 'either';
  return { kind, qualityIssue, ...(opened !== undefined ? { opened } : {}) };
}

const actionWords: Record<EligibilityRequest['kind'], string> = { return: '退货', exchange: '换货', either: '退换货' };

/**
 * Knowledge-base searches for how to apply, by remedy, with a word the
 * passage must contain: the exchange steps must not tell the shopper to pick
 * "退货退款", and a quality problem gets the steps that offer both remedies.
 */
const howToQueries: Record<EligibilityRequest['kind'], { query: string; mustMention: string }> = {
  return: { query: '退货 申请 流程', mustMention: '退货' },
  exchange: { query: '怎么申请换货 换货流程', mustMention: '换货' },
  either: { query: '收到的商品有质量问题怎么办 申请售后 换货或退货', mustMention: '换货' },
};

function linesAsked(input: TurnInput, asked: string, order: Order, productNames: ProductNames): OrderLine[] {
  const matching = linesNamedBy(asked, order, productNames);
  if (matching.length > 0) return matching;
  const focus = order.lines.filter((line) => line.productId === input.state.focusProductId);
  return focus.length > 0 ? focus : order.lines;
}

function ruleSource(policy: ReturnPolicy, result: EligibilityResult): Source {
  return {
    id: `return-rule:v${policy.version}:${result.ruleId}`,
    kind: 'return_rule',
    title: `退换货规则 ${result.ruleId}`,
    text: result.ruleText,
  };
}

function decisionSentence(result: EligibilityResult, request: EligibilityRequest): string {
  const action = actionWords[request.kind];
  const item = `「${result.productTitle}」`;
  if (result.decision === 'eligible') return `${item}可以申请${request.qualityIssue ? '质量问题' : ''}${action}。${result.ruleText}`;
  if (result.decision === 'conditional') return `${item}能否${action}要看具体情况：${result.ruleText}请问商品是否已经拆封？`;
  if (result.ruleId === 'eligible_order_statuses') {
    // An excluded item (infant formula, food) stays excluded after delivery, so the reply states the exclusion before then.
    if (result.laterExclusion) return `${item}不支持无理由${action}：${result.laterExclusion.ruleText}`;
    // Not yet delivered is "not yet", not "never": the item may well be returnable once signed for.
    return `${item}现在还不能申请${action}：${result.ruleText}`;
  }
  // A window that has closed is a deadline passed, not an item the shop never takes back.
  if (result.ruleId === 'no_reason_return.window_days') return `${item}的无理由${action}期限已过，不支持再无理由${action}：${result.ruleText}`;
  if (result.ruleId === 'quality_issue.window_days') return `${item}的质量问题${action}期限已过，不支持再申请：${result.ruleText}`;
  return `${item}不支持${request.qualityIssue ? '' : '无理由'}${action}。${result.ruleText}`;
}

/**
 * Builds the note on refusing a parcel still on its way. Refusing is handled
 * as a return, so when every asked item is excluded from no-reason returns
 * the note states that refusing it without a reason is ruled out as well,
 * instead of the passage's generic advice to check first.
 */
function refusalNote(passage: Source, results: readonly EligibilityResult[], policy: ReturnPolicy): string {
  const excluded = results.length > 0 && results.every((result) => result.laterExclusion !== undefined);
  if (!excluded) return `还没签收的话：${passage.text}`;
  const titles = results.map((result) => `「${result.productTitle}」`).join('、');
  const quality = policy.quality_issue ? `签收后如果发现质量问题，${policy.quality_issue.window_days}天内可以申请退换货。` : '';
  return `还没签收的话：包裹可以拒收，但拒收的包裹退回仓库后按退货办理，${titles}不支持${policy.no_reason_return.window_days}天无理由退货，所以不想要了也不能无理由拒收。${quality}`;
}

async function loadPolicy(deps: TurnDeps, shopId: string): Promise<ReturnPolicy | undefined> {
  const stored = await deps.repositories.returnPolicies.get(shopId);
  return stored ? parseReturnPolicy(stored.rules, stored.source || 'return_policies') : undefined;
}

/**
 * Keeps the candidates where the request can still succeed: first those with
 * a line still returnable as asked, then those with only a quality remedy
 * open. One left means no "which order?" question is needed.
 */
async function narrowToOpenOrders(deps: TurnDeps, input: TurnInput, policy: ReturnPolicy, candidates: Order[]): Promise<OrderReference> {
  const request = readEligibilityRequest(input.message);
  const returnable: Order[] = [];
  const qualityOnly: Order[] = [];
  for (const order of candidates) {
    const results = [];
    for (const line of order.lines) {
      results.push(checkReturnEligibility(policy, order, line, await deps.catalog.byId(input.ctx, line.productId), input.now, request));
    }
    if (results.some((r) => r.decision !== 'not_eligible')) returnable.push(order);
    else if (results.some((r) => r.qualityRemedyOpen)) qualityOnly.push(order);
  }
  const open = returnable.length > 0 ? returnable : qualityOnly;
  if (open.length === 1) return { kind: 'order', order: open[0]!, via: 'only_candidate' };
  return { kind: 'ambiguous', candidates: open.length > 1 ? open : candidates };
}

/**
 * Return and exchange questions. About one of the shopper's orders: the
 * shop's rules applied to each asked line, with the deciding rule cited.
 * About returns in general: the FAQ and policy documents.
 */
export async function returnAnswer(deps: TurnDeps, input: TurnInput): Promise<TurnOutcome> {
  const policy = await loadPolicy(deps, input.ctx.shopId);
  if (!policy || !isPersonalReturnQuestion(input)) return knowledgeAnswer(deps, input, 'return_exchange');

  const windowDays = Math.max(policy.no_reason_return.window_days, policy.quality_issue?.window_days ?? 0);
  let reference = await referenceFor(deps, input, 'return_exchange', windowDays);
  if (reference.kind === 'ambiguous') reference = await narrowToOpenOrders(deps, input, policy, reference.candidates);
  if (reference.kind === 'none') return knowledgeAnswer(deps, input, 'return_exchange');
  const early = unresolvedReference(input, 'return_exchange', reference);
  if (early) return early;
  if (reference.kind !== 'order') return knowledgeAnswer(deps, input, 'return_exchange');

  const order = reference.order;
  const notNeeded = await returnNotNeededAnswer(deps, input, order);
  if (notNeeded) return notNeeded;
  // After a "which order?" question, the item and the request are in the message that asked it ("纸尿裤能退吗", then "2").
  const asked = input.state.pending?.message ? `${input.state.pending.message} ${input.message}` : input.message;
  const request = readEligibilityRequest(asked);
  const productNames = await deps.catalog.categoryNames(input.ctx);
  const builder = new AnswerBuilder();
  const findings: string[] = [];
  let needsReview = false;
  let anyOpen = false;
  let productId: string | undefined;
  const results: EligibilityResult[] = [];
  for (const line of linesAsked(input, asked, order, productNames)) {
    const product = await deps.catalog.byId(input.ctx, line.productId);
    const result = checkReturnEligibility(policy, order, line, product, input.now, request);
    results.push(result);
    builder.add(decisionSentence(result, request), ruleSource(policy, result), orderSource(order));
    if (result.decision === 'not_eligible' && result.qualityRemedyOpen && !request.qualityIssue) {
      builder.add(`如果商品有质量问题，可在 ${result.qualityLastDay} 前申请质量问题退换货。`, ruleSource(policy, result));
    }
    findings.push(`${result.productTitle}：${result.decision}（规则 ${result.ruleId}）`);
    needsReview ||= result.ruleId === 'no_reason_return.counted_from';
    anyOpen ||= result.decision !== 'not_eligible' || result.qualityRemedyOpen;
    productId = line.productId;
  }

  // When only the quality remedy is open (window closed, item excluded), the steps shown are the quality-problem ones.
  const qualityOnly = !results.some((result) => result.decision !== 'not_eligible');
  const stepsFor: EligibilityRequest = qualityOnly ? { ...request, kind: 'either', qualityIssue: true } : request;
  const howTo = anyOpen ? await howToApply(deps, input, stepsFor) : undefined;
  if (howTo) builder.add(`申请方式：${knowledgeSource(howTo).text}`, knowledgeSource(howTo));
  const freight = anyOpen && stepsFor.kind === 'exchange' && !stepsFor.qualityIssue ? await exchangeFreightRule(deps, input, howTo) : undefined;
  if (freight) builder.add(`换货运费：${knowledgeSource(freight).text}`, knowledgeSource(freight));
  // A parcel still on its way can be refused at the door, which is quicker than a return after signing.
  const refuse = isInTransit(order.status) ? (await searchKnowledge(deps, input, '没有签收 拒收 退款', 1))[0] : undefined;
  if (refuse) builder.add(refusalNote(knowledgeSource(refuse), results, policy), knowledgeSource(refuse));

  return {
    intent: 'return_exchange',
    confidence: input.decision.confidence,
    tool: 'return_eligibility',
    mode: 'rules',
    text: builder.text(),
    sources: builder.sources,
    llmEligible: true,
    resolved: true,
    order,
    ...(productId ? { productId } : {}),
    ...(needsReview ? { handoff: { reason: 'needs_review' as const, findings } } : {}),
  };
}

/** Finds the knowledge passage with the steps to apply for the requested remedy, if one mentions that remedy. */
async function howToApply(deps: TurnDeps, input: TurnInput, request: EligibilityRequest): Promise<KnowledgeHit | undefined> {
  const { query, mustMention } = howToQueries[request.kind];
  const hits = await searchKnowledge(deps, input, query, 3);
  return hits.find((hit) => normalizeText(hit.document.text).includes(mustMention));
}

/** Finds the exchange freight rule, unless the how-to passage already states who pays for shipping. */
async function exchangeFreightRule(deps: TurnDeps, input: TurnInput, howTo: KnowledgeHit | undefined): Promise<KnowledgeHit | undefined> {
  if (howTo?.document.text.includes('运费')) return undefined;
  const hits = await searchKnowledge(deps, input, '换货 寄回运费 谁承担', 3);
  return hits.find((hit) => hit.document.id !== howTo?.document.id && /换/.test(hit.document.text) && hit.document.text.includes('运费'));
}

// Order statuses in which a return or refund is already under way.
const refundingStatuses = new Set(['退款中', '退货中']);

/**
 * Builds the reply for an order that needs no return. Before shipment there
 * is nothing to send back, so the reply offers cancelling. During a refund
 * nothing new needs to start, so the reply gives the refund times. Undefined
 * for every other order.
 */
async function returnNotNeededAnswer(deps: TurnDeps, input: TurnInput, order: Order): Promise<TurnOutcome | undefined> {
  const status = orderStatusLabel(order.status);
  const items = order.lines.map((line) => line.title).join('、');
  let sentence: string;
  let ruleQuery: string;
  if (isUnshipped(order.status)) {
    sentence = `您的订单 ${order.id}（${items}）还没有发货，当前状态：${status}，不需要退货，可以直接取消订单。`;
    ruleQuery = '怎么取消订单';
  } else if (refundingStatuses.has(status)) {
    sentence = `您的订单 ${order.id}（${items}）当前状态：${status}，售后已在处理，不需要重新申请。`;
    ruleQuery = '退款多久到账';
  } else {
    return undefined;
  }

  const builder = new AnswerBuilder().add(sentence, orderSource(order));
  const rule = (await searchKnowledge(deps, input, ruleQuery, 1))[0];
  if (rule) builder.add(knowledgeSource(rule).text, knowledgeSource(rule));
  return {
    intent: 'return_exchange',
    confidence: input.decision.confidence,
    tool: 'order_status',
    mode: 'rules',
    text: builder.text(),
    sources: builder.sources,
    llmEligible: true,
    resolved: true,
    order,
  };
}
