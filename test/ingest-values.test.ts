import { describe, expect, it } from 'vitest';
import { normalizeColumnName, parseEncoding, parseFormat, parseMappingFlags } from '../src/ingest/index.js';
import { parseAttributes, parseBoolean, parseNumber, parseTimestamp } from '../src/ingest/values.js';

function value<T>(parsed: { ok: true; value: T } | { ok: false }): T | 'invalid' {
  return parsed.ok ? parsed.value : 'invalid';
}

describe('parseTimestamp', () => {
  it.each([
    ['2024-03-05 14:30:00', '2024-03-05T14:30:00.000Z'],
    ['2024-03-05T14:30:00Z', '2024-03-05T14:30:00.000Z'],
    ['2024-03-05T14:30:00+08:00', '2024-03-05T06:30:00.000Z'],
    ['2024-03-05T14:30:00-0130', '2024-03-05T16:00:00.000Z'],
    ['2024-03-05 14:30:00.5', '2024-03-05T14:30:00.500Z'],
    ['2024/3/5 9:05', '2024-03-05T09:05:00.000Z'],
    ['2024-03-05', '2024-03-05T00:00:00.000Z'],
    ['2024年3月5日 09:05', '2024-03-05T09:05:00.000Z'],
    ['20240305', '2024-03-05T00:00:00.000Z'],
    ['20240305143000', '2024-03-05T14:30:00.000Z'],
    ['1709649000', '2024-03-05T14:30:00.000Z'],
    ['1709649000123', '2024-03-05T14:30:00.123Z'],
  ])('reads %s', (input, expected) => {
    expect(value(parseTimestamp(input))).toBe(expected);
  });

  it('reads epoch numbers from JSON', () => {
    expect(value(parseTimestamp(1709649000))).toBe('2024-03-05T14:30:00.000Z');
  });

  it.each(['yesterday', '2024-02-30', '2024-03-05 25:00:00', '45356.5', '03/05/2024', '99999999999999', ''])('rejects %s', (input) => {
    expect(value(parseTimestamp(input))).toBe('invalid');
  });
});

describe('parseNumber', () => {
  it.each([
    ['59.9', 59.9],
    ['¥1,299.00', 1299],
    ['￥ 88', 88],
    ['88元', 88],
    ['１２３', 123],
    ['-3', -3],
    ['1e3', 1000],
  ])('reads %s', (input, expected) => {
    expect(value(parseNumber(input))).toBe(expected);
  });

  it.each(['abc', '1,2', '12,34.5', '', '1.2.3', 'NaN', 'Infinity'])('rejects %s', (input) => {
    expect(value(parseNumber(input))).toBe('invalid');
  });

  it('applies integer and minimum', () => {
    expect(value(parseNumber('1.5', { integer: true }))).toBe('invalid');
    expect(value(parseNumber('-1', { min: 0 }))).toBe('invalid');
    expect(value(parseNumber('0', { min: 0, integer: true }))).toBe(0);
  });
});

describe('parseBoolean', () => {
  it.each([
    ['1', true],
    ['TRUE', true],
    ['是', true],
    ['上架', true],
    ['0', false],
    ['false', false],
    ['否', false],
    ['下架', false],
  ])('reads %s', (input, expected) => {
    expect(value(parseBoolean(input))).toBe(expected);
  });

  it('rejects other words', () => {
    expect(value(parseBoolean('maybe'))).toBe('invalid');
  });
});

describe('parseAttributes', () => {
  it('reads pairs and JSON', () => {
    expect(value(parseAttributes('颜色:红色;尺码:XL'))).toEqual({ 颜色: '红色', 尺码: 'XL' });
    expect(value(parseAttributes('颜色：红色；尺码：XL；'))).toEqual({ 颜色: '红色', 尺码: 'XL' });
    expect(value(parseAttributes('{"颜色":"红","重量":500}'))).toEqual({ 颜色: '红', 重量: '500' });
    expect(value(parseAttributes({ size: 42 }))).toEqual({ size: '42' });
  });

  it('rejects pairs without names', () => {
    expect(value(parseAttributes('红色'))).toBe('invalid');
    expect(value(parseAttributes('{"a":'))).toBe('invalid');
  });
});

describe('option parsing', () => {
  it('normalizes column names', () => {
    expect(normalizeColumnName('categoryPath')).toBe('category_path');
    expect(normalizeColumnName(' Category Path ')).toBe('category_path');
    expect(normalizeColumnName('\uFEFForder-id')).toBe('order_id');
    expect(normalizeColumnName('商品名称')).toBe('商品名称');
  });

  it('reads --map flags', () => {
    expect(parseMappingFlags(['title=商品名称', 'price = 售价', 'brand=a=b'])).toEqual({ title: '商品名称', price: '售价', brand: 'a=b' });
    expect(() => parseMappingFlags(['title'])).toThrow(/field=column/);
    expect(() => parseMappingFlags(['=商品名称'])).toThrow(/field=column/);
  });

  it('reads formats and encodings with aliases', () => {
    expect(parseFormat('NDJSON')).toBe('jsonl');
    expect(parseEncoding('GB2312')).toBe('gbk');
    expect(parseEncoding('utf8')).toBe('utf-8');
    expect(() => parseFormat('xlsx')).toThrow(/csv, tsv or jsonl/);
    expect(parseEncoding('Big5')).toBe('big5');
    expect(parseEncoding('SJIS')).toBe('shift_jis');
    expect(() => parseEncoding('euc-kr')).toThrow(/utf-8, gbk \(also gb2312, gb18030\), big5, shift_jis/);
  });
});
