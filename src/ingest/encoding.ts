import iconv from 'iconv-lite';
import { ShopmindError } from '../core/errors.js';
import { type LegacyEncoding, likelyNotGbk } from './legacy-encodings.js';
import type { TextEncoding } from './types.js';

/** Incremental byte-to-text decoder; `write` may keep an incomplete character for the next call. */
interface ChunkDecoder {
  write(bytes: Uint8Array): string;
  end(): string;
}

const encodingAliases: Record<string, TextEncoding> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'utf-8-bom': 'utf-8',
  gbk: 'gbk',
  gb2312: 'gbk',
  gb18030: 'gbk',
  cp936: 'gbk',
  big5: 'big5',
  'big5-hkscs': 'big5',
  cp950: 'big5',
  shift_jis: 'shift_jis',
  'shift-jis': 'shift_jis',
  sjis: 'shift_jis',
  cp932: 'shift_jis',
  'windows-31j': 'shift_jis',
  'utf-16le': 'utf-16le',
  utf16le: 'utf-16le',
  'utf-16be': 'utf-16be',
  utf16be: 'utf-16be',
};

/** Reads an `--encoding` value, accepting common aliases (utf8, gb2312, gb18030, cp936, sjis, cp950). */
export function parseEncoding(name: string): TextEncoding {
  const encoding = encodingAliases[name.trim().toLowerCase()];
  if (!encoding) {
    throw new ShopmindError(
      'INVALID_REQUEST',
      {
        zh: `不支持的编码 "${name}"；可选：utf-8、gbk（含 gb2312、gb18030）、big5、shift_jis、utf-16le、utf-16be`,
        en: `Unsupported encoding "${name}"; choose utf-8, gbk (also gb2312, gb18030), big5, shift_jis, utf-16le or utf-16be`,
      },
      { encoding: name },
    );
  }
  return encoding;
}

function textDecoder(label: string): ChunkDecoder {
  const decoder = new TextDecoder(label, { fatal: true });
  return {
    write: (bytes) => decoder.decode(bytes, { stream: true }),
    end: () => decoder.decode(),
  };
}

function createDecoder(encoding: TextEncoding): ChunkDecoder {
  if (encoding === 'utf-8' || encoding === 'utf-16le' || encoding === 'utf-16be') return textDecoder(encoding);
  try {
    return textDecoder(encoding);
  } catch {
    // Node builds with small ICU have no GBK, Big5 or Shift-JIS TextDecoder.
    // iconv-lite decodes them too but replaces invalid bytes instead of failing.
    const decoder = iconv.getDecoder(encoding);
    return { write: (bytes) => decoder.write(Buffer.from(bytes)), end: () => decoder.end() ?? '' };
  }
}

const legacyEncodingNames: Record<LegacyEncoding, { zh: string; en: string }> = {
  big5: { zh: 'Big5（繁体中文）', en: 'Big5 (traditional Chinese)' },
  shift_jis: { zh: 'Shift-JIS（日文）', en: 'Shift-JIS (Japanese)' },
};

/** Raises INVALID_FILE when bytes that decode as GBK are more likely Big5 or Shift-JIS, so no garbage text is stored. */
function rejectUnlikelyGbk(bytes: Uint8Array): void {
  const guess = likelyNotGbk(bytes);
  if (!guess) return;
  const name = legacyEncodingNames[guess.encoding];
  throw fileLevelError(
    `文件看起来是 ${name.zh} 编码，不是 GBK；按 GBK 读取会得到乱码，所以没有导入。请用 --encoding ${guess.encoding} 导入（HTTP 用 ?encoding=${guess.encoding}），或把文件另存为 UTF-8 后再导入；如果它确实是 GBK，请用 --encoding gbk`,
    `The file looks like ${name.en}, not GBK, and reading it as GBK would store garbage text, so nothing was imported. Import it with --encoding ${guess.encoding} (over HTTP: ?encoding=${guess.encoding}) or save it as UTF-8 and import that; if it really is GBK, pass --encoding gbk`,
    { likelyEncoding: guess.encoding, gbkCommonShare: Number(guess.gbkShare.toFixed(2)), likelyCommonShare: Number(guess.share.toFixed(2)) },
  );
}

