import DataLoader from "dataloader";

/**
 * A DataLoader for "many items per key" lookups against a batch endpoint: one call fetches the
 * items of up to `maxBatchSize` keys, and items are grouped back by the key they belong to.
 */
export function groupedLoader<Item>(
  fetchBatch: (keys: readonly string[]) => Promise<Item[]>,
  keyOf: (item: Item) => string,
  maxBatchSize = 500,
): DataLoader<string, Item[]> {
  return new DataLoader<string, Item[]>(
    async (keys) => {
      const byKey = new Map<string, Item[]>(keys.map((key) => [key, []]));
      for (const item of await fetchBatch(keys)) byKey.get(keyOf(item))?.push(item);
      return keys.map((key) => byKey.get(key) ?? []);
    },
    { maxBatchSize },
  );
}

/** A DataLoader for "one item per key" lookups; a missing item resolves to null. */
export function keyedLoader<Item>(
  fetchBatch: (keys: readonly string[]) => Promise<Item[]>,
  keyOf: (item: Item) => string,
  maxBatchSize = 500,
): DataLoader<string, Item | null> {
  return new DataLoader<string, Item | null>(
    async (keys) => {
      const byKey = new Map<string, Item>();
      for (const item of await fetchBatch(keys)) byKey.set(keyOf(item), item);
      return keys.map((key) => byKey.get(key) ?? null);
    },
    { maxBatchSize },
  );
}
