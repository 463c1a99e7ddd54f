import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createContext } from '../../core/context.js';
import { ShopmindError } from '../../core/errors.js';
import { msg } from '../../core/messages.js';
import { createAssistantService, importReturnPolicyFile, importShipmentsFile } from '../../assistant/index.js';
import type { ShopmindConfig } from '../../core/config.js';
import type { Logger } from '../../core/logger.js';
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

/**
 * The demo store's "today" (2026-11-30 00:00 Beijing time). Its orders,
 * parcels and return windows are written relative to this instant, so the
 * demo answers as if it were that day.
 */
export const demoNow = '2026-11-29T16:00:00.000Z';

/** `demoNow` as an operator reads it. */
export const demoNowLabel = '2026-11-30 00:00（北京时间 Beijing time）';

/**
 * Imports the demo store into `shopId`: catalogue, shoppers, behaviour,
 * orders, parcels, the return policy and the customer-service knowledge
 * base. Re-running is idempotent.
 */
export async function loadDemoStore(
  deps: { store: Store; config: ShopmindConfig; logger: Logger },
  shopId: string,
  dir = demoStoreDir(),
): Promise<void> {
  const { store } = deps;
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
  await importShipmentsFile(store, shopId, path.join(dir, 'shipments.jsonl'));
  await importReturnPolicyFile(store, shopId, path.join(dir, 'return-policy.json'));
  const knowledge = createAssistantService({ ...deps }).knowledge;
  const faq = await knowledge.importPath(shopId, path.join(dir, 'faq.csv'));
  const policies = await knowledge.importPath(shopId, path.join(dir, 'policies'));
  say(
    msg(
      `  导入包裹、退换货规则，以及知识库 ${faq.faq} 条 FAQ、${policies.policies} 篇政策（版本 v${policies.version}）`,
      `  imported parcels, the return policy and ${faq.faq} FAQ entries plus ${policies.policies} policy documents (knowledge base v${policies.version})`,
    ),
  );
}
