import type { BehaviourEvent, Product } from '../../src/store/index.js';
import type { Store } from '../../src/store/index.js';

/** A small shop with three categories and behaviour that links items inside each category. */
export const fixtureProducts: Product[] = [
  ...['蓝牙耳机 降噪 入耳式', '无线耳机 运动 挂耳', '有线耳机 Type-C', '手机壳 防摔 硅胶', '钢化膜 高清 防指纹', '充电宝 20000mAh 快充'].map(
    (title, i) => product(`D${i + 1}`, title, '数码 > 配件', '声屿', i === 5),
  ),
  ...['纯棉T恤 白色 短袖', '运动卫裤 加绒', '连帽卫衣 宽松', '跑步袜 三双装', '羽绒服 轻薄 保暖', '牛仔裤 直筒'].map((title, i) =>
    product(`C${i + 1}`, title, '服饰 > 日常', '棉语', false),
  ),
  ...['坚果礼盒 每日坚果', '牛肉干 麻辣', '薯片 原味 大包', '燕麦片 即食', '挂耳咖啡 黑咖啡', '绿茶 明前 罐装'].map((title, i) =>
    product(`F${i + 1}`, title, '食品 > 零食', '馋点', true),
  ),
];

function product(id: string, title: string, categoryPath: string, brand: string, repurchasable: boolean): Product {
  return {
    id,
    title,
    description: `${brand}出品的${title}，品质可靠`,
    categoryPath,
    brand,
    price: 50,
    stock: 20,
    onShelf: true,
    attributes: {},
    repurchasable,
  };
}

/**
 * Sixty users, each browsing mostly one category in a fixed order, so item
 * co-occurrence and transitions are learnable. Deterministic.
 */
export function fixtureEvents(): BehaviourEvent[] {
  const events: BehaviourEvent[] = [];
  const groups = [
    ['D1', 'D2', 'D3', 'D4', 'D5', 'D6'],
    ['C1', 'C2', 'C3', 'C4', 'C5', 'C6'],
    ['F1', 'F2', 'F3', 'F4', 'F5', 'F6'],
  ];
  let clock = Date.UTC(2026, 9, 1);
  for (let u = 0; u < 60; u++) {
    const group = groups[u % 3]!;
    const start = u % 4;
    for (let step = 0; step < 4; step++) {
      const productId = group[(start + step) % group.length]!;
      clock += 60_000;
      events.push({
        id: `f-${u}-${step}`,
        userId: `user${u}`,
        productId,
        type: step === 3 ? 'purchase' : 'view',
        ts: new Date(clock).toISOString(),
        sessionId: `s${u}`,
        query: null,
      });
    }
  }
  return events;
}

export async function seedFixtureShop(store: Store, shopId: string): Promise<void> {
  await store.products.upsertMany(shopId, fixtureProducts);
  await store.events.upsertMany(shopId, fixtureEvents());
}
