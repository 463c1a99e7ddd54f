import { parse } from 'csv-parse/sync';
import type { Sampler } from './sampler.js';

/** One row of products.csv, typed. */
export interface DemoProduct {
  id: string;
  title: string;
  description: string;
  /** Two levels joined by " > ", e.g. "数码配件 > 耳机". */
  categoryPath: string;
  /** The first level of `categoryPath`, e.g. "数码配件". */
  category: string;
  brand: string;
  price: number;
  stock: number;
  onShelf: boolean;
  attributes: Record<string, string>;
  repurchasable: boolean;
}

export const productColumns = [
  'id',
  'title',
  'description',
  'category_path',
  'brand',
  'price',
  'stock',
  'on_shelf',
  'attributes',
  'repurchasable',
] as const;

type ProductRow = Record<(typeof productColumns)[number], string>;

/** Parses products.csv; throws on a row that breaks the documented format, naming the row. */
export function parseProductsCsv(text: string): DemoProduct[] {
  const rows = parse(text, { columns: true, skip_empty_lines: true, bom: true }) as ProductRow[];
  return rows.map((row, index) => toProduct(row, index + 2));
}

function toProduct(row: ProductRow, line: number): DemoProduct {
  const fail = (reason: string): never => {
    throw new Error(`products.csv line ${line} (id "${row.id}"): ${reason}`);
  };
  const levels = row.category_path.split(' > ');
  if (levels.length !== 2) fail(`category_path "${row.category_path}" must have two levels joined by " > "`);
  const attributes = JSON.parse(row.attributes) as unknown;
  if (!attributes || typeof attributes !== 'object' || Array.isArray(attributes)) fail('attributes must be a JSON object');
  for (const [name, value] of Object.entries(attributes as object)) {
    if (typeof value !== 'string') fail(`attribute "${name}" must be a string`);
  }
  const price = Number(row.price);
  const stock = Number(row.stock);
  if (!(price > 0)) fail(`price "${row.price}" must be a positive number`);
  if (!Number.isInteger(stock) || stock < 0) fail(`stock "${row.stock}" must be a non-negative integer`);

  return {
    id: row.id,
    title: row.title,
    description: row.description,
    categoryPath: row.category_path,
    category: levels[0] as string,
    brand: row.brand,
    price,
    stock,
    onShelf: row.on_shelf === '1',
    attributes: attributes as Record<string, string>,
    repurchasable: row.repurchasable === '1',
  };
}

/**
 * Pairs bought together, with the chance that buying the first also adds the
 * second to the order (and the other way round). They give item-to-item
 * collaborative filtering a signal to find.
 */
const coPurchaseRules: readonly [string, string, number][] = [
  ['SM-CAS-001', 'SM-FLM-001', 0.55],
  ['SM-CAS-002', 'SM-FLM-001', 0.5],
  ['SM-CAS-001', 'SM-FLM-002', 0.2],
  ['SM-CAS-003', 'SM-FLM-002', 0.35],
  ['SM-CHG-001', 'SM-CBL-001', 0.5],
  ['SM-PWB-001', 'SM-CBL-001', 0.3],
  ['SM-PWB-002', 'SM-CBL-001', 0.2],
  ['SM-FML-001', 'SM-DPR-001', 0.55],
  ['SM-FML-002', 'SM-DPR-001', 0.45],
  ['SM-FML-002', 'SM-DPR-002', 0.25],
  ['SM-FML-003', 'SM-DPR-002', 0.5],
  ['SM-DPR-001', 'SM-WIP-001', 0.45],
  ['SM-DPR-002', 'SM-WIP-001', 0.4],
  ['SM-DPR-001', 'SM-BBC-002', 0.25],
  ['SM-BTL-001', 'SM-BTL-002', 0.55],
  ['SM-SHP-001', 'SM-SHP-002', 0.5],
  ['SM-SHP-001', 'SM-BDW-001', 0.3],
  ['SM-TBR-001', 'SM-TBR-002', 0.5],
  ['SM-TBR-001', 'SM-TTP-001', 0.25],
  ['SM-SKN-001', 'SM-SKN-002', 0.4],
  ['SM-SKN-001', 'SM-MSK-001', 0.3],
  ['SM-CLN-001', 'SM-MSK-001', 0.3],
  ['SM-RUN-001', 'SM-RUN-003', 0.5],
  ['SM-RUN-002', 'SM-RUN-003', 0.5],
  ['SM-TNT-001', 'SM-TNT-002', 0.6],
  ['SM-TNT-001', 'SM-CMP-001', 0.35],
  ['SM-TNT-001', 'SM-CMP-002', 0.25],
  ['SM-YGA-001', 'SM-YGA-002', 0.35],
  ['SM-YGA-001', 'SM-FIT-002', 0.3],
  ['SM-NDL-001', 'SM-NDL-002', 0.3],
  ['SM-NUT-001', 'SM-TEA-002', 0.25],
  ['SM-TEA-001', 'SM-CUP-001', 0.25],
  ['SM-TIS-001', 'SM-TIS-002', 0.45],
  ['SM-TIS-002', 'SM-TIS-003', 0.35],
  ['SM-DET-001', 'SM-DET-002', 0.3],
  ['SM-BED-001', 'SM-BED-002', 0.3],
  ['SM-KIT-001', 'SM-KIT-002', 0.4],
  ['SM-TEE-001', 'SM-SCK-001', 0.3],
  ['SM-JKT-002', 'SM-SCF-001', 0.2],
  ['SM-FIT-001', 'SM-PRO-001', 0.3],
];

