import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BuiltinEncoder, type BuiltinEncoderState } from '../embedding/builtin-encoder.js';
import type { SparseVector } from '../embedding/sparse-vector.js';
import { ShopmindError } from '../core/errors.js';
import { indexItems, type ItemMeta, type RecommendModel } from './model.js';
import type { NeighborList } from './neighbor-list.js';
import type { BlendWeights, TrainingParams } from './training-params.js';

// File layout: 8-byte magic, 4-byte little-endian header length, the JSON
// header, padding to 8 bytes, then the raw typed arrays at the offsets the
// header lists. Typed arrays load as views over one buffer, with no parsing.
const magic = Buffer.from('SMRECv1\0', 'latin1');

type ArrayKind = 'u32' | 'f32';
type NumericArray = Uint32Array | Float32Array;

interface ArrayEntry {
  name: string;
  kind: ArrayKind;
  offset: number;
  length: number;
}

interface Header {
  version: string;
  createdAt: string;
  trainedUntil: number;
  items: ItemMeta[];
  categoryTop: [string, number[]][];
  globalTop: number[];
  encoder: BuiltinEncoderState;
  params: TrainingParams;
  weights: BlendWeights;
  stats: RecommendModel['stats'];
  arrays: ArrayEntry[];
}

function neighborArrays(prefix: string, list: NeighborList): [string, NumericArray][] {
  return [
    [`${prefix}.offsets`, list.offsets],
    [`${prefix}.targets`, list.targets],
    [`${prefix}.scores`, list.scores],
  ];
}

function vectorArrays(vectors: readonly SparseVector[]): [string, NumericArray][] {
  const offsets = new Uint32Array(vectors.length + 1);
  let total = 0;
  vectors.forEach((v, i) => {
    total += v.indices.length;
    offsets[i + 1] = total;
  });
  const indices = new Uint32Array(total);
  const values = new Float32Array(total);
  vectors.forEach((v, i) => {
    indices.set(v.indices, offsets[i]!);
    values.set(v.values, offsets[i]!);
  });
  return [
    ['vectors.offsets', offsets],
    ['vectors.indices', indices],
    ['vectors.values', values],
  ];
}

/** Writes the model to `file` atomically: a temporary file renamed into place. */
export function saveModel(model: RecommendModel, file: string): number {
  const arrays: [string, NumericArray][] = [
    ...neighborArrays('itemCf', model.itemCf),
    ...neighborArrays('transitions', model.transitions),
    ...neighborArrays('content', model.content),
    ['popularity', model.popularity],
    ...vectorArrays(model.itemVectors),
  ];
  const entries: ArrayEntry[] = [];
  let offset = 0;
  for (const [name, array] of arrays) {
    entries.push({ name, kind: array instanceof Float32Array ? 'f32' : 'u32', offset, length: array.length });
    offset += array.byteLength;
  }
  const header: Header = {
    version: model.version,
    createdAt: model.createdAt,
    trainedUntil: model.trainedUntil,
    items: model.items,
    categoryTop: [...model.categoryTop],
    globalTop: model.globalTop,
    encoder: model.encoder.toState(),
    params: model.params,
    weights: model.weights,
    stats: model.stats,
    arrays: entries,
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const prefixLength = magic.length + 4 + headerBytes.length;
  const padding = (8 - (prefixLength % 8)) % 8;
  const length = Buffer.alloc(4);
  length.writeUInt32LE(headerBytes.length + padding);
  const parts = [magic, length, headerBytes, Buffer.alloc(padding, 0x20), ...arrays.map(([, a]) => Buffer.from(a.buffer, a.byteOffset, a.byteLength))];

  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, Buffer.concat(parts));
  renameSync(temporary, file);
  return prefixLength + padding + offset;
}

/** Reads a model written by `saveModel`. */
export function loadModel(file: string): RecommendModel {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    throw new ShopmindError('MODEL_NOT_TRAINED', {
      zh: `模型文件不存在：${file}，请先运行 shopmind train`,
      en: `Model file not found: ${file}; run shopmind train first`,
    });
  }
  if (!bytes.subarray(0, magic.length).equals(magic)) {
    throw new ShopmindError('MODEL_NOT_TRAINED', {
      zh: `${file} 不是 shopmind 推荐模型文件，请重新训练`,
      en: `${file} is not a shopmind recommendation model; train again`,
    });
  }
  const headerLength = bytes.readUInt32LE(magic.length);
  const start = magic.length + 4;
  const header = JSON.parse(bytes.subarray(start, start + headerLength).toString('utf8')) as Header;
  // Copy the body so the typed-array views are aligned regardless of Buffer pooling.
  const body = new Uint8Array(bytes.subarray(start + headerLength)).buffer;
  const arrays = new Map<string, NumericArray>(
    header.arrays.map((e) => [e.name, e.kind === 'f32' ? new Float32Array(body, e.offset, e.length) : new Uint32Array(body, e.offset, e.length)]),
  );
  const u32 = (name: string) => arrays.get(name) as Uint32Array;
  const f32 = (name: string) => arrays.get(name) as Float32Array;
  const list = (prefix: string): NeighborList => ({
    offsets: u32(`${prefix}.offsets`),
    targets: u32(`${prefix}.targets`),
    scores: f32(`${prefix}.scores`),
  });
  const vectorOffsets = u32('vectors.offsets');
  const itemVectors: SparseVector[] = header.items.map((_, i) => ({
    indices: u32('vectors.indices').subarray(vectorOffsets[i]!, vectorOffsets[i + 1]!),
    values: f32('vectors.values').subarray(vectorOffsets[i]!, vectorOffsets[i + 1]!),
  }));

  return {
    version: header.version,
    createdAt: header.createdAt,
    trainedUntil: header.trainedUntil,
    items: header.items,
    itemIndex: indexItems(header.items),
    itemCf: list('itemCf'),
    transitions: list('transitions'),
    content: list('content'),
    popularity: f32('popularity'),
    categoryTop: new Map(header.categoryTop),
    globalTop: header.globalTop,
    encoder: BuiltinEncoder.fromState(header.encoder),
    itemVectors,
    params: header.params,
    weights: header.weights,
    stats: header.stats,
  };
}
