/**
 * The store field that each file field fills, for one kind of record. On
 * re-import, a stored record changes only in the store fields whose column
 * the file has, so a file with only some columns leaves the others alone.
 */
export type UpdateTargets<Field extends string> = Readonly<Record<string, Field>>;

/**
 * Lists the store fields a row updates: the targets of the file fields it
 * has, plus `always` (fields derived from required columns, such as an
 * order's total). Sorted, so rows with the same columns give the same list.
 */
export function updateFieldsOf<Field extends string>(targets: UpdateTargets<Field>, present: Iterable<string>, always: readonly Field[] = []): Field[] {
  const fields = new Set<Field>(always);
  for (const field of present) {
    const target = targets[field];
    if (target !== undefined) fields.add(target);
  }
  return [...fields].sort();
}
