import type { Command } from 'commander';
import { createContext } from '../../core/context.js';
import { ShopmindError } from '../../core/errors.js';
import { msg } from '../../core/messages.js';
import {
  type DatasetImportResult,
  type DatasetKind,
  datasetKinds,
  type ImportResult,
  importDataset,
  importFile,
  parseEncoding,
  parseFormat,
  parseMappingFile,
  parseMappingFlags,
  type RecordKind,
  recordKinds,
} from '../../ingest/index.js';
import { globalOverrides } from '../options.js';
import { action, openRuntime, say } from '../runtime.js';
import { ImportProgressDisplay } from './import-progress.js';

interface ImportOptions {
  format?: string;
  encoding?: string;
  map?: string[];
  mapping?: string;
  rejects?: string;
  batchSize?: string;
  json?: boolean;
}

/** Exit code of an import that finished but rejected some rows. */
const exitCodeRowsRejected = 3;
const shownRejects = 5;

const helpText = `
数据类型 kinds:
  products       商品 / products:  id, title, price（必填 required）, description, category_path（"数码 > 耳机"）,
                 brand, stock, on_shelf（1/0/true/false/是/否）, attributes（JSON 或 颜色:红;尺码:L）, repurchasable
  users          用户 / users:     id（必填 required）, name, gender, city, registered_at
  events         行为 / events:    user_id, type, ts（必填 required）, id, product_id（仅 search 可空 empty only for search）,
                 session_id, query. type: view, click, favorite, add_to_cart, purchase, search
  orders         订单 / orders:    CSV/TSV 每行一个订单行 one row per order line: order_id, user_id, created_at,
                 product_id, quantity, unit_price（必填 required）, status, paid_at, delivered_at, currency,
                 line_no, title, kind, receiver, phone, address.
                 JSONL 每行一个订单 one order per line, with a "lines" array (snake_case or camelCase)
  amazon-games   公开数据集 public dataset: LLMRank "Games" 目录 folder (*.item, *.test.inter)
  online-retail  公开数据集 public dataset: UCI Online Retail CSV (C 开头的发票和负数量是退货 C invoices and negative quantities are returns)

时间 times: ISO-8601、"2024-03-05 14:30:00"（无时区按 UTC read as UTC）、Unix 秒或毫秒 seconds or milliseconds
格式 formats: csv, tsv, jsonl（按扩展名识别 detected from the extension）; 编码 encodings: utf-8（含 BOM）, gbk（自动识别 detected）,
  big5, shift_jis, utf-16le, utf-16be（需用 --encoding 指定 only with --encoding）
部分列 some columns: 已有记录只更新文件中有的字段 stored records change only in the fields the file has

退出码 exit codes: 0 全部导入 every row imported; 3 有行被拒收 some rows rejected (see the rejects file);
  2 文件级错误 file-level error; 1 内部错误 internal error

示例 examples:
  shopmind import products 商品.csv --map id=商品编号 --map title=商品名称 --map price=售价
  shopmind import orders orders.csv --mapping mapping.json --rejects bad-orders.csv
  shopmind import online-retail ../data/online-retail.csv
`;

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function parseKind(kind: string): RecordKind | DatasetKind {
  const all: readonly string[] = [...recordKinds, ...datasetKinds];
  if (all.includes(kind)) return kind as RecordKind | DatasetKind;
  throw new ShopmindError(
    'INVALID_REQUEST',
    { zh: `未知的数据类型 "${kind}"；可选：${all.join('、')}`, en: `Unknown kind "${kind}"; choose ${all.join(', ')}` },
    { kind, validKinds: all },
  );
}

function parseBatchSize(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const size = Number(value);
  if (Number.isInteger(size) && size > 0) return size;
  throw new ShopmindError('INVALID_REQUEST', {
    zh: `--batch-size ${value} 无效；请写正整数，例如 2000`,
    en: `--batch-size ${value} is invalid; write a positive whole number such as 2000`,
  });
}

function readMapping(options: ImportOptions): Record<string, string> {
  const fromFile = options.mapping ? parseMappingFile(options.mapping) : {};
  return { ...fromFile, ...parseMappingFlags(options.map ?? []) };
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}

