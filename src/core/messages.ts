import type { LocalizedMessage } from './errors.js';

export type DisplayLanguage = 'zh' | 'en' | 'both';

/** Output language for the CLI: `SHOPMIND_LANG=zh|en|both`, Chinese first by default. */
export function displayLanguage(env: Record<string, string | undefined> = process.env): DisplayLanguage {
  const value = env.SHOPMIND_LANG;
  return value === 'zh' || value === 'en' ? value : 'both';
}

/** Renders a message in the chosen language(s): "中文 / English" for `both`. */
export function render(message: LocalizedMessage, language: DisplayLanguage = displayLanguage()): string {
  if (language === 'zh') return message.zh;
  if (language === 'en') return message.en;
  return message.zh === message.en ? message.zh : `${message.zh} / ${message.en}`;
}

export function msg(zh: string, en: string): LocalizedMessage {
  return { zh, en };
}
