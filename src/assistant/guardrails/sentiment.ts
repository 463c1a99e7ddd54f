import { normalizeText } from '../../text/index.js';

// Words and signs of an upset shopper; matched on normalised text.
const angerPattern =
  /(垃圾|骗子|骗人|坑人|坑爹|黑店|气死|太差|差劲|恶心|无语|什么破|破(东西|玩意|店)|投诉|举报|12315|消协|工商局|差评|滚|废物|退钱|有病|(烦|受够)了|怎么回事[?？!！]{2,}|[!！]{3,}|[?？]{3,}|😡|🤬|💢|😤)/u;

/** True when the message reads as angry enough that a human should take over. */
export function isAngry(text: string): boolean {
  return angerPattern.test(normalizeText(text)) || angerPattern.test(text);
}