function printFileSummary(file: string, result: ImportResult): void {
  say(msg(`导入完成：${file}（${result.kind}，${result.format}，${result.encoding}）`, `Import finished: ${file} (${result.kind}, ${result.format}, ${result.encoding})`));
  say(msg(`  读取 ${result.read} 行`, `read ${result.read} rows`));
  say(msg(`  导入 ${result.imported} 行（${result.stored} 条记录）`, `imported ${result.imported} rows (${result.stored} records)`));
  say(msg(`  拒收 ${result.rejected} 行`, `rejected ${result.rejected} rows`));
  say(msg(`  重复 ${result.duplicates} 行（保留最后一次出现）`, `duplicates ${result.duplicates} rows (the last one is kept)`));
  for (const duplicate of result.duplicateRows.slice(0, shownRejects)) {
    const where = duplicate.line === null ? '之前的一行' : `第 ${duplicate.line} 行`;
    const whereEn = duplicate.line === null ? 'an earlier row' : `line ${duplicate.line}`;
    say(msg(`    ${duplicate.id}：${where}被第 ${duplicate.keptLine} 行取代`, `${duplicate.id}: ${whereEn} replaced by line ${duplicate.keptLine}`));
  }
  if (result.rejectsPath) say(msg(`  拒收行文件：${result.rejectsPath}`, `rejects file: ${result.rejectsPath}`));
  say(msg(`  用时 ${seconds(result.elapsedMs)} 秒`, `elapsed ${seconds(result.elapsedMs)} s`));
  if (result.ignoredColumns.length > 0) {
    const columns = result.ignoredColumns.join(', ');
    say(msg(`  未使用的列：${columns}（需要时用 --map 字段=列名）`, `unused columns: ${columns} (map one with --map field=column)`));
  }
  if (result.absentFields.length > 0) {
    const fields = result.absentFields.join(', ');
    say(
      msg(
        `  未包含的字段保持原值：${fields}（新记录用默认值）`,
        `fields not in the file keep their stored values: ${fields} (new records get the defaults)`,
      ),
    );
  }
  if (result.rejectedRows.length > 0) {
    say(msg(`前 ${Math.min(shownRejects, result.rejectedRows.length)} 个拒收行：`, `First rejected rows:`));
    for (const row of result.rejectedRows.slice(0, shownRejects)) say(row.message);
  }
}

function printDatasetSummary(path: string, result: DatasetImportResult): void {
  say(msg(`导入完成：${result.dataset}（${path}）`, `Import finished: ${result.dataset} (${path})`));
  say(msg(`  商品 ${result.products}，用户 ${result.users}，订单 ${result.orders}（退货 ${result.returns}），行为 ${result.events}`, `products ${result.products}, users ${result.users}, orders ${result.orders} (returns ${result.returns}), events ${result.events}`));
  say(msg(`  用时 ${seconds(result.elapsedMs)} 秒`, `elapsed ${seconds(result.elapsedMs)} s`));
}

/** Registers `shopmind import <kind> <path>`. */
export function registerImportCommand(program: Command): Command {
  return program
    .command('import')
    .description('导入商品、用户、行为、订单或公开数据集（可重复导入，按 ID 更新）/ import products, users, events, orders or a public dataset (re-imports update by id)')
    .argument('<kind>', 'products | users | events | orders | amazon-games | online-retail')
    .argument('<path>', '要导入的文件（amazon-games 为目录；online-retail 可以是只含一个 .csv 的目录）/ file to import (a folder for amazon-games; for online-retail also a folder that contains one .csv)')
    .option('--format <format>', '文件格式，默认按扩展名 / file format, detected from the extension by default: csv | tsv | jsonl')
    .option('--encoding <encoding>', '文本编码，默认自动识别 / text encoding, detected by default: utf-8 | gbk | big5 | shift_jis | utf-16le | utf-16be')
    .option('--map <field=column>', '字段对应的列名，可重复 / column that fills a field, repeatable (e.g. --map title=商品名称)', collect)
    .option('--mapping <file>', 'JSON 映射文件 / JSON mapping file: {"title": "商品名称", "price": "售价"}')
    .option('--rejects <file>', '拒收行写入的 CSV 文件 / CSV file for rejected rows (default: <file>.rejects.csv)')
    .option('--batch-size <rows>', '每批写入的行数 / rows per database batch (default 2000)')
    .option('--json', '以 JSON 输出结果 / print the result as JSON')
    .addHelpText('after', helpText)
    .action(
      action(async (kindName: string, path: string, options: ImportOptions, command: Command) => {
        const kind = parseKind(kindName);
        const batchSize = parseBatchSize(options.batchSize);
        const format = options.format ? parseFormat(options.format) : undefined;
        const encoding = options.encoding ? parseEncoding(options.encoding) : undefined;
        const mapping = readMapping(options);
        const runtime = await openRuntime(globalOverrides(command));
        const ctx = createContext(runtime.config.defaultShop);
        const progress = new ImportProgressDisplay();
        try {
          if ((datasetKinds as readonly string[]).includes(kind)) {
            const result = await importDataset(ctx, runtime.store, { dataset: kind as DatasetKind, path, batchSize, onProgress: (p) => progress.updateDataset(p) });
            progress.stop();
            if (options.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
            else printDatasetSummary(path, result);
            return;
          }
          const result = await importFile(ctx, runtime.store, {
            kind: kind as RecordKind,
            path,
            format,
            encoding,
            mapping,
            rejectsPath: options.rejects,
            batchSize,
            onProgress: (p) => progress.update(p),
          });
          progress.stop();
          if (options.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
          else printFileSummary(path, result);
          if (result.rejected > 0) process.exitCode = exitCodeRowsRejected;
        } finally {
          progress.stop();
          await runtime.close();
        }
      }),
    );
}
