import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseFaqText } from '../src/assistant/knowledge/faq-file.js';
import { KnowledgeBase } from '../src/assistant/knowledge/knowledge-base.js';
import { isShopmindError, type ShopmindError } from '../src/core/errors.js';
import { assistantRepositories } from '../src/store/assistant-repositories.js';
import { dialects, type TestStore } from './helpers/stores.js';

const shopId = 'kb-shop';

async function failureOf(work: Promise<unknown>): Promise<ShopmindError> {
  try {
    await work;
  } catch (error) {
    if (isShopmindError(error)) return error;
    throw error;
  }
  throw new Error('expected a ShopmindError, but the import succeeded');
}

describe('parseFaqText', () => {
  it('keeps a stray quote inside a value', () => {
    const result = parseFaqText('question,answer\n有玩具吗？,我家"小熊"玩偶很受欢迎\n', 'csv', 'faq.csv');

    expect(result.errors).toEqual([]);
    expect(result.entries[0]?.body).toBe('我家"小熊"玩偶很受欢迎');
  });

  it('numbers rows after multi-line answers', () => {
    const result = parseFaqText('question,answer\n\nq1,"第一行\n第二行"\n,没有问题\n', 'csv', 'faq.csv');

    expect(result.entries[0]?.body).toBe('第一行\n第二行');
    expect(result.errors).toEqual([{ line: 5, reason: 'question 为空 / question is empty' }]);
  });

  it('names the line of an unclosed quote', () => {
    let error: unknown;
    try {
      parseFaqText('question,answer\nq1,a1\nq2,"没有闭合\nq3,a3\n', 'csv', 'faq.csv');
    } catch (caught) {
      error = caught;
    }

    expect(isShopmindError(error)).toBe(true);
    expect((error as ShopmindError).code).toBe('INVALID_FILE');
    expect((error as ShopmindError).details?.line).toBe(3);
    expect((error as ShopmindError).messageEn).toContain('Line 3 of the FAQ file faq.csv opens a double quote that is never closed');
  });
});

describe.each(dialects)('kb import on $name', (dialect) => {
  let t: TestStore;
  let dir: string;
  let knowledge: KnowledgeBase;

  beforeEach(async () => {
    t = await dialect.open();
    await t.store.ensureShop(shopId);
    knowledge = new KnowledgeBase(assistantRepositories(t.store));
    dir = mkdtempSync(path.join(os.tmpdir(), 'shopmind-kb-'));
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

  it('imports a value with a stray quote', async () => {
    const result = await knowledge.importPath(shopId, write('faq.csv', 'question,answer\n有玩具吗？,我家"小熊"玩偶很受欢迎\n'));

    expect(result.faq).toBe(1);
    expect((await knowledge.list(shopId))[0]?.body).toBe('我家"小熊"玩偶很受欢迎');
  });

  it('rejects files without entries and keeps the version', async () => {
    await knowledge.importPath(shopId, write('seed.csv', 'question,answer\n能开发票吗？,可以\n'));
    const before = await knowledge.version(shopId);
    const policies = path.join(dir, 'policies');
    mkdirSync(policies);
    writeFileSync(path.join(policies, 'returns.md'), '# 退货\n\n七天无理由退货。\n');
    writeFileSync(path.join(policies, 'empty.md'), '');

    const cases: [string, string][] = [
      [write('header.csv', 'question,answer\n'), 'has only a header and no question-answer rows'],
      [write('blank.csv', '\n\n'), 'is empty'],
      [write('empty.md', ''), 'is empty (no text besides headings)'],
      [write('headings.md', '# 退货\n\n## 七天无理由\n'), 'is empty (no text besides headings)'],
      [write('bad-rows.csv', 'question,answer\n,只有答案\n只有问题,\n'), 'has no entry that can be imported (2 rows skipped'],
      [write('empty.jsonl', '\n'), 'is empty'],
      [policies, `The policy document ${path.join(policies, 'empty.md')} is empty`],
    ];
    for (const [file, message] of cases) {
      const error = await failureOf(knowledge.importPath(shopId, file));
      expect(error.code, file).toBe('INVALID_FILE');
      expect(error.messageEn, file).toContain(message);
      expect(error.messageEn, file).toContain('the knowledge base was not changed');
    }
    expect(await knowledge.version(shopId)).toBe(before);
    expect(await knowledge.list(shopId)).toHaveLength(1);
  });

  it('reads a GBK FAQ file', async () => {
    const file = write('faq.csv', iconv.encode('question,answer,category\n能开发票吗？,可以开电子发票,发票\n', 'gbk'));
    await knowledge.importPath(shopId, file);

    const [entry] = await knowledge.list(shopId);
    expect(entry).toMatchObject({ title: '能开发票吗？', body: '可以开电子发票', category: '发票' });
  });

  it('reads a GBK policy document', async () => {
    await knowledge.importPath(shopId, write('退货政策.md', iconv.encode('# 退货政策\n\n签收后七天内可以无理由退货。\n', 'gbk')));

    const [entry] = await knowledge.list(shopId);
    expect(entry?.title).toBe('退货政策');
    expect(entry?.body).toContain('签收后七天内');
  });

  it('rejects a Big5 FAQ file', async () => {
    const before = await knowledge.version(shopId);
    const file = write('faq.csv', iconv.encode('question,answer\n可以開發票嗎？,可以開電子發票，請在訂單頁申請\n', 'big5'));
    const error = await failureOf(knowledge.importPath(shopId, file));

    expect(error.code).toBe('INVALID_FILE');
    expect(error.messageEn).toContain('looks like Big5 (traditional Chinese)');
    expect(error.messageEn).toContain('save it as UTF-8');
    expect(error.messageEn).not.toContain('--encoding');
    expect(await knowledge.version(shopId)).toBe(before);
  });
});

describe('shopmind kb import (CLI)', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'shopmind-kb-cli-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports a stray quote without an internal error', async () => {
    const file = path.join(dir, 'faq.csv');
    writeFileSync(file, 'question,answer\n有玩具吗？,我家"小熊"玩偶很受欢迎\n');
    const env: NodeJS.ProcessEnv = { ...process.env, SHOPMIND_DATA_DIR: path.join(dir, 'data'), SHOPMIND_SHOP: 'cli-shop', SHOPMIND_LANG: 'both' };
    delete env.DATABASE_URL;

    const { stdout, stderr } = await promisify(execFile)('npx', ['tsx', 'src/cli/main.ts', 'kb', 'import', file], { cwd: path.resolve(import.meta.dirname, '..'), env });

    expect(stdout).toContain('Imported 1 FAQ entries');
    expect(stderr).not.toContain('Internal error');
  });
});
