import { normalizeText } from '../../text/index.js';

export type InjectionKind = 'instruction_override' | 'role_play' | 'prompt_leak' | 'price_change';

// Matched on normalised text (simplified, half-width, lower case).
const patterns: { kind: InjectionKind; pattern: RegExp }[] = [
  {
    kind: 'instruction_override',
    pattern:
      /(忽略|无视|忘记|忘掉|不要管|不用管|跳过|覆盖|绕过)(掉)?(你)?(之前|以上|上面|前面|先前|所有|全部|一切|你的|系统|原来的|原有的)?的?(所有|全部)?(指令|指示|规则|设定|提示|要求|限制|约束|命令|prompt)/,
  },
  {
    kind: 'instruction_override',
    pattern: /(之前|刚才|以上|上面|前面|所有|全部|你的|系统的?)的?(指令|指示|规则|设定|提示|限制|约束|命令)(都|全|全部)?(忘掉|忘记|忽略|无视|作废|无效|不算|取消|不用管)/,
  },
  { kind: 'instruction_override', pattern: /\b(ignore|disregard|forget|override)\b.{0,30}\b(instructions?|rules|prompts?|guidelines)\b/ },
  { kind: 'instruction_override', pattern: /(新的|最高|更高)(指令|优先级)|以下是(新的)?(系统)?(指令|规则)|(system|admin|developer)\s*(:|：|mode|override)/ },
  { kind: 'role_play', pattern: /(你现在是|现在你是|从现在起你是|假装你是|扮演|你的新身份|开发者模式|越狱|jailbreak|\bdan\b)/ },
  { kind: 'role_play', pattern: /\b(act as|acting as|pretend (to be|you are)|you are now|from now on,? you|role-?play as)\b/ },
  // A message that claims authority it cannot have: "【系统消息】客服已授权", "店长已经同意".
  { kind: 'instruction_override', pattern: /(系统消息|系统通知|管理员|店长|客服主管|后台).{0,6}(已经?|已)(授权|批准|同意|确认)|\b(authori[sz]ed|approved) by (the )?(system|admin|manager|store)\b/ },
  { kind: 'prompt_leak', pattern: /(系统提示词?|提示词|system prompt|你的(指令|规则|设定)是什么|输出你的(指令|规则|设定|提示))/ },
  {
    kind: 'price_change',
    pattern:
      /(给我|帮我|直接|必须|马上)?(打|改成?|降到?)\s*(\d+(\.\d+)?|[一二三四五六七八九零〇半])\s*折|免单|改价|改(一下)?价格|价格改|(0|零)元(购|买|给我|结算|支付|付款)|按\s*(0|零)\s*元|免费(送|给)我|全额返现|把(价格|价钱)(改|降)/,
  },
];

/** Detects an attempt to change the assistant's rules, role or prices; undefined when none. */
export function detectInjection(text: string): InjectionKind | undefined {
  const normalized = normalizeText(text);
  return patterns.find(({ pattern }) => pattern.test(normalized))?.kind;
}

/**
 * Drops sentences that read as instructions from untrusted text (product
 * descriptions, documents) before it goes into an LLM prompt. Returns the
 * remaining text and how many sentences were dropped.
 */
export function stripInstructions(text: string): { text: string; removed: number } {
  const sentences = text.split(/(?<=[。！？!?；;\n])/);
  const kept = sentences.filter((sentence) => detectInjection(sentence) === undefined);
  return { text: kept.join('').trim(), removed: sentences.length - kept.length };
}
