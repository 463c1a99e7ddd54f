/**
 * Tells GBK apart from Big5 and Shift-JIS. Most Big5 and Shift-JIS bytes
 * also decode as GBK without error, but as rare or unrelated characters. So
 * each encoding is scored by the share of its multi-byte characters that
 * fall in its common set: GB2312 for GBK, Big5 level 1 for Big5, and JIS
 * X 0208 symbols, kana and kanji for Shift-JIS. Measured on a few short
 * product and user rows, simplified-Chinese GBK text scored 1.0 as GBK and
 * about 0.6 as Big5, while Big5 text scored 0.3 or less as GBK and
 * Shift-JIS text about 0.
 */

/** Encodings that GBK-looking bytes may really be in. */
export type LegacyEncoding = 'big5' | 'shift_jis';

interface CommonShare {
  /** Multi-byte (or, for Shift-JIS, half-width katakana) characters seen. */
  characters: number;
  common: number;
}

function within(byte: number, low: number, high: number): boolean {
  return byte >= low && byte <= high;
}

function share(counts: CommonShare): number {
  return counts.characters === 0 ? 1 : counts.common / counts.characters;
}

/** GB2312 rows 1 to 3 (punctuation, numbers, full-width forms) and Han levels 1 and 2. */
function gbkCommonShare(bytes: Uint8Array): CommonShare {
  const counts = { characters: 0, common: 0 };
  for (let i = 0; i < bytes.length; ) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i += 1;
      continue;
    }
    const trail = bytes[i + 1] ?? 0;
    counts.characters += 1;
    // A second byte of 0x30-0x39 starts a four-byte GB18030 sequence.
    if (within(trail, 0x30, 0x39)) {
      i += 4;
      continue;
    }
    if (within(trail, 0xa1, 0xfe) && (within(lead, 0xa1, 0xa3) || within(lead, 0xb0, 0xf7))) counts.common += 1;
    i += 2;
  }
  return counts;
}

/** Big5 symbols (A140-A3BF) and level-1 Han characters (A440-C67E). */
function big5CommonShare(bytes: Uint8Array): CommonShare {
  const counts = { characters: 0, common: 0 };
  for (let i = 0; i < bytes.length; ) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i += 1;
      continue;
    }
    const trail = bytes[i + 1] ?? 0;
    counts.characters += 1;
    const validTrail = within(trail, 0x40, 0x7e) || within(trail, 0xa1, 0xfe);
    const commonLead = within(lead, 0xa1, 0xc5) || (lead === 0xc6 && trail <= 0x7e);
    if (validTrail && commonLead) counts.common += 1;
    i += 2;
  }
  return counts;
}

/** JIS X 0208 symbols, kana, Greek and Cyrillic (lead 81-84) and kanji (88-9F, E0-EA). Half-width katakana count as uncommon. */
function shiftJisCommonShare(bytes: Uint8Array): CommonShare {
  const counts = { characters: 0, common: 0 };
  for (let i = 0; i < bytes.length; ) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i += 1;
      continue;
    }
    counts.characters += 1;
    if (within(lead, 0xa1, 0xdf)) {
      i += 1;
      continue;
    }
    const trail = bytes[i + 1] ?? 0;
    const validTrail = within(trail, 0x40, 0x7e) || within(trail, 0x80, 0xfc);
    const commonLead = within(lead, 0x81, 0x84) || within(lead, 0x88, 0x9f) || within(lead, 0xe0, 0xea);
    if (validTrail && commonLead) counts.common += 1;
    i += 2;
  }
  return counts;
}

function strictDecoder(label: LegacyEncoding) {
  try {
    return new TextDecoder(label, { fatal: true });
  } catch {
    return undefined;
  }
}

/** Checks that the bytes decode without error. Without a decoder for the label in this Node build, it returns true. */
function decodesAs(label: LegacyEncoding, bytes: Uint8Array): boolean {
  const decoder = strictDecoder(label);
  if (!decoder) return true;
  try {
    // Streaming, so a character cut at the end of the sample is no error.
    decoder.decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** Below this share of common characters, GBK is compared with the other encodings. */
const plausibleGbkShare = 0.9;
/** Another encoding wins when its share reaches this and beats GBK's by `winningMargin`. */
const convincingShare = 0.9;
const winningMargin = 0.3;

export interface LegacyEncodingGuess {
  encoding: LegacyEncoding;
  /** Share of common characters when read as GBK, and as `encoding`. */
  gbkShare: number;
  share: number;
}

/**
 * Returns the encoding that `bytes` more likely are in when they decode as
 * GBK only into rare characters, or undefined when GBK is plausible.
 */
export function likelyNotGbk(bytes: Uint8Array): LegacyEncodingGuess | undefined {
  const gbkShare = share(gbkCommonShare(bytes));
  if (gbkShare >= plausibleGbkShare) return undefined;
  const candidates: LegacyEncodingGuess[] = [
    { encoding: 'big5', gbkShare, share: share(big5CommonShare(bytes)) },
    { encoding: 'shift_jis', gbkShare, share: share(shiftJisCommonShare(bytes)) },
  ];
  const best = candidates
    .filter((candidate) => candidate.share >= convincingShare && candidate.share >= gbkShare + winningMargin)
    .sort((a, b) => b.share - a.share)
    .find((candidate) => decodesAs(candidate.encoding, bytes));
  return best;
}