/** Search phrases shoppers type for each second-level category (some with typos, traditional characters or model codes). */
const searchQueries: Readonly<Record<string, readonly string[]>> = {
  '数码配件 > 耳机': ['蓝牙耳机', '降噪耳机', '无线耳机 运动', 'T3 Pro', '有线耳机 type-c', '無線藍牙耳機'],
  '数码配件 > 手机壳': ['手机壳', '防摔手机壳', '透明手机壳', '刻字手机壳'],
  '数码配件 > 钢化膜': ['钢化膜', '防窥膜', '手机膜 高清'],
  '数码配件 > 充电器': ['快充充电器', '65w氮化镓', '充电头'],
  '数码配件 > 数据线': ['数据线', 'type-c数据线', '快充线'],
  '数码配件 > 充电宝': ['充电宝', '充电宝 可带上飞机', '磁吸充电宝', '移动电源'],
  '数码配件 > 智能穿戴': ['智能手表', '运动手表 血氧', 'W5手表'],
  '服饰 > T恤': ['纯棉t恤', '长袖打底', '白t'],
  '服饰 > 外套': ['羽绒服', '冲锋衣', '摇粒绒外套', '外套 男'],
  '服饰 > 卫衣': ['加绒卫衣', '连帽卫衣'],
  '服饰 > 裤装': ['休闲裤', '加绒卫裤', '裤子 男'],
  '服饰 > 内衣': ['无钢圈内衣', '男士内裤'],
  '服饰 > 袜子': ['袜子', '羊毛袜', '棉袜 5双'],
  '服饰 > 配饰': ['围巾', '羊绒围巾 送礼'],
  '美妆个护 > 彩妆': ['口红', '雾面口红', '唇膏', '口红307'],
  '美妆个护 > 护肤': ['保湿精华', '面霜 敏感肌', '洗面奶', '防晒'],
  '美妆个护 > 面膜': ['补水面膜', '面膜'],
  '美妆个护 > 洗护': ['洗发水', '氨基酸洗发水', '护发素', '沐浴露'],
  '美妆个护 > 口腔护理': ['电动牙刷', '牙膏', '牙刷头'],
  '食品零食 > 坚果': ['每日坚果', '腰果', '坚果礼盒'],
  '食品零食 > 饼干糕点': ['苏打饼干', '曲奇', '饼干 低糖'],
  '食品零食 > 茶饮': ['龙井', '柠檬片', '速溶咖啡', '冷萃咖啡'],
  '食品零食 > 方便速食': ['酸辣粉', '自热火锅', '速食'],
  '食品零食 > 肉干': ['牛肉干', '零食 肉'],
  '食品零食 > 糖果巧克力': ['软糖', '黑巧克力'],
  '食品零食 > 饮料': ['气泡水', '0糖饮料'],
  '家居日用 > 纸品': ['抽纸', '卷纸', '湿厕纸', '纸巾 整箱'],
  '家居日用 > 清洁用品': ['洗衣液', '洗衣凝珠', '厨房清洁剂'],
  '家居日用 > 收纳': ['收纳箱', '桌面收纳'],
  '家居日用 > 床品': ['四件套 纯棉', '珊瑚绒毯'],
  '家居日用 > 厨具': ['不粘锅', '炒锅', '硅胶铲'],
  '家居日用 > 杯具': ['保温杯', '保温杯 316'],
  '母婴 > 奶粉': ['奶粉', '奶粉2段', '婴儿奶粉 1段', '幼儿奶粉3段'],
  '母婴 > 纸尿裤': ['纸尿裤', '尿不湿', '拉拉裤 L', '尿不湿m码'],
  '母婴 > 湿巾': ['婴儿湿巾', '手口湿巾'],
  '母婴 > 喂养用品': ['奶瓶', 'ppsu奶瓶', '奶嘴'],
  '母婴 > 玩具': ['积木', '摇铃', '宝宝玩具'],
  '母婴 > 童装': ['婴儿连体衣', '宝宝衣服'],
  '母婴 > 洗护': ['护臀膏', '红屁屁'],
  '母婴 > 出行': ['妈咪包', '待产包'],
  '运动户外 > 跑鞋': ['跑鞋', '缓震跑鞋 女', '跑步鞋 男'],
  '运动户外 > 跑步装备': ['跑步袜', '运动袜'],
  '运动户外 > 瑜伽': ['瑜伽垫', '瑜伽裤', '瑜伽垫 加厚'],
  '运动户外 > 健身器材': ['哑铃', '弹力带', '家用健身'],
  '运动户外 > 运动水杯': ['运动水杯', '大容量水杯'],
  '运动户外 > 露营': ['帐篷', '露营', '露营椅', '头灯', '防潮垫'],
  '运动户外 > 运动营养': ['蛋白粉', '乳清蛋白'],
};