function fileLevelError(zh: string, en: string, details: Record<string, unknown>): ShopmindError {
  return new ShopmindError('INVALID_FILE', { zh, en }, details);
}

function rejectContainerFormats(head: Uint8Array): void {
  const zip = head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
  const ole = head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0;
  if (zip || ole) {
    throw fileLevelError(
      '这是 Excel（.xlsx/.xls）或压缩文件，不是文本文件；请在 Excel 中“另存为 CSV UTF-8”后再导入',
      'This is an Excel (.xlsx/.xls) or zip file, not a text file; save it as "CSV UTF-8" in Excel and import that',
      { signature: zip ? 'zip' : 'ole' },
    );
  }
}

function byteOrderMark(head: Uint8Array): TextEncoding | undefined {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return undefined;
}

/**
 * Turns a byte stream into text chunks with `\n` line ends (CRLF and lone CR
 * become LF). Without `forced`, a BOM decides. Without a BOM, bytes are read
 * as UTF-8 while they are plain ASCII, and the first chunk with other bytes
 * picks strict UTF-8 if it decodes, else strict GBK. GBK is taken only when
 * that chunk does not look like Big5 or Shift-JIS (see legacy-encodings.ts).
 * Undecodable bytes, Big5 or Shift-JIS without `forced`, NUL bytes and
 * Excel/zip files raise INVALID_FILE naming `--encoding`.
 */
export class TextDecoderStream implements AsyncIterable<string> {
  private decided: TextEncoding | undefined;
  private decoder: ChunkDecoder | undefined;
  private bytesSeen = 0;
  private linesSeen = 0;
  private pendingCarriageReturn = false;
  private undecidedTail: Uint8Array | undefined;

  constructor(
    private readonly chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
    private readonly forced?: TextEncoding,
  ) {
    this.decided = forced;
  }

  /**
   * Decodes a whole file held in memory with the same detection and checks,
   * for small files such as FAQ lists.
   */
  static decodeAll(bytes: Uint8Array, forced?: TextEncoding): { text: string; encoding: TextEncoding } {
    const decoder = new TextDecoderStream([], forced);
    const text = decoder.decodeNext(bytes, true) + decoder.decodeEnd();
    return { text, encoding: decoder.encoding };
  }

  /** The encoding in use; plain ASCII input reports utf-8. */
  get encoding(): TextEncoding {
    return this.decided ?? 'utf-8';
  }

  async *[Symbol.asyncIterator](): AsyncIterator<string> {
    let first = true;
    for await (const chunk of this.chunks) {
      if (chunk.length === 0) continue;
      const text = this.decodeNext(chunk, first);
      first = false;
      if (text) yield text;
    }
    const tail = this.decodeEnd();
    if (tail) yield tail;
  }

  private decodeNext(chunk: Uint8Array, first: boolean): string {
    if (chunk.length === 0) return '';
    const bytes = first ? this.startWith(chunk) : chunk;
    const text = this.decodeChunk(bytes, false);
    this.bytesSeen += chunk.length;
    return this.normalizeLineEnds(text, false);
  }

  private decodeEnd(): string {
    return this.normalizeLineEnds(this.decodeChunk(new Uint8Array(0), true) + this.finish(), true);
  }

  private startWith(head: Uint8Array): Uint8Array {
    rejectContainerFormats(head);
    const bom = byteOrderMark(head);
    if (this.forced === undefined && bom) this.decided = bom;
    // TextDecoder drops only a BOM of its own encoding, so a UTF-8 BOM in
    // front of a file forced to GBK is cut here or it becomes garbage text.
    if (bom === 'utf-8' && this.decided !== 'utf-8') return head.subarray(3);
    return head;
  }

  private decodeChunk(chunk: Uint8Array, final: boolean): string {
    if (this.decided !== 'utf-16le' && this.decided !== 'utf-16be') this.rejectNulBytes(chunk);
    if (!this.decided) return this.decodeUndecided(chunk, final);
    this.decoder ??= createDecoder(this.decided);
    try {
      return this.decoder.write(chunk);
    } catch (error) {
      throw this.undecodable(error);
    }
  }

