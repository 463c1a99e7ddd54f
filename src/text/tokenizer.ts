import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { normalizeText } from './normalize.js';

// Function words that carry no topic in shop text and queries.
const chineseStopwords = new Set(
  '的 了 吗 呢 吧 啊 呀 哦 嗯 是 在 和 与 及 或 也 都 就 还 又 很 太 更 最 把 被 给 让 我 你 他 她 它 我们 你们 他们 这 那 这个 那个 一个 一 个 有 没 不 要 会 能 可以 怎么 什么 哪 吗 么 请问 请 亲 您 好'.split(
    ' ',
  ),
);
const englishStopwords = new Set(
  'a an the and or of for to in on at by with from is are be this that it its as - & + x vs'.split(' '),
);

// Product codes (SKU, order and tracking numbers) stay whole tokens; jieba would split them at hyphens.
const codePattern = /[a-z0-9]+(?:[-_./][a-z0-9]+)+|[a-z]+\d+[a-z0-9]*|\d+[a-z]+[a-z0-9]*/g;
const latinWordPattern = /[a-z0-9]+/g;
const hanPattern = /\p{Script=Han}/u;

export interface TokenizeOptions {
  /** Keep stopwords; useful for exact phrase features. Default false. */
  keepStopwords?: boolean;
}

/**
 * Segments normalised Chinese and English text into tokens with jieba, using
 * the default dictionary plus the shop's own words (brands, product names,
 * SKU codes) so they come out as single tokens.
 */
export class Tokenizer {
  private readonly jieba: Jieba;
  readonly customWords: readonly string[];

  constructor(customWords: Iterable<string> = []) {
    const words = [...new Set([...customWords].map((w) => normalizeText(w)).filter((w) => w.length > 1))];
    this.customWords = words;
    // Each extra line is "word frequency"; a high frequency makes jieba prefer the shop's word.
    const extra = words.filter((w) => !/\s/.test(w)).map((w) => `${w} 100000`);
    this.jieba = extra.length === 0 ? sharedJieba() : Jieba.withDict(Buffer.concat([dict, Buffer.from(`\n${extra.join('\n')}\n`)]));
  }

  /** Tokens of already-normalised text. */
  tokenizeNormalized(text: string, options: TokenizeOptions = {}): string[] {
    const tokens: string[] = [];
    const codes = text.match(codePattern) ?? [];
    for (const code of codes) tokens.push(code);
    const rest = codes.length > 0 ? text.replace(codePattern, ' ') : text;
    for (const piece of this.jieba.cut(rest, false)) {
      const word = piece.trim();
      if (word.length === 0) continue;
      if (hanPattern.test(word)) {
        if (options.keepStopwords || !chineseStopwords.has(word)) tokens.push(word);
        continue;
      }
      for (const latin of word.match(latinWordPattern) ?? []) {
        if (options.keepStopwords || !englishStopwords.has(latin)) tokens.push(latin);
      }
    }
    return tokens;
  }

  tokenize(text: string, options: TokenizeOptions = {}): string[] {
    return this.tokenizeNormalized(normalizeText(text), options);
  }
}

let defaultJieba: Jieba | undefined;

function sharedJieba(): Jieba {
  // Loading the dictionary takes about 0.1 s, so the plain instance is built once per process.
  defaultJieba ??= Jieba.withDict(dict);
  return defaultJieba;
}