/** Typical days between two purchases of a consumable, by second-level category. */
const repurchaseDays: Readonly<Record<string, readonly [number, number]>> = {
  '母婴 > 奶粉': [16, 24],
  '母婴 > 纸尿裤': [18, 28],
  '母婴 > 湿巾': [20, 35],
  '家居日用 > 纸品': [25, 40],
  '家居日用 > 清洁用品': [35, 55],
  '食品零食 > 坚果': [14, 30],
  '食品零食 > 茶饮': [20, 40],
  '美妆个护 > 洗护': [35, 55],
  '美妆个护 > 口腔护理': [40, 70],
  '美妆个护 > 护肤': [40, 60],
  '运动户外 > 运动营养': [30, 45],
};

/** Categories whose consumables shoppers reorder most faithfully (baby supplies, paper). */
const loyalReorderCategories = new Set(['母婴 > 奶粉', '母婴 > 纸尿裤', '母婴 > 湿巾', '家居日用 > 纸品']);

/** The on-shelf catalogue with the lookups the behaviour model needs. */
export class Catalog {
  readonly products: readonly DemoProduct[];
  readonly onShelf: readonly DemoProduct[];
  readonly categories: readonly string[];
  private readonly byId = new Map<string, DemoProduct>();
  private readonly bySubcategory = new Map<string, DemoProduct[]>();
  private readonly subcategoriesByCategory = new Map<string, string[]>();
  private readonly popularity = new Map<string, number>();
  private readonly companions = new Map<string, { productId: string; chance: number }[]>();

  constructor(products: readonly DemoProduct[], sampler: Sampler) {
    this.products = products;
    this.onShelf = products.filter((p) => p.onShelf);
    for (const product of products) this.byId.set(product.id, product);
    for (const product of this.onShelf) this.index(product);
    this.categories = [...this.subcategoriesByCategory.keys()];
    this.assignPopularity(sampler);
    this.indexCompanions();
  }

  get(id: string): DemoProduct {
    const product = this.byId.get(id);
    if (!product) throw new Error(`product "${id}" is not in products.csv`);
    return product;
  }

  subcategoriesOf(category: string): readonly string[] {
    return this.subcategoriesByCategory.get(category) ?? [];
  }

  productsIn(subcategory: string): readonly DemoProduct[] {
    return this.bySubcategory.get(subcategory) ?? [];
  }

  /** Picks an on-shelf product of the subcategory, popular ones more often, avoiding `seen` while others remain. */
  pickProduct(sampler: Sampler, subcategory: string, seen: ReadonlySet<string>): DemoProduct {
    const all = this.productsIn(subcategory);
    const unseen = all.filter((p) => !seen.has(p.id));
    return sampler.weighted(unseen.length > 0 ? unseen : all, (p) => this.popularity.get(p.id) ?? 1);
  }

  companionsOf(productId: string): readonly { productId: string; chance: number }[] {
    return this.companions.get(productId) ?? [];
  }

  queriesFor(subcategory: string): readonly string[] {
    return searchQueries[subcategory] ?? [subcategory.split(' > ')[1] ?? subcategory];
  }

  repurchaseDaysFor(product: DemoProduct): readonly [number, number] {
    return repurchaseDays[product.categoryPath] ?? [20, 45];
  }

  reorderChanceFor(product: DemoProduct): number {
    return loyalReorderCategories.has(product.categoryPath) ? 0.85 : 0.45;
  }

  private index(product: DemoProduct): void {
    const list = this.bySubcategory.get(product.categoryPath);
    if (list) list.push(product);
    else this.bySubcategory.set(product.categoryPath, [product]);

    const subcategories = this.subcategoriesByCategory.get(product.category) ?? [];
    if (!subcategories.includes(product.categoryPath)) subcategories.push(product.categoryPath);
    this.subcategoriesByCategory.set(product.category, subcategories);
  }

  // A long tail: within each subcategory a random order of products gets Zipf-like weights 1, 1/2^0.9, 1/3^0.9 …
  private assignPopularity(sampler: Sampler): void {
    for (const list of this.bySubcategory.values()) {
      const ranked = sampler.shuffle([...list]);
      ranked.forEach((product, rank) => {
        this.popularity.set(product.id, 1 / (rank + 1) ** 0.9);
      });
    }
  }

  private indexCompanions(): void {
    for (const [first, second, chance] of coPurchaseRules) {
      for (const [from, to] of [
        [first, second],
        [second, first],
      ] as const) {
        if (!this.get(from).onShelf || !this.get(to).onShelf) continue;
        const list = this.companions.get(from) ?? [];
        // The reverse direction is weaker: a screen protector buyer rarely adds a case.
        list.push({ productId: to, chance: from === first ? chance : chance / 2 });
        this.companions.set(from, list);
      }
    }
  }
}