  /**
   * Decodes while the encoding is still open. A chunk whose only non-ASCII
   * bytes are its last few may end inside a character, which both UTF-8 and
   * GBK would accept, so those bytes wait for the next chunk before the guess.
   */
  private decodeUndecided(chunk: Uint8Array, final: boolean): string {
    const bytes = this.undecidedTail ? Buffer.concat([this.undecidedTail, chunk]) : chunk;
    this.undecidedTail = undefined;
    const firstHigh = bytes.findIndex((byte) => byte >= 0x80);
    if (firstHigh < 0) return new TextDecoder('utf-8').decode(bytes);
    if (!final && bytes.length - firstHigh < 4) {
      this.undecidedTail = bytes.slice(firstHigh);
      return new TextDecoder('utf-8').decode(bytes.subarray(0, firstHigh));
    }
    return this.decodeWithGuess(bytes);
  }

  private finish(): string {
    if (!this.decoder) return '';
    try {
      return this.decoder.end();
    } catch (error) {
      throw this.undecodable(error);
    }
  }

  /** Decodes the first chunk with non-ASCII bytes, settling the encoding. */
  private decodeWithGuess(bytes: Uint8Array): string {
    for (const candidate of ['utf-8', 'gbk'] as const) {
      const decoder = createDecoder(candidate);
      let text: string;
      try {
        text = decoder.write(bytes);
      } catch {
        continue;
      }
      if (candidate === 'gbk') rejectUnlikelyGbk(bytes);
      this.decided = candidate;
      this.decoder = decoder;
      return text;
    }
    throw fileLevelError(
      `文件在第 ${this.linesSeen + 1} 行附近（字节 ${this.bytesSeen} 之后）既不是 UTF-8 也不是 GBK 编码；请转换为 UTF-8 后再导入，或用 --encoding 指定编码（utf-8、gbk、big5、shift_jis、utf-16le、utf-16be）`,
      `The file is neither UTF-8 nor GBK near line ${this.linesSeen + 1} (after byte ${this.bytesSeen}); convert it to UTF-8, or name its encoding with --encoding (utf-8, gbk, big5, shift_jis, utf-16le, utf-16be)`,
      { line: this.linesSeen + 1, byteOffset: this.bytesSeen },
    );
  }

  private undecodable(cause: unknown): ShopmindError {
    const encoding = this.encoding;
    const other = encoding === 'gbk' ? 'utf-8' : 'gbk';
    return new ShopmindError(
      'INVALID_FILE',
      {
        zh: `文件在第 ${this.linesSeen + 1} 行附近（字节 ${this.bytesSeen} 之后）含有不是 ${encoding} 编码的字节；请确认文件编码，例如改用 --encoding ${other}，或把文件转换为 UTF-8`,
        en: `The file has bytes that are not valid ${encoding} near line ${this.linesSeen + 1} (after byte ${this.bytesSeen}); check its encoding, for example with --encoding ${other}, or convert the file to UTF-8`,
      },
      { encoding, line: this.linesSeen + 1, byteOffset: this.bytesSeen },
      { cause },
    );
  }

  private rejectNulBytes(bytes: Uint8Array): void {
    const at = bytes.indexOf(0);
    if (at < 0) return;
    throw fileLevelError(
      `文件含有 NUL 字节（字节 ${this.bytesSeen + at}），不是文本文件；如果它是 UTF-16 文本，请用 --encoding utf-16le 或 utf-16be，否则请导出为 CSV`,
      `The file contains a NUL byte (byte ${this.bytesSeen + at}), so it is not a text file; if it is UTF-16 text, pass --encoding utf-16le or utf-16be, otherwise export it as CSV`,
      { byteOffset: this.bytesSeen + at },
    );
  }

  private normalizeLineEnds(text: string, final: boolean): string {
    let value = this.pendingCarriageReturn ? `\r${text}` : text;
    this.pendingCarriageReturn = false;
    // A CR at the end of a chunk may be the first half of a CRLF split across chunks.
    if (!final && value.endsWith('\r')) {
      this.pendingCarriageReturn = true;
      value = value.slice(0, -1);
    }
    const normalized = value.replace(/\r\n?/g, '\n');
    for (let i = normalized.indexOf('\n'); i >= 0; i = normalized.indexOf('\n', i + 1)) this.linesSeen += 1;
    return normalized;
  }
}
