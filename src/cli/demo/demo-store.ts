import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createContext } from '../../core/context.js';
import { ShopmindError } from '../../core/errors.js';
import { msg } from '../../core/messages.js';
import { importFile, type RecordKind } from '../../ingest/index.js';
import type { Store } from '../../store/index.js';
import { say } from '../runtime.js';

/** The demo store shipped in the package: `examples/demo-store`, found from this file's location. */
export function demoStoreDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  // src/cli/demo (tsx) and dist/cli/demo (built) are both three levels below the package root.
  const dir = path.resolve(here, '../../../examples/demo-store');
  if (!existsSync(path.join(dir, 'products.csv'))) {
    throw new ShopmindError('FILE_NOT_FOUND', {
      zh: `找不到演示店铺数据：${dir}；请在 shopmind 源码目录中运行`,
      en: `Demo store data not found at ${dir}; run from a shopmind checkout`,
    });
  }
  return dir;
}

const files: [RecordKind, string][] = [
  ['products', 'products.csv'],
  ['users', 'users.csv'],
  ['events', 'events.csv'],
  ['orders', 'orders.jsonl'],
];

/** Imports the demo store's catalogue, shoppers, behaviour and orders into `shopId`; re-running is idempotent. */
export async function loadDemoStore(store: Store, shopId: string, dir = demoStoreDir()): Promise<void> {
  const ctx = createContext(shopId);
  await store.ensureShop(shopId, '商智小铺');
  for (const [kind, file] of files) {
    const result = await importFile(ctx, store, { kind, path: path.join(dir, file), rejectsPath: null });
    say(msg(`  导入 ${file}：${result.imported} 行`, `  imported ${file}: ${result.imported} rows`));
    if (result.rejected > 0) {
      throw new ShopmindError('INVALID_FILE', {
        zh: `演示数据 ${file} 有 ${result.rejected} 行被拒收：${result.rejectedRows[0]?.message.zh ?? ''}`,
        en: `Demo data ${file} had ${result.rejected} rejected rows: ${result.rejectedRows[0]?.message.en ?? ''}`,
      });
    }
  }
}
