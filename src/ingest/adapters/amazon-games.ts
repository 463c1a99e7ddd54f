import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ShopmindError } from '../../core/errors.js';
import type { Product } from '../../store/types.js';

/** One user's chronological item sequence with the held-out next item. */
export interface ItemSequence {
  userId: string;
  history: string[];
  target: string;
}

export interface AmazonGamesData {
  products: Product[];
  sequences: ItemSequence[];
}

function findFile(dir: string, suffix: string): string {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    throw new ShopmindError(
      'DATASET_NOT_FOUND',
      { zh: `无法读取数据目录 ${dir}，请给出一个文件夹`, en: `Cannot read the dataset folder ${dir}; give a folder` },
      { dir },
    );
  }
  const match = names.filter((name) => name.endsWith(suffix)).sort()[0];
  if (!match) {
    throw new ShopmindError(
      'DATASET_NOT_FOUND',
      {
        zh: `目录 ${dir} 中没有 *${suffix} 文件，请给出 LLMRank 格式的数据目录（含 .item 与 .test.inter 文件）`,
        en: `No *${suffix} file in ${dir}; give a folder in the LLMRank format (with .item and .test.inter files)`,
      },
      { dir, suffix },
    );
  }
  return path.join(dir, match);
}

function dataLines(file: string): string[][] {
  const lines = readFileSync(file, 'utf8').split('\n');
  // The first line is the RecBole header (`field:type` columns).
  return lines
    .slice(1)
    .filter((line) => line.trim().length > 0)
    .map((line) => line.replace(/\r$/, '').split('\t'));
}

/**
 * Reads the LLMRank/RecBole "Games" layout: `<stem>.item` (item id, title)
 * and `<stem>.test.inter` (user id, space-separated history, next item).
 * Items get the title as their only text; prices and stock are unknown, so
 * every product is on shelf with stock 1.
 */
export function readAmazonGames(dir: string): AmazonGamesData {
  const itemFile = findFile(dir, '.item');
  const interFile = findFile(dir, '.test.inter');

  const products: Product[] = dataLines(itemFile).map(([id = '', title = '']) => ({
    id,
    title: title.trim() || `item ${id}`,
    description: '',
    categoryPath: '',
    brand: '',
    price: 0,
    stock: 1,
    onShelf: true,
    attributes: {},
    repurchasable: false,
  }));

  const sequences: ItemSequence[] = dataLines(interFile).map(([userId = '', history = '', target = '']) => ({
    userId,
    history: history.split(' ').filter((id) => id.length > 0),
    target: target.trim(),
  }));
  return { products, sequences };
}
