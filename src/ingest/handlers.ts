import type { RequestContext } from '../core/context.js';
import type { Store } from '../store/index.js';
import type { FieldSpec } from './columns.js';
import { FieldReader, type MappedRow } from './field-reader.js';
import { eventFields, eventUpdateTargets, readEvent } from './kinds/events.js';
import {
  flatOrderFields,
  flatOrderUpdateFields,
  flatOrderUpdateTargets,
  nestedOrderFields,
  nestedOrderUpdateFields,
  nestedOrderUpdateTargets,
  readNestedOrder,
  readOrderLineRow,
} from './kinds/orders.js';
import { productFields, productUpdateTargets, readProduct } from './kinds/products.js';
import { readUser, userFields, userUpdateTargets } from './kinds/users.js';
import { OrderAssembler } from './order-assembler.js';
import { KeyedBatchSink, type UpsertBatch } from './sinks.js';
import type { ImportTally } from './tally.js';
import type { FileFormat, RecordKind } from './types.js';
import { type UpdateTargets, updateFieldsOf } from './update-fields.js';

/** Validates mapped rows of one kind and passes the valid ones on to the store. */
export interface RowHandler {
  readonly fields: readonly FieldSpec[];
  /** File fields whose store field a stored record keeps when the file lacks them. */
  readonly updateTargets: UpdateTargets<string>;
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

interface KeyedKind<T, Field extends string> {
  fields: readonly FieldSpec[];
  updateTargets: UpdateTargets<Field>;
  read: (reader: FieldReader, row: MappedRow) => T;
  upsert: UpsertBatch<T, Field>;
  /** Store fields a row updates; default: the targets of the fields the row has. */
  updateFields?: (row: MappedRow) => Field[];
}

function keyedHandler<T extends { id: string }, Field extends string>(deps: HandlerDeps, kind: KeyedKind<T, Field>): RowHandler {
  const sink = new KeyedBatchSink<T, Field>(kind.upsert, deps.batchSize, deps.tally);
  const updateFields = kind.updateFields ?? ((row: MappedRow) => updateFieldsOf(kind.updateTargets, row.values.keys()));
  return {
    fields: kind.fields,
    updateTargets: kind.updateTargets,
    async handle(row) {
      const reader = new FieldReader(row);
      const item = kind.read(reader, row);
      if (reader.issues.length > 0) await deps.tally.reject(row.line, row.raw, reader.issues);
      else await sink.add(item.id, item, row.line, updateFields(row));
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
    updateTargets: flatOrderUpdateTargets,
    async handle(row) {
      const reader = new FieldReader(row);
      const orderRow = readOrderLineRow(reader);
      if (reader.issues.length > 0) await assembler.addInvalid(orderRow.orderId, row.line, row.raw, reader.issues);
      else await assembler.add(orderRow, row.line, row.raw, flatOrderUpdateFields(row));
    },
    finish: () => assembler.finish(),
    get stored() {
      return assembler.stored;
    },
  };
}

/** The handler for a kind; orders read one row per line from CSV/TSV and one order per line from JSONL. */
export function createHandler(kind: RecordKind, format: FileFormat, deps: HandlerDeps): RowHandler {
  const { store } = deps;
  const shopId = deps.ctx.shopId;
  switch (kind) {
    case 'products':
      return keyedHandler(deps, {
        fields: productFields,
        updateTargets: productUpdateTargets,
        read: readProduct,
        upsert: (items, updateFields) => store.products.upsertMany(shopId, items, { updateFields }),
      });
    case 'users':
      return keyedHandler(deps, {
        fields: userFields,
        updateTargets: userUpdateTargets,
        read: readUser,
        upsert: (items, updateFields) => store.users.upsertMany(shopId, items, { updateFields }),
      });
    case 'events':
      return keyedHandler(deps, {
        fields: eventFields,
        updateTargets: eventUpdateTargets,
        read: readEvent,
        upsert: (items, updateFields) => store.events.upsertMany(shopId, items, { updateFields }),
      });
    case 'orders':
      if (format !== 'jsonl') return flatOrderHandler(deps);
      return keyedHandler(deps, {
        fields: nestedOrderFields,
        updateTargets: nestedOrderUpdateTargets,
        read: readNestedOrder,
        upsert: (items, updateFields) => store.orders.upsertMany(shopId, items, { updateFields }),
        updateFields: nestedOrderUpdateFields,
      });
  }
}

/** Lists the fields of a kind in a format, for mapping checks and help text. */
export function fieldsOf(kind: RecordKind, format: FileFormat): readonly FieldSpec[] {
  if (kind === 'orders') return format === 'jsonl' ? nestedOrderFields : flatOrderFields;
  return { products: productFields, users: userFields, events: eventFields }[kind];
}
