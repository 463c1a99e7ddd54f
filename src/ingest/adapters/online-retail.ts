import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { ShopmindError } from '../../core/errors.js';
import type { BehaviourEvent, Order, Product } from '../../store/types.js';

export interface OnlineRetailData {
  products: Product[];
  orders: Order[];
  /** One purchase event per product line of a non-cancelled invoice. */
  events: BehaviourEvent[];
}

// Real products have a five-digit stock code with an optional letter suffix;
// POST, M, D, C2, BANK CHARGES and similar codes are fees and adjustments.
const productCode = /^\d{5}[A-Za-z]*$/;

/**
 * Finds the CSV file to read: `target` itself, or the one .csv file in the
 * folder `target`. A missing path or a folder without a .csv file raises
 * DATASET_NOT_FOUND, and a folder with several raises INVALID_REQUEST listing them.
 */
export function resolveOnlineRetailFile(target: string): string {
  let isFolder: boolean;
  try {
    isFolder = statSync(target).isDirectory();
  } catch {
    throw new ShopmindError(
      'DATASET_NOT_FOUND',
      {
        zh: `找不到 Online Retail 数据：${target}；请指定 CSV 文件，或只含一个 .csv 文件的文件夹`,
        en: `Online Retail data not found: ${target}; name the CSV file or a folder that contains exactly one .csv file`,
      },
      { path: target },
    );
  }
  if (!isFolder) return target;
  const names = readdirSync(target)
    .filter((name) => name.toLowerCase().endsWith('.csv'))
    .sort();
  if (names.length === 1) return path.join(target, names[0]!);
  if (names.length === 0) {
    throw new ShopmindError(
      'DATASET_NOT_FOUND',
      {
        zh: `文件夹 ${target} 里没有 .csv 文件；请指定 Online Retail CSV 文件的路径`,
        en: `The folder ${target} contains no .csv file; name the path of the Online Retail CSV file`,
      },
      { path: target },
    );
  }
  throw new ShopmindError(
    'INVALID_REQUEST',
    {
      zh: `文件夹 ${target} 里有 ${names.length} 个 .csv 文件（${names.join('、')}），不知道导入哪一个；请直接指定文件路径`,
      en: `The folder ${target} contains ${names.length} .csv files (${names.join(', ')}), so it is unclear which to import; name the file instead`,
    },
    { path: target, files: names },
  );
}

function toIso(invoiceDate: string): string {
  // The file's times are local UK times without an offset; read them as UTC.
  const iso = `${invoiceDate.trim().replace(' ', 'T')}Z`;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    throw new ShopmindError('INVALID_FILE', {
      zh: `InvoiceDate 无法解析：${invoiceDate}，应为 YYYY-MM-DD HH:MM:SS`,
      en: `Unparsable InvoiceDate ${invoiceDate}; expected YYYY-MM-DD HH:MM:SS`,
    });
  }
  return date.toISOString();
}

function titleCase(text: string): string {
  return text.trim().toLowerCase().replace(/\b\w/g, (c) => c.toUpperCase());
}

/**
 * Reads the UCI Online Retail CSV (InvoiceNo, StockCode, Description,
 * Quantity, InvoiceDate, UnitPrice, CustomerID, Country). Invoices starting
 * with `C` and lines with a negative quantity are returns, not purchases.
 */
export function readOnlineRetail(file: string): OnlineRetailData {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ShopmindError(
      'DATASET_NOT_FOUND',
      { zh: `无法读取 Online Retail 文件 ${file}：${String(error)}`, en: `Cannot read the Online Retail file ${file}: ${String(error)}` },
      { file },
    );
  }
  const rows = parse(text.replace(/^\uFEFF/, ''), { columns: true, skip_empty_lines: true }) as Record<string, string>[];

  const products = new Map<string, Product>();
  const orders = new Map<string, Order>();
  const events: BehaviourEvent[] = [];

  for (const row of rows) {
    const code = (row.StockCode ?? '').trim().toUpperCase();
    const invoice = (row.InvoiceNo ?? '').trim();
    const customer = (row.CustomerID ?? '').trim().replace(/\.0$/, '');
    if (!productCode.test(code) || !customer || !invoice) continue;

    const quantity = Number(row.Quantity);
    const unitPrice = Number(row.UnitPrice);
    if (!Number.isFinite(quantity) || !Number.isFinite(unitPrice)) continue;
    const ts = toIso(row.InvoiceDate ?? '');
    const isReturn = invoice.startsWith('C') || quantity < 0;
    const title = titleCase(row.Description ?? '') || code;

    const known = products.get(code);
    if (known && known.price === 0 && unitPrice > 0) known.price = unitPrice;
    if (!known) {
      products.set(code, {
        id: code,
        title,
        description: '',
        categoryPath: '',
        brand: '',
        price: Math.max(unitPrice, 0),
        stock: 100,
        onShelf: true,
        attributes: {},
        repurchasable: true,
      });
    }

    let order = orders.get(invoice);
    if (!order) {
      order = {
        id: invoice,
        userId: customer,
        kind: isReturn ? 'return' : 'purchase',
        status: isReturn ? 'returned' : 'completed',
        total: 0,
        currency: 'GBP',
        createdAt: ts,
        paidAt: ts,
        deliveredAt: null,
        shipping: { country: (row.Country ?? '').trim() },
        lines: [],
      };
      orders.set(invoice, order);
    }
    if (isReturn) {
      order.kind = 'return';
      order.status = 'returned';
    }
    order.lines.push({ lineNo: order.lines.length + 1, productId: code, title, quantity, unitPrice });
    order.total = Math.round((order.total + quantity * unitPrice) * 100) / 100;

    if (!isReturn && quantity > 0) {
      events.push({
        id: `${invoice}-${order.lines.length}`,
        userId: customer,
        productId: code,
        type: 'purchase',
        ts,
        sessionId: invoice,
        query: null,
      });
    }
  }
  return { products: [...products.values()], orders: [...orders.values()], events };
}
