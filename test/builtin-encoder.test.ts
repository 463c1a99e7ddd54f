import { describe, expect, it } from 'vitest';
import { BuiltinEncoder } from '../src/embedding/builtin-encoder.js';
import { sparseDot } from '../src/embedding/sparse-vector.js';

const catalogue = ['声屿 降噪蓝牙耳机 入耳式', '声屿 有线耳机 Type-C', '棉语 纯棉T恤 白色', '棉语 加绒卫裤', '拾味记 每日坚果 30袋'];

describe('built-in encoder', () => {
  const encoder = BuiltinEncoder.fit(catalogue, { customWords: ['声屿', '棉语', '拾味记'] });

  it('ranks related products above unrelated ones', () => {
    const query = encoder.encodeSparse('蓝牙耳机');
    const scores = catalogue.map((text) => sparseDot(query, encoder.encodeSparse(text)));
    expect(scores[0]).toBeGreaterThan(scores[2]!);
    expect(scores[1]).toBeGreaterThan(scores[3]!);
    expect(scores[4]).toBe(0);
  });

  it('returns unit vectors', () => {
    const vector = encoder.encodeSparse(catalogue[0]!);
    expect(sparseDot(vector, vector)).toBeCloseTo(1, 5);
  });

  it('treats traditional and full-width input like simplified', () => {
    const simplified = encoder.encodeSparse('蓝牙耳机 Type-C');
    const traditional = encoder.encodeSparse('藍牙耳機 Ｔｙｐｅ－Ｃ');
    expect(sparseDot(simplified, traditional)).toBeCloseTo(1, 5);
  });

  it('survives a state round trip', async () => {
    const copy = BuiltinEncoder.fromState(JSON.parse(JSON.stringify(encoder.toState())));
    const [a] = await encoder.encode(['纯棉T恤']);
    const [b] = await copy.encode(['纯棉T恤']);
    expect(Array.from(b!)).toEqual(Array.from(a!));
    expect(a).toHaveLength(256);
  });

  it('encodes unknown words as an empty vector', () => {
    expect(encoder.encodeSparse('量子计算机').indices.length).toBe(0);
  });
});
