import type { ProductField } from '../../store/product-repository.js';
import type { Product } from '../../store/types.js';
import type { FieldSpec } from '../columns.js';
import type { FieldReader } from '../field-reader.js';
import type { UpdateTargets } from '../update-fields.js';

export const productFields: readonly FieldSpec[] = [
  { name: 'id', required: true, hints: ['商品ID', '商品id', '商品编号', '商品编码', '货号', 'SKU', 'sku'] },
  { name: 'title', required: true, hints: ['商品名称', '商品标题', '标题', '名称', '宝贝标题'] },
  { name: 'description', required: false, hints: ['商品描述', '描述', '详情'] },
  { name: 'category_path', required: false, aliases: ['category'], hints: ['类目', '分类', '商品类目'] },
  { name: 'brand', required: false, hints: ['品牌'] },
  { name: 'price', required: true, hints: ['售价', '价格', '单价', '销售价', '一口价'] },
  { name: 'stock', required: false, hints: ['库存', '库存数量'] },
  { name: 'on_shelf', required: false, hints: ['上架', '是否上架', '上架状态', '状态'] },
  { name: 'attributes', required: false, hints: ['属性', '规格', '商品属性'] },
  { name: 'repurchasable', required: false, hints: ['可复购', '是否复购'] },
];

export const productUpdateTargets: UpdateTargets<ProductField> = {
  title: 'title',
  description: 'description',
  category_path: 'categoryPath',
  brand: 'brand',
  price: 'price',
  stock: 'stock',
  on_shelf: 'onShelf',
  attributes: 'attributes',
  repurchasable: 'repurchasable',
};

/** `数码>耳机` and `数码 ＞ 耳机` become `数码 > 耳机`, the form the store keeps. */
function normalizeCategoryPath(path: string): string {
  return path
    .split(/\s*[>＞]\s*/)
    .filter((level) => level !== '')
    .join(' > ');
}

/**
 * Reads a product row. Blank or absent optional columns default to: stock 0,
 * on shelf, not repurchasable, empty text and attributes. A stored product
 * keeps the fields whose column the file lacks (see `productUpdateTargets`).
 */
export function readProduct(reader: FieldReader): Product {
  return {
    id: reader.id('id', { required: true }),
    title: reader.text('title', { required: true }),
    description: reader.text('description'),
    categoryPath: normalizeCategoryPath(reader.text('category_path')),
    brand: reader.text('brand'),
    price: reader.number('price', { required: true, min: 0 }),
    stock: reader.number('stock', { integer: true, min: 0, fallback: 0 }),
    onShelf: reader.boolean('on_shelf', true),
    attributes: reader.attributes('attributes'),
    repurchasable: reader.boolean('repurchasable', false),
  };
}
