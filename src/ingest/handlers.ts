import type { RequestContext } from '../core/context.js';
import type { Store } from '../store/index.js';
import type { FieldSpec } from './columns.js';
import { FieldReader, type MappedRow } from './field-reader.js';
import { eventFields, readEvent } from './kinds/events.js';
import { flatOrderFields, nestedOrderFields, readNestedOrder, readOrderLineRow } from './kinds/orders.js';
import { productFields, readProduct } from './kinds/products.js';
import { readUser, userFields } from './kinds/users.js';
import { OrderAssembler } from './order-assembler.js';
import { KeyedBatchSink } from './sinks.js';
import type { ImportTally } from './tally.js';
import type { FileFormat, RecordKind } from './types.js';

/** Validates mapped rows of one kind and passes the valid ones on to the store. */
export interface RowHandler {
  readonly fields: readonly FieldSpec[];
  handle(row: MappedRow): Promise<void>;
  finish(): Promise<void>;
  /** Records written so far (distinct ids). */
  readonly stored: number;
}

interface HandlerDeps {
  ctx: RequestContext;
  store: Store;
  batchSize: number;
  tally: ImportTally;
}

function keyedHandler<T extends { id: string }>(
  deps: HandlerDeps,
  fields: readonly FieldSpec[],
  read: (reader: FieldReader, row: MappedRow) => T,
  upsert: (items: T[]) => Promise<void>,
): RowHandler {
  const sink = new KeyedBatchSink<T>(upsert, deps.batchSize, deps.tally);
  return {
    fields,
    async handle(row) {
      const reader = new FieldReader(row);
      const item = read(reader, row);
      if (reader.issues.length > 0) await deps.tally.reject(row.line, row.raw, reader.issues);
      else await sink.add(item.id, item, row.line);
    },
    finish: () => sink.finish(),
    get stored() {
      return sink.stored;
    },
  };
}

function flatOrderHandler(deps: HandlerDeps): RowHandler {
  const assembler = new OrderAssembler(deps.ctx, deps.store, deps.batchSize, deps.tally);
  return {
    fields: flatOrderFields,
    async handle(row) {
      const reader = new FieldReader(row);
      const orderRow = readOrderLineRow(reader);
      if (reader.issues.length > 0) await assembler.addInvalid(orderRow.orderId, row.line, row.raw, reader.issues);
      else await assembler.add(orderRow, row.line, row.raw);
    },
    finish: () => assembler.finish(),
    get stored() {
      return assembler.stored;
    },
  };
}

/** The handler for a kind; orders read one row per line from CSV/TSV and one order per line from JSONL. */
export function createHandler(kind: RecordKind, format: FileFormat, deps: HandlerDeps): RowHandler {
  const shopId = deps.ctx.shopId;
  switch (kind) {
    case 'products':
      return keyedHandler(deps, productFields, readProduct, (items) => deps.store.products.upsertMany(shopId, items));
    case 'users':
      return keyedHandler(deps, userFields, readUser, (items) => deps.store.users.upsertMany(shopId, items));
    case 'events':
      return keyedHandler(deps, eventFields, readEvent, (items) => deps.store.events.upsertMany(shopId, items));
    case 'orders':
      if (format !== 'jsonl') return flatOrderHandler(deps);
      return keyedHandler(deps, nestedOrderFields, readNestedOrder, (items) => deps.store.orders.upsertMany(shopId, items));
  }
}

/** Lists the fields of a kind in a format, for mapping checks and help text. */
export function fieldsOf(kind: RecordKind, format: FileFormat): readonly FieldSpec[] {
  if (kind === 'orders') return format === 'jsonl' ? nestedOrderFields : flatOrderFields;
  return { products: productFields, users: userFields, events: eventFields }[kind];
}
