/**
 * Writes a tiny BERT-style sentence-encoder folder that transformers.js loads
 * offline: `config.json`, a WordPiece `tokenizer.json` over single Chinese
 * characters, and `onnx/model.onnx`, whose graph looks each token up in an
 * embedding table and zeroes padded positions. Tests choose the table, so
 * they decide which characters the "model" treats as similar.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface TinyEncoderSpec {
  /** Vector of each character; every vector has the same length. Unknown characters map to zeros. */
  vectors: Record<string, readonly number[]>;
  /** Writes `1_Pooling/config.json` asking for CLS pooling, as sentence-transformers folders do. */
  clsPooling?: boolean;
}

const specialTokens = ['[PAD]', '[UNK]', '[CLS]', '[SEP]'] as const;

/** Writes the model folder `dir` and returns it. */
export function writeTinyEncoderModel(dir: string, spec: TinyEncoderSpec): string {
  const characters = Object.keys(spec.vectors);
  const dimension = spec.vectors[characters[0]!]?.length ?? 0;
  if (dimension === 0) throw new RangeError('tiny encoder needs at least one character vector');
  const vocabulary = [...specialTokens, ...characters];

  // Row i of the table is the vector of vocabulary[i]; special tokens stay zero except [CLS],
  // which gets a small constant so CLS pooling still returns a non-zero vector.
  const table = new Float32Array(vocabulary.length * dimension);
  table.fill(0.01, 2 * dimension, 3 * dimension);
  characters.forEach((character, i) => {
    const vector = spec.vectors[character]!;
    if (vector.length !== dimension) throw new RangeError(`vector of ${character} has ${vector.length} values, expected ${dimension}`);
    table.set(vector, (specialTokens.length + i) * dimension);
  });

  mkdirSync(path.join(dir, 'onnx'), { recursive: true });
  writeFileSync(path.join(dir, 'onnx', 'model.onnx'), encodeModel(vocabulary.length, dimension, table));
  writeFileSync(path.join(dir, 'tokenizer.json'), JSON.stringify(tokenizerJson(vocabulary)));
  writeFileSync(
    path.join(dir, 'tokenizer_config.json'),
    JSON.stringify({ tokenizer_class: 'BertTokenizer', do_lower_case: true, model_max_length: 128, cls_token: '[CLS]', sep_token: '[SEP]', pad_token: '[PAD]', unk_token: '[UNK]' }),
  );
  writeFileSync(
    path.join(dir, 'config.json'),
    JSON.stringify({ model_type: 'bert', architectures: ['BertModel'], hidden_size: dimension, vocab_size: vocabulary.length, max_position_embeddings: 128 }),
  );
  if (spec.clsPooling) {
    mkdirSync(path.join(dir, '1_Pooling'), { recursive: true });
    writeFileSync(
      path.join(dir, '1_Pooling', 'config.json'),
      JSON.stringify({ word_embedding_dimension: dimension, pooling_mode_cls_token: true, pooling_mode_mean_tokens: false }),
    );
  }
  return dir;
}

function tokenizerJson(vocabulary: readonly string[]) {
  const ids = Object.fromEntries(vocabulary.map((token, id) => [token, id]));
  const special = (token: string) => ({ id: token, type_id: 0 });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: specialTokens.map((token) => ({
      id: ids[token],
      content: token,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: special('[CLS]') }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: special('[SEP]') }],
      pair: [
        { SpecialToken: special('[CLS]') },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: special('[SEP]') },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: {
        '[CLS]': { id: '[CLS]', ids: [ids['[CLS]']], tokens: ['[CLS]'] },
        '[SEP]': { id: '[SEP]', ids: [ids['[SEP]']], tokens: ['[SEP]'] },
      },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab: ids },
  };
}

// A minimal protobuf writer for the ONNX ModelProto fields this graph needs
// (field numbers from onnx/onnx.proto).
type Field = [number, 'varint', number] | [number, 'bytes', Uint8Array | string];

function varint(value: number): number[] {
  const out: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    out.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  out.push(rest);
  return out;
}

function message(fields: readonly Field[]): Uint8Array {
  const parts: number[] = [];
  for (const [number, kind, value] of fields) {
    if (kind === 'varint') {
      parts.push(...varint(number * 8), ...varint(value));
      continue;
    }
    const bytes = typeof value === 'string' ? new TextEncoder().encode(value) : value;
    parts.push(...varint(number * 8 + 2), ...varint(bytes.length));
    for (const byte of bytes) parts.push(byte);
  }
  return Uint8Array.from(parts);
}

const floatType = 1;
const int64Type = 7;

function tensor(name: string, dims: readonly number[], dataType: number, raw: Uint8Array): Uint8Array {
  return message([...dims.map((d): Field => [1, 'varint', d]), [2, 'varint', dataType], [8, 'bytes', name], [9, 'bytes', raw]]);
}

function valueInfo(name: string, elementType: number, dims: readonly (number | string)[]): Uint8Array {
  const shape = message(dims.map((d): Field => [1, 'bytes', typeof d === 'number' ? message([[1, 'varint', d]]) : message([[2, 'bytes', d]])]));
  const tensorType = message([
    [1, 'varint', elementType],
    [2, 'bytes', shape],
  ]);
  return message([
    [1, 'bytes', name],
    [2, 'bytes', message([[1, 'bytes', tensorType]])],
  ]);
}

function node(opType: string, inputs: readonly string[], outputs: readonly string[], attributes: readonly Uint8Array[] = []): Uint8Array {
  return message([
    ...inputs.map((input): Field => [1, 'bytes', input]),
    ...outputs.map((output): Field => [2, 'bytes', output]),
    [3, 'bytes', `${opType}_${outputs[0]}`],
    [4, 'bytes', opType],
    ...attributes.map((attribute): Field => [5, 'bytes', attribute]),
  ]);
}

function encodeModel(vocabularySize: number, dimension: number, table: Float32Array): Uint8Array {
  const axes = new Uint8Array(new BigInt64Array([2n]).buffer);
  const castToFloat = message([
    [1, 'bytes', 'to'],
    [3, 'varint', floatType],
    [20, 'varint', 2],
  ]);
  const graph = message([
    [1, 'bytes', node('Gather', ['embeddings', 'input_ids'], ['token_vectors'])],
    [1, 'bytes', node('Cast', ['attention_mask'], ['mask_float'], [castToFloat])],
    [1, 'bytes', node('Unsqueeze', ['mask_float', 'mask_axes'], ['mask_column'])],
    [1, 'bytes', node('Mul', ['token_vectors', 'mask_column'], ['last_hidden_state'])],
    [2, 'bytes', 'tiny_encoder'],
    [5, 'bytes', tensor('embeddings', [vocabularySize, dimension], floatType, new Uint8Array(table.buffer))],
    [5, 'bytes', tensor('mask_axes', [1], int64Type, axes)],
    [11, 'bytes', valueInfo('input_ids', int64Type, ['batch', 'sequence'])],
    [11, 'bytes', valueInfo('attention_mask', int64Type, ['batch', 'sequence'])],
    [12, 'bytes', valueInfo('last_hidden_state', floatType, ['batch', 'sequence', dimension])],
  ]);
  return message([
    [1, 'varint', 8],
    [2, 'bytes', 'shopmind-tests'],
    [7, 'bytes', graph],
    [8, 'bytes', message([[2, 'varint', 13]])],
  ]);
}
