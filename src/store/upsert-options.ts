/** Options of a repository's `upsertMany`. */
export interface UpsertOptions<Field extends string> {
  /** ISO time stored as `updated_at`. Default: the current time. */
  now?: string;
  /**
   * Fields that an already stored record takes from the given one. Its other
   * columns keep their stored values, which lets an import of a file with
   * only some columns leave the rest alone. A new record always gets every
   * field. Default: every field.
   */
  updateFields?: readonly Field[];
}

/** Accepts the older positional `now` argument as well as the options object. */
export function upsertOptions<Field extends string>(options: string | UpsertOptions<Field> | undefined): UpsertOptions<Field> {
  return typeof options === 'string' ? { now: options } : (options ?? {});
}

/** Lists the columns an ON CONFLICT update sets: those of `updateFields`, or all of them. */
export function updatedColumns<Field extends string, Column extends string>(
  columnOf: Record<Field, Column>,
  updateFields: readonly Field[] | undefined,
): Column[] {
  const fields = updateFields ?? (Object.keys(columnOf) as Field[]);
  return [...new Set(fields.map((field) => columnOf[field]))];
}
