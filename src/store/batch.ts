/** Splits rows so one statement stays under both dialects' bound-parameter limits. */
export function chunk<T>(rows: readonly T[], columnsPerRow: number, maxParameters = 30_000): T[][] {
  const size = Math.max(1, Math.floor(maxParameters / Math.max(1, columnsPerRow)));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

export function parseJsonObject(text: string): Record<string, string> {
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
    }
  } catch {
    // Stored by our own writers; a broken value reads as no attributes.
  }
  return {};
}
