import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createContext } from '../src/core/context.js';
import { isShopmindError, type ShopmindError } from '../src/core/errors.js';
import { type ImportFileOptions, type ImportProgress, importFile, parseMappingFile } from '../src/ingest/index.js';
import { dialects, type TestStore } from './helpers/stores.js';

const ctx = createContext('shop1');

/** Runs `work` and returns the ShopmindError it raised, failing the test when it raised none. */
async function fileError(work: Promise<unknown>): Promise<ShopmindError> {
  try {
    await work;
  } catch (error) {
    if (isShopmindError(error)) return error;
    throw error;
  }
  throw new Error('expected a ShopmindError, but the import succeeded');
}

interface RejectsRow {
  line: string;
  reason: string;
  raw: string;
}

function readRejects(file: string): RejectsRow[] {
  return parse(readFileSync(file, 'utf8'), { columns: true, bom: true }) as RejectsRow[];
}

describe.each(dialects)('importFile on $name', (dialect) => {
  let t: TestStore;
  let dir: string;

  beforeEach(async () => {
    t = await dialect.open();
    dir = mkdtempSync(path.join(os.tmpdir(), 'shopmind-ingest-'));
  });

  afterEach(async () => {
    await t.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  function write(name: string, content: string | Buffer): string {
    const file = path.join(dir, name);
    writeFileSync(file, content);
    return file;
  }

  function run(options: ImportFileOptions) {
    return importFile(ctx, t.store, options);
  }

  describe('products', () => {
    it('reads quoted commas and newlines with a BOM', async () => {
      const file = write(
        'products.csv',
        '\uFEFFid,title,description,category_path,brand,price,stock,on_shelf,attributes,repurchasable\r\n' +
          'p1,"T恤, 白色","第一行\r\n第二行",服装>T恤,棉语,59.9,10,是,颜色:白色;尺码:L,0\r\n' +
          'p2,"说""好""的",,数码 ＞ 耳机,声悦,"1,299.00",3,false,"{""颜色"":""黑""}",true\r\n',
      );
      const result = await run({ kind: 'products', path: file });

      expect(result.read).toBe(2);
      expect(result.imported).toBe(2);
      expect(result.rejected).toBe(0);
      expect(result.encoding).toBe('utf-8');
      const p1 = await t.store.products.get('shop1', 'p1');
      expect(p1?.title).toBe('T恤, 白色');
      expect(p1?.description).toBe('第一行\n第二行');
      expect(p1?.categoryPath).toBe('服装 > T恤');
      expect(p1?.attributes).toEqual({ 颜色: '白色', 尺码: 'L' });
      expect(p1?.onShelf).toBe(true);
      const p2 = await t.store.products.get('shop1', 'p2');
      expect(p2?.title).toBe('说"好"的');
      expect(p2?.price).toBe(1299);
      expect(p2?.categoryPath).toBe('数码 > 耳机');
      expect(p2?.onShelf).toBe(false);
      expect(p2?.repurchasable).toBe(true);
      expect(p2?.attributes).toEqual({ 颜色: '黑' });
    });

    it('numbers lines after a multi-line record', async () => {
      const file = write('products.csv', 'id,title,price\np1,"两\n行\n标题",1\np2,ok,abc\n\np3,ok,-2\n');
      const result = await run({ kind: 'products', path: file });

      expect(result.rejectedRows.map((row) => row.line)).toEqual([5, 7]);
      expect(result.rejectedRows[0]?.message.zh).toMatch(/^第 5 行：列 price 的值 "abc" 不是数字/);
      expect(result.rejectedRows[0]?.message.en).toMatch(/^Line 5: column price value "abc" is not a number/);
      expect(result.rejectedRows[1]?.message.en).toContain('must not be less than 0');
      expect(await t.store.products.count('shop1')).toBe(1);
    });

    it('keeps every valid row and writes every rejected one', async () => {
      const lines = [
        'id,title,price,stock,on_shelf,attributes',
        'p1,好商品,10,1,1,',
        'p2,,10,1,1,',
        'p3,好商品,ten,1,1,',
        'p4,好商品,10,1.5,1,',
        'p5,好商品,10,1,maybe,',
        'p6,好商品,10,1,1,just-a-word',
        'p7,好商品,10,1,1,尺码:M',
        '1.23457E+11,好商品,10,1,1,',
        'p9,多一列,10,1,1,,extra',
      ];
      const file = write('products.csv', `${lines.join('\n')}\n`);
      const result = await run({ kind: 'products', path: file });

      expect(result.read).toBe(9);
      expect(result.imported).toBe(2);
      expect(result.rejected).toBe(7);
      expect((await t.store.products.listAll('shop1')).map((p) => p.id)).toEqual(['p1', 'p7']);
      expect(result.rejectsPath).toBe(`${file}.rejects.csv`);

      const rejects = readRejects(result.rejectsPath!);
      expect(rejects.map((row) => Number(row.line))).toEqual([3, 4, 5, 6, 7, 9, 10]);
      for (const row of rejects) {
        expect(row.raw).toBe(lines[Number(row.line) - 1]);
        expect(row.reason).toMatch(new RegExp(`^第 ${row.line} 行：.+ / Line ${row.line}: .+`));
      }
      expect(rejects.find((row) => row.line === '3')?.reason).toContain('列 title 为空');
      expect(rejects.find((row) => row.line === '4')?.reason).toContain('column price value "ten" is not a number');
      expect(rejects.find((row) => row.line === '5')?.reason).toContain('is not a whole number');
      expect(rejects.find((row) => row.line === '6')?.reason).toContain('是/否');
      expect(rejects.find((row) => row.line === '7')?.reason).toContain('without a "name:" prefix');
      expect(rejects.find((row) => row.line === '9')?.reason).toContain('scientific notation');
      expect(rejects.find((row) => row.line === '10')?.reason).toContain('has 7 values but the header has 6 columns');
    });

    it('keeps the last of duplicate ids and names the winner', async () => {
      const file = write('products.csv', 'id,title,price\np1,第一版,1\np2,其他,2\np1,第二版,3\np1,第三版,4\n');
      const result = await run({ kind: 'products', path: file, batchSize: 2 });

      expect(result.read).toBe(4);
      expect(result.duplicates).toBe(2);
      expect(result.imported).toBe(2);
      expect(result.stored).toBe(2);
      expect(result.duplicateRows).toEqual([
        { line: 2, id: 'p1', keptLine: 4 },
        { line: 4, id: 'p1', keptLine: 5 },
      ]);
      expect((await t.store.products.get('shop1', 'p1'))?.title).toBe('第三版');
      expect(await t.store.products.count('shop1')).toBe(2);
    });

    it('reports a missing required column with the fix', async () => {
      const file = write('products.csv', '商品编号,商品名称,价格\nA1,连衣裙,99\n');
      const error = await fileError(run({ kind: 'products', path: file }));

      expect(error.code).toBe('INVALID_FILE');
      expect(error.messageEn).toContain('no required column id, title, price');
      expect(error.messageEn).toContain('Columns found: 商品编号, 商品名称, 价格');
      expect(error.messageEn).toContain('--map title=商品名称');
      expect(error.messageZh).toContain('缺少必需的列');
      expect(error.details?.missingColumns).toEqual(['id', 'title', 'price']);
      expect(await t.store.products.count('shop1')).toBe(0);
    });

    it('rejects an empty file and a header-only file', async () => {
      const empty = write('empty.csv', '');
      const blank = write('blank.csv', '\n\n  \n');
      const headerOnly = write('header.csv', '\uFEFFid,title,price\r\n\r\n');

      for (const file of [empty, blank]) {
        const error = await fileError(run({ kind: 'products', path: file }));
        expect(error.code).toBe('INVALID_FILE');
        expect(error.messageEn).toContain('is empty');
      }
      const error = await fileError(run({ kind: 'products', path: headerOnly }));
      expect(error.code).toBe('INVALID_FILE');
      expect(error.messageEn).toContain('has only a header and no data rows');
      expect(await t.store.products.count('shop1')).toBe(0);
      expect(existsSync(`${headerOnly}.rejects.csv`)).toBe(false);
    });

    it('reads GBK with Chinese headers mapped by flags', async () => {
      const file = write('商品.csv', iconv.encode('商品编号,商品名称,售价,库存\nA1,连衣裙（红色）,99,5\nA2,羽绒服,"1,599",2\n', 'gbk'));
      const result = await run({ kind: 'products', path: file, mapping: { id: '商品编号', title: '商品名称', price: '售价', stock: '库存' } });

      expect(result.encoding).toBe('gbk');
      expect(result.imported).toBe(2);
      expect(result.ignoredColumns).toEqual([]);
      const a1 = await t.store.products.get('shop1', 'A1');
      expect(a1?.title).toBe('连衣裙（红色）');
      expect(a1?.stock).toBe(5);
      expect((await t.store.products.get('shop1', 'A2'))?.price).toBe(1599);
    });

    it('reads GBK after a long ASCII start', async () => {
      const asciiRows = Array.from({ length: 30_000 }, (_, i) => `p${i},item ${i},1`).join('\n');
      const file = write('late.csv', Buffer.concat([Buffer.from(`id,title,price\n${asciiRows}\n`), iconv.encode('q1,保温杯,39\n', 'gbk')]));
      const result = await run({ kind: 'products', path: file });

      expect(result.encoding).toBe('gbk');
      expect(result.imported).toBe(30_001);
      expect((await t.store.products.get('shop1', 'q1'))?.title).toBe('保温杯');
    });

    it('maps Chinese headers from a mapping file', async () => {
      const mappingFile = write('mapping.json', JSON.stringify({ id: '商品编号', title: '商品名称', price: '售价', category_path: '类目' }));
      const file = write('商品.csv', '商品编号,商品名称,售价,类目,备注\nA1,连衣裙,99,女装>裙子,新品\n');
      const result = await run({ kind: 'products', path: file, mapping: parseMappingFile(mappingFile) });

      expect(result.imported).toBe(1);
      expect(result.ignoredColumns).toEqual(['备注']);
      expect((await t.store.products.get('shop1', 'A1'))?.categoryPath).toBe('女装 > 裙子');
    });

    it('rejects a mapping to an unknown field', async () => {
      const file = write('p.csv', 'id,title,price\np1,a,1\n');
      const error = await fileError(run({ kind: 'products', path: file, mapping: { titel: '商品名称' } }));

      expect(error.code).toBe('INVALID_REQUEST');
      expect(error.messageEn).toContain('"titel" in the mapping titel=商品名称 is not a products field');
    });

    it('rejects binary and undecodable files', async () => {
      const nul = write('binary.csv', Buffer.from([0x69, 0x64, 0x2c, 0x00, 0x01, 0x02, 0x0a]));
      const xlsx = write('sheet.csv', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]));
      const neither = write('latin.csv', Buffer.from('id,title,price\np1,caf\xe9 \xff\xfe,1\n', 'latin1'));

      const nulError = await fileError(run({ kind: 'products', path: nul }));
      expect(nulError.code).toBe('INVALID_FILE');
      expect(nulError.messageEn).toContain('NUL byte');
      const xlsxError = await fileError(run({ kind: 'products', path: xlsx }));
      expect(xlsxError.messageEn).toContain('Excel');
      const neitherError = await fileError(run({ kind: 'products', path: neither }));
      expect(neitherError.code).toBe('INVALID_FILE');
      expect(neitherError.messageEn).toContain('neither UTF-8 nor GBK');
      expect(neitherError.messageEn).toContain('--encoding');
      expect(await t.store.products.count('shop1')).toBe(0);
    });

    it('rejects Big5 instead of storing garbage', async () => {
      const text = 'id,title,description,price\np1,保溫杯（白色）,不鏽鋼內膽，保溫12小時,39\np2,藍牙耳機,降噪，續航30小時,299\n';
      const file = write('big5.csv', iconv.encode(text, 'big5'));
      const error = await fileError(run({ kind: 'products', path: file }));

      expect(error.code).toBe('INVALID_FILE');
      expect(error.details?.likelyEncoding).toBe('big5');
      expect(error.messageEn).toContain('looks like Big5 (traditional Chinese), not GBK');
      expect(error.messageEn).toContain('--encoding big5');
      expect(error.messageEn).toContain('save it as UTF-8');
      expect(error.messageZh).toContain('Big5（繁体中文）');
      expect(await t.store.products.count('shop1')).toBe(0);

      const forced = await run({ kind: 'products', path: file, encoding: 'big5' });
      expect(forced.encoding).toBe('big5');
      expect((await t.store.products.get('shop1', 'p1'))?.title).toBe('保溫杯（白色）');
    });

    it('rejects a short Big5 value', async () => {
      const error = await fileError(run({ kind: 'users', path: write('users.csv', iconv.encode('id,city\nu1,臺北\n', 'big5')) }));

      expect(error.details?.likelyEncoding).toBe('big5');
    });

    it('rejects Shift-JIS instead of storing garbage', async () => {
      const text = 'id,title,price\np1,ステンレス保温ボトル,3980\np2,夏の新作ワンピース,12900\n';
      const file = write('sjis.csv', iconv.encode(text, 'shift_jis'));
      const error = await fileError(run({ kind: 'products', path: file }));

      expect(error.code).toBe('INVALID_FILE');
      expect(error.details?.likelyEncoding).toBe('shift_jis');
      expect(error.messageEn).toContain('looks like Shift-JIS (Japanese)');
      expect(error.messageEn).toContain('--encoding shift_jis');

      await run({ kind: 'products', path: file, encoding: 'shift_jis' });
      expect((await t.store.products.get('shop1', 'p1'))?.title).toBe('ステンレス保温ボトル');
    });

    it('still reads GBK with traditional and rare characters', async () => {
      const file = write('gbk.csv', iconv.encode('id,title,price\np1,臺灣高山烏龍茶,199\np2,王喆签名版,9\n', 'gbk'));
      const result = await run({ kind: 'products', path: file });

      expect(result.encoding).toBe('gbk');
      expect((await t.store.products.get('shop1', 'p1'))?.title).toBe('臺灣高山烏龍茶');
      expect((await t.store.products.get('shop1', 'p2'))?.title).toBe('王喆签名版');
    });

    it('rejects GBK bytes when UTF-8 is forced', async () => {
      const file = write('gbk.csv', iconv.encode('id,title,price\np1,连衣裙,1\n', 'gbk'));
      const error = await fileError(run({ kind: 'products', path: file, encoding: 'utf-8' }));

      expect(error.code).toBe('INVALID_FILE');
      expect(error.messageEn).toContain('not valid utf-8');
      expect(error.messageEn).toContain('--encoding gbk');
    });

    it('re-imports the same file without changes', async () => {
      const file = write('products.csv', 'id,title,price\np1,a,1\np2,b,2\np3,c,3\n');
      const first = await run({ kind: 'products', path: file });
      const second = await run({ kind: 'products', path: file });

      expect(first.imported).toBe(3);
      expect(second.imported).toBe(3);
      expect(await t.store.products.count('shop1')).toBe(3);
    });

    it('reads TSV and JSONL', async () => {
      const tsv = write('products.tsv', 'id\ttitle\tprice\np1\t含,逗号\t1\np2\t12" 披萨\t2\n');
      const jsonl = write('products.jsonl', '{"id":"p3","title":"杯子","price":9.5,"onShelf":false,"categoryPath":"家居 > 杯子"}\n\n{"id":"p4","title":"碗","price":"3"}\n[1]\n');

      const fromTsv = await run({ kind: 'products', path: tsv });
      expect(fromTsv.format).toBe('tsv');
      expect((await t.store.products.get('shop1', 'p1'))?.title).toBe('含,逗号');
      expect((await t.store.products.get('shop1', 'p2'))?.title).toBe('12" 披萨');

      const fromJsonl = await run({ kind: 'products', path: jsonl });
      expect(fromJsonl.format).toBe('jsonl');
      expect(fromJsonl.imported).toBe(2);
      expect(fromJsonl.rejectedRows.map((row) => row.line)).toEqual([4]);
      const p3 = await t.store.products.get('shop1', 'p3');
      expect(p3?.onShelf).toBe(false);
      expect(p3?.categoryPath).toBe('家居 > 杯子');
    });

    it('reports an unclosed quote at its line', async () => {
      const file = write('products.csv', 'id,title,price\np1,a,1\np2,"never closed,2\np3,c,3\n');
      const result = await run({ kind: 'products', path: file });

      expect(result.imported).toBe(1);
      expect(result.rejectedRows).toHaveLength(1);
      expect(result.rejectedRows[0]?.line).toBe(3);
      expect(result.rejectedRows[0]?.message.en).toContain('opens a double quote that is never closed');
    });

    it('rejects an over-long row once and reads on', async () => {
      const file = write('long.csv', `id,title,description,price\np1,大,${'长'.repeat(5_000_000)},1\np2,小,正常,2\np3,坏,正常,abc\n`);
      const result = await run({ kind: 'products', path: file });

      expect(result.read).toBe(3);
      expect(result.rejected).toBe(2);
      expect(result.imported).toBe(1);
      expect(result.rejectedRows.map((row) => row.line)).toEqual([2, 4]);
      expect(result.rejectedRows[0]?.issues[0]?.field).toBe('description');
      expect(result.rejectedRows[0]?.message.en).toBe(
        'Line 2: column description is 5,000,000 characters, over the limit of 4,000,000 characters per row; shorten it and import again (the rejects file keeps only the first 1,000 characters of this row)',
      );
      expect(result.rejectedRows[0]?.message.en).not.toContain('quote');
      expect((await t.store.products.get('shop1', 'p2'))?.title).toBe('小');

      const rejects = readRejects(result.rejectsPath!);
      expect(rejects.map((row) => row.line)).toEqual(['2', '4']);
      expect(rejects[0]?.raw).toBe(`p1,大,${'长'.repeat(995)}…`);
      expect(statSync(result.rejectsPath!).size).toBeLessThan(10_000);
    });

    it('keeps line numbers after an over-long quoted value', async () => {
      const value = `${'第一段。'.repeat(1_000_000)}\n${'第二段'.repeat(10)}\n\n结尾""引号""`;
      const content = `id,title,price,description\np1,长,1,"${value}"\np2,短,2,"两\n行"\np3,坏,x,\n`;
      const result = await run({ kind: 'products', bytes: Buffer.from(content), fileName: 'long.csv' });

      expect(result.read).toBe(3);
      // p1 spans lines 2 to 5 and p2 lines 6 and 7. The value counts "" as one character.
      expect(result.rejectedRows.map((row) => row.line)).toEqual([2, 8]);
      expect(result.rejectedRows[0]?.message.en).toContain('column description is 4,000,039 characters');
      expect((await t.store.products.get('shop1', 'p2'))?.description).toBe('两\n行');
    });

    it('reports a long unclosed quote once', async () => {
      const content = `id,title,price\np1,a,1\np2,"${'x'.repeat(2_500_000)}\n${'y,'.repeat(1_000_000)}\np3,c,3\n`;
      const result = await run({ kind: 'products', bytes: Buffer.from(content), fileName: 'p.csv' });

      expect(result.read).toBe(2);
      expect(result.imported).toBe(1);
      expect(result.rejectedRows).toHaveLength(1);
      expect(result.rejectedRows[0]?.line).toBe(3);
      expect(result.rejectedRows[0]?.message.en).toContain('opens a double quote that is never closed');
    });

    it('rejects an over-long JSONL line', async () => {
      const long = JSON.stringify({ id: 'p1', title: '长', price: 1, description: 'x'.repeat(4_100_000) });
      const file = write('long.jsonl', `${long}\n{"id":"p2","title":"短","price":2}\n`);
      const result = await run({ kind: 'products', path: file });

      expect(result.read).toBe(2);
      expect(result.imported).toBe(1);
      expect(result.rejectedRows[0]?.line).toBe(1);
      expect(result.rejectedRows[0]?.message.en).toContain(`Line 1: the row is ${(long.length).toLocaleString('en-US')} characters`);
    });

    it('reads quoted values across read chunks', async () => {
      const rows = Array.from({ length: 60_000 }, (_, i) => `p${i},"标题 ${i}, ""引号""\n第二行",${i}`);
      const file = write('many.csv', `id,title,price\n${rows.join('\n')}\n`);
      const result = await run({ kind: 'products', path: file });

      expect(statSync(file).size).toBeGreaterThan(2 * (1 << 20));
      expect(result.imported).toBe(60_000);
      expect(result.rejected).toBe(0);
      expect((await t.store.products.get('shop1', 'p59999'))?.title).toBe('标题 59999, "引号"\n第二行');
    });

    it('reports progress up to the last row', async () => {
      const rows = Array.from({ length: 2500 }, (_, i) => `p${i},t,1`).join('\n');
      const file = write('products.csv', `id,title,price\n${rows}\n`);
      const seen: ImportProgress[] = [];
      const result = await run({ kind: 'products', path: file, batchSize: 1000, onProgress: (p) => seen.push(p) });

      expect(seen.length).toBeGreaterThan(2);
      const last = seen[seen.length - 1]!;
      expect(last.rowsRead).toBe(result.read);
      expect(last.bytesRead).toBe(last.totalBytes);
    });
  });

  describe('files with some columns', () => {
    it('keeps product fields the file lacks', async () => {
      const full = write(
        'full.csv',
        'id,title,description,category_path,brand,price,stock,on_shelf,attributes,repurchasable\np1,保温杯,不锈钢内胆,家居>杯子,暖山,39,25,0,颜色:白,1\n',
      );
      await run({ kind: 'products', path: full });
      const partial = write('partial.csv', 'id,title,price\np1,保温杯 新款,45\np2,马克杯,19\n');
      const result = await run({ kind: 'products', path: partial });

      expect(result.imported).toBe(2);
      expect(result.absentFields).toEqual(['description', 'category_path', 'brand', 'stock', 'on_shelf', 'attributes', 'repurchasable']);
      const p1 = await t.store.products.get('shop1', 'p1');
      expect(p1?.title).toBe('保温杯 新款');
      expect(p1?.price).toBe(45);
      expect(p1?.stock).toBe(25);
      expect(p1?.description).toBe('不锈钢内胆');
      expect(p1?.categoryPath).toBe('家居 > 杯子');
      expect(p1?.brand).toBe('暖山');
      expect(p1?.onShelf).toBe(false);
      expect(p1?.attributes).toEqual({ 颜色: '白' });
      expect(p1?.repurchasable).toBe(true);
      const p2 = await t.store.products.get('shop1', 'p2');
      expect(p2).toMatchObject({ stock: 0, onShelf: true, repurchasable: false, description: '', brand: '', attributes: {} });
    });

    it('clears a field whose cell is blank', async () => {
      await run({ kind: 'products', path: write('full.csv', 'id,title,price,stock,brand\np1,杯子,9,25,暖山\n') });
      const result = await run({ kind: 'products', path: write('blank.csv', 'id,title,price,stock\np1,杯子,9,\n') });

      expect(result.absentFields).toContain('brand');
      expect(result.absentFields).not.toContain('stock');
      const p1 = await t.store.products.get('shop1', 'p1');
      expect(p1?.stock).toBe(0);
      expect(p1?.brand).toBe('暖山');
    });

    it('keeps user fields the file lacks', async () => {
      await run({ kind: 'users', path: write('full.csv', 'id,name,gender,city,registered_at,attributes\nu1,小王,男,杭州,2024-03-05 10:00:00,等级:金卡\n') });
      const result = await run({ kind: 'users', path: write('cities.csv', 'id,city\nu1,上海\n') });

      expect(result.absentFields).toEqual(['name', 'gender', 'registered_at', 'attributes']);
      expect(await t.store.users.get('shop1', 'u1')).toEqual({
        id: 'u1',
        name: '小王',
        gender: '男',
        city: '上海',
        registeredAt: '2024-03-05T10:00:00.000Z',
        attributes: { 等级: '金卡' },
      });
    });

    it('keeps order shipping, status and line titles', async () => {
      const fullHeader = 'order_id,user_id,status,created_at,product_id,title,quantity,unit_price,receiver,phone,address';
      await run({
        kind: 'orders',
        path: write(
          'full.csv',
          [
            fullHeader,
            'O1,u1,已签收,2024-03-05 10:00:00,p1,杯子,2,19.9,张三,13800138000,杭州市西湖区文三路 1 号',
            'O1,u1,已签收,2024-03-05 10:00:00,p2,碗,1,5.5,张三,13800138000,杭州市西湖区文三路 1 号',
            'O1,u1,已签收,2024-03-05 10:00:00,p3,盘子,1,8,张三,13800138000,杭州市西湖区文三路 1 号',
          ].join('\n'),
        ),
      });
      const result = await run({
        kind: 'orders',
        path: write('lines.csv', ['order_id,user_id,created_at,product_id,quantity,unit_price', 'O1,u1,2024-03-05 10:00:00,p1,3,19.9', 'O1,u1,2024-03-05 10:00:00,p9,1,7'].join('\n')),
      });

      expect(result.absentFields).toEqual(['kind', 'status', 'currency', 'paid_at', 'delivered_at', 'receiver', 'phone', 'address', 'title']);
      const o1 = await t.store.orders.get('shop1', 'O1');
      expect(o1?.shipping).toEqual({ receiver: '张三', phone: '13800138000', address: '杭州市西湖区文三路 1 号' });
      expect(o1?.status).toBe('已签收');
      expect(o1?.total).toBe(66.7);
      expect(o1?.lines.map((line) => [line.lineNo, line.productId, line.title, line.quantity])).toEqual([
        [1, 'p1', '杯子', 3],
        [2, 'p9', '', 1],
      ]);
    });

    it('keeps the shipping of a JSONL order without one', async () => {
      const order = { id: 'O1', user_id: 'u1', created_at: '2024-03-05 10:00:00', lines: [{ product_id: 'p1', title: '杯子', quantity: 1, unit_price: 9 }] };
      const shipping = { receiver: '李四', phone: '13900139000', address: '上海市徐汇区漕溪北路 2 号' };
      await run({ kind: 'orders', path: write('full.jsonl', `${JSON.stringify({ ...order, status: '已发货', shipping })}\n`) });
      const result = await run({ kind: 'orders', path: write('again.jsonl', `${JSON.stringify({ ...order, lines: [{ product_id: 'p1', quantity: 2, unit_price: 9 }] })}\n`) });

      expect(result.absentFields).toEqual(['kind', 'status', 'currency', 'paid_at', 'delivered_at', 'shipping']);
      const o1 = await t.store.orders.get('shop1', 'O1');
      expect(o1?.shipping).toEqual(shipping);
      expect(o1?.status).toBe('已发货');
      expect(o1?.total).toBe(18);
      expect(o1?.lines[0]).toMatchObject({ title: '杯子', quantity: 2 });
    });

    it('keeps event fields the file lacks', async () => {
      await run({ kind: 'events', path: write('full.csv', 'id,user_id,product_id,type,ts,session_id,query\ne1,u1,,search,2024-03-05 10:00:00,s1,保温杯\n') });
      await run({ kind: 'events', path: write('partial.csv', 'id,user_id,type,ts\ne1,u1,search,2024-03-05 11:00:00\n') });

      const [event] = await t.store.events.recentForUser('shop1', 'u1', 10);
      expect(event).toMatchObject({ id: 'e1', ts: '2024-03-05T11:00:00.000Z', sessionId: 's1', query: '保温杯' });
    });
  });

  describe('users', () => {
    it('imports users and rejects bad dates', async () => {
      const file = write('users.csv', 'id,name,gender,city,registered_at\nu1,小王,男,杭州,2024-03-05 10:00:00\nu2,小李,女,上海,2024-02-30\nu3,,,,\n');
      const result = await run({ kind: 'users', path: file });

      expect(result.imported).toBe(2);
      expect(result.rejectedRows[0]?.line).toBe(3);
      expect(result.rejectedRows[0]?.issues[0]?.field).toBe('registered_at');
      expect(result.rejectedRows[0]?.issues[0]?.value).toBe('2024-02-30');
      expect((await t.store.users.get('shop1', 'u1'))?.registeredAt).toBe('2024-03-05T10:00:00.000Z');
      expect((await t.store.users.get('shop1', 'u3'))?.registeredAt).toBeNull();
    });
  });

  describe('events', () => {
    const header = 'user_id,product_id,type,ts,session_id,query';

    it('parses time forms and rejects unparsable ones', async () => {
      const lines = [
        header,
        'u1,p1,view,2024-03-05 14:30:00,s1,',
        'u1,p1,click,2024-03-05T14:30:00+08:00,s1,',
        'u1,p2,purchase,1709649000,s1,',
        'u1,p2,favorite,1709649000123,s1,',
        'u1,,search,2024/3/5 9:05,s1,连衣裙',
        'u1,p3,view,yesterday,s1,',
        'u1,p3,view,45356.5,s1,',
        'u1,p3,view,2024-13-01 00:00:00,s1,',
        'u1,,view,2024-03-05 14:30:00,s1,',
        'u1,p3,like,2024-03-05 14:30:00,s1,',
      ];
      const file = write('events.csv', `${lines.join('\n')}\n`);
      const result = await run({ kind: 'events', path: file });

      expect(result.imported).toBe(5);
      expect(result.rejectedRows.map((row) => row.line)).toEqual([7, 8, 9, 10, 11]);
      expect(result.rejectedRows[0]?.issues[0]).toMatchObject({ field: 'ts', value: 'yesterday' });
      expect(result.rejectedRows[0]?.message.en).toContain('2024-03-05 14:30:00');
      expect(result.rejectedRows[1]?.message.en).toContain('Excel day number');
      expect(result.rejectedRows[3]?.message.en).toContain('only search events may omit the product');
      expect(result.rejectedRows[4]?.message.en).toContain('is not a known event type');

      const stored = await t.store.events.recentForUser('shop1', 'u1', 10);
      expect(stored.map((event) => event.ts).sort()).toEqual([
        '2024-03-05T06:30:00.000Z',
        '2024-03-05T09:05:00.000Z',
        '2024-03-05T14:30:00.000Z',
        '2024-03-05T14:30:00.000Z',
        '2024-03-05T14:30:00.123Z',
      ]);
      expect(stored.find((event) => event.type === 'search')).toMatchObject({ productId: null, query: '连衣裙' });
    });

    it('gives id-less events stable ids', async () => {
      const file = write('events.csv', `${header}\nu1,p1,view,2024-03-05 14:30:00,,\nu1,p1,pv,2024-03-05 14:31:00,,\nu2,p1,加购,2024-03-05 14:32:00,,\n`);
      const first = await run({ kind: 'events', path: file });
      const ids = (await t.store.events.recentForUser('shop1', 'u1', 10)).map((event) => event.id);
      const second = await run({ kind: 'events', path: file });

      expect(first.imported).toBe(3);
      expect(second.imported).toBe(3);
      expect(await t.store.events.count('shop1')).toBe(3);
      expect((await t.store.events.recentForUser('shop1', 'u1', 10)).map((event) => event.id)).toEqual(ids);
      expect((await t.store.events.recentForUser('shop1', 'u2', 10))[0]?.type).toBe('add_to_cart');
    });

    it('reports identical id-less events as duplicates', async () => {
      const file = write('events.csv', `${header}\nu1,p1,view,2024-03-05 14:30:00,,\nu1,p1,view,2024-03-05 14:30:00,,\n`);
      const result = await run({ kind: 'events', path: file });

      expect(result.duplicates).toBe(1);
      expect(result.duplicateRows[0]).toMatchObject({ line: 2, keptLine: 3 });
      expect(await t.store.events.count('shop1')).toBe(1);
    });
  });

  describe('orders', () => {
    const header = 'order_id,user_id,status,created_at,paid_at,delivered_at,currency,line_no,product_id,title,quantity,unit_price';

    it('groups flat rows into orders with totals and kinds', async () => {
      const file = write(
        'orders.csv',
        [
          header,
          'O1,u1,,2024-03-05 10:00:00,2024-03-05 10:01:00,,,1,p1,杯子,2,19.9',
          'O1,u1,,2024-03-05 10:00:00,2024-03-05 10:01:00,,,2,p2,碗,1,5.5',
          'C2,u1,,2024-03-06 10:00:00,,,,1,p1,杯子,1,19.9',
          'O3,u2,已签收,2024-03-07 10:00:00,,,,,p3,盘子,-1,8',
          'O4,u2,,2024-03-08 10:00:00,,2024-03-09 10:00:00,usd,,p3,盘子,3,8',
        ].join('\n'),
      );
      const result = await run({ kind: 'orders', path: file });

      expect(result.read).toBe(5);
      expect(result.imported).toBe(5);
      expect(result.stored).toBe(4);
      const o1 = await t.store.orders.get('shop1', 'O1');
      expect(o1).toMatchObject({ kind: 'purchase', status: 'paid', total: 45.3, currency: 'CNY', userId: 'u1' });
      expect(o1?.lines.map((line) => line.productId)).toEqual(['p1', 'p2']);
      expect(await t.store.orders.get('shop1', 'C2')).toMatchObject({ kind: 'return', status: 'returned' });
      expect(await t.store.orders.get('shop1', 'O3')).toMatchObject({ kind: 'return', status: '已签收', total: -8 });
      expect(await t.store.orders.get('shop1', 'O4')).toMatchObject({ kind: 'purchase', status: 'delivered', currency: 'USD', total: 24 });
    });

    it('rejects a whole order when one row is invalid', async () => {
      const lines = [
        header,
        'O1,u1,,2024-03-05 10:00:00,,,,1,p1,杯子,2,19.9',
        'O1,u1,,2024-03-05 10:00:00,,,,2,p2,碗,zero,5.5',
        'O1,u1,,2024-03-05 10:00:00,,,,3,p3,盘子,1,8',
        'O2,u2,,2024-03-05 10:00:00,,,,1,p1,杯子,1,19.9',
        'O2,u3,,2024-03-05 10:00:00,,,,2,p2,碗,1,5.5',
        'O3,u3,,2024-03-05 10:00:00,,,,1,p1,杯子,1,19.9',
      ];
      const file = write('orders.csv', lines.join('\n'));
      const result = await run({ kind: 'orders', path: file });

      expect(result.read).toBe(6);
      expect(result.imported).toBe(1);
      expect(result.rejected).toBe(5);
      expect(await t.store.orders.count('shop1')).toBe(1);
      expect(await t.store.orders.get('shop1', 'O3')).toBeDefined();

      const rejects = readRejects(result.rejectsPath!);
      expect(rejects.map((row) => Number(row.line)).sort()).toEqual([2, 3, 4, 5, 6]);
      for (const row of rejects) expect(row.raw).toBe(lines[Number(row.line) - 1]);
      expect(rejects.find((row) => row.line === '3')?.reason).toContain('the whole order O1 was not imported');
      expect(rejects.find((row) => row.line === '2')?.reason).toContain('line 3 of order O1 is invalid');
      expect(rejects.find((row) => row.line === '6')?.reason).toContain('differs from user u2 on line 5');
    });

    it('keeps orders whole across batches and scattered rows', async () => {
      const rows = [header];
      for (let i = 1; i <= 10; i += 1) rows.push(`O${i},u1,,2024-03-05 10:00:00,,,,1,p1,杯子,1,10`);
      rows.push('O1,u1,,2024-03-05 10:00:00,,,,2,p2,碗,1,5');
      rows.push('O1,u1,,2024-03-05 10:00:00,,,,2,p2,碗,2,5');
      const file = write('orders.csv', rows.join('\n'));
      const result = await run({ kind: 'orders', path: file, batchSize: 3 });

      expect(result.stored).toBe(10);
      expect(result.duplicates).toBe(1);
      expect(result.duplicateRows[0]).toMatchObject({ line: 12, id: 'O1#2', keptLine: 13 });
      const o1 = await t.store.orders.get('shop1', 'O1');
      expect(o1?.lines.map((line) => [line.lineNo, line.quantity])).toEqual([
        [1, 1],
        [2, 2],
      ]);
      expect(o1?.total).toBe(20);

      await run({ kind: 'orders', path: file, batchSize: 3 });
      expect(await t.store.orders.count('shop1')).toBe(10);
      expect((await t.store.orders.get('shop1', 'O1'))?.lines).toHaveLength(2);
    });

    it('reads nested JSONL orders in either case style', async () => {
      const file = write(
        'orders.jsonl',
        [
          JSON.stringify({
            id: 'O1',
            userId: 'u1',
            createdAt: '2024-03-05T10:00:00+08:00',
            shipping: { receiver: '张三', phone: '13800138000', address: '杭州市西湖区文三路 1 号' },
            lines: [
              { productId: 'p1', title: '杯子', quantity: 2, unitPrice: 19.9 },
              { product_id: 'p2', quantity: 1, unit_price: '5.5' },
            ],
          }),
          JSON.stringify({ order_id: 'O2', user_id: 'u2', created_at: '2024-03-06 10:00:00', lines: [{ product_id: 'p1', quantity: -1, unit_price: 19.9 }] }),
          JSON.stringify({ id: 'O3', user_id: 'u2', created_at: '2024-03-06 10:00:00', lines: [{ product_id: 'p1', quantity: 'many', unit_price: 1 }] }),
          JSON.stringify({ id: 'O4', user_id: 'u2', created_at: '2024-03-06 10:00:00', lines: [] }),
        ].join('\n'),
      );
      const result = await run({ kind: 'orders', path: file });

      expect(result.imported).toBe(2);
      expect(result.rejectedRows.map((row) => row.line)).toEqual([3, 4]);
      expect(result.rejectedRows[0]?.issues[0]?.column).toBe('lines[0].quantity');
      const o1 = await t.store.orders.get('shop1', 'O1');
      expect(o1).toMatchObject({ kind: 'purchase', total: 45.3, createdAt: '2024-03-05T02:00:00.000Z' });
      expect(o1?.shipping).toEqual({ receiver: '张三', phone: '13800138000', address: '杭州市西湖区文三路 1 号' });
      expect(o1?.lines.map((line) => line.lineNo)).toEqual([1, 2]);
      expect(await t.store.orders.get('shop1', 'O2')).toMatchObject({ kind: 'return' });
    });

    it('masks personal data in rejected values', async () => {
      const file = write('orders.csv', `${header}\nO1,u1,,13800138000,,,,1,p1,杯子,1,1\n`);
      const result = await run({ kind: 'orders', path: file });

      expect(result.rejected).toBe(1);
      expect(result.rejectedRows[0]?.issues[0]?.value).toBe('138****8000');
      expect(result.rejectedRows[0]?.message.en).not.toContain('13800138000');
    });
  });
});
