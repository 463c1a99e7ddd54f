import { ShopmindError } from '../../core/errors.js';

/** Longest shopper message accepted, in Unicode code points (an emoji counts as one). */
export const maxMessageChars = 2_000;

/**
 * Checks a shopper message before anything else reads it. Counts code
 * points rather than UTF-16 units, so emoji and rare characters are not
 * double-counted.
 */
export function checkShopperMessage(message: string): string {
  const length = [...message].length;
  if (length > maxMessageChars) {
    throw new ShopmindError(
      'MESSAGE_TOO_LONG',
      {
        zh: `消息太长：${length} 个字符，最多 ${maxMessageChars} 个。请分成几条发送`,
        en: `Message too long: ${length} characters, at most ${maxMessageChars}. Send it in several parts`,
      },
      { length, limit: maxMessageChars },
    );
  }
  // Unpaired surrogates and control characters are dropped so later steps see valid text.
  const clean = message
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .trim();
  if (clean === '') {
    throw new ShopmindError('INVALID_REQUEST', { zh: '消息为空，请输入您的问题', en: 'The message is empty; type your question' });
  }
  return clean;
}
