import DataLoader from "dataloader";
import { metrics } from "./observability/metrics";

export interface BatchLoaderOptions {
  /** Names the loader in the dataloader_batch_size metric, e.g. "bif.recordsByCvr". */
  name?: string;
  /** The most keys the batch endpoint accepts in one call. */
  maxBatchSize?: number;
}

/** The batch function as given, plus a measurement of every batch's size. */
function measured<Key, Value>(name: string, batch: (keys: readonly Key[]) => Promise<Value[]>) {
  return (keys: readonly Key[]) => {
    metrics.batchSize(name, keys.length);
    return batch(keys);
  };
}

/** A DataLoader over a batch function, with its batch sizes measured under `name`. */
export function measuredLoader<Value>(batch: (keys: readonly string[]) => Promise<Value[]>, { name = "unnamed", maxBatchSize = 500 }: BatchLoaderOptions = {}): DataLoader<string, Value> {
  return new DataLoader<string, Value>(measured(name, batch), { maxBatchSize, name });
}

/**
 * A DataLoader for "many items per key" lookups against a batch endpoint: one call fetches the
 * items of up to `maxBatchSize` keys, and items are grouped back by the key they belong to.
 */
export function groupedLoader<Item>(
  fetchBatch: (keys: readonly string[]) => Promise<Item[]>,
  keyOf: (item: Item) => string,
  { name = "unnamed", maxBatchSize = 500 }: BatchLoaderOptions = {},
): DataLoader<string, Item[]> {
  return new DataLoader<string, Item[]>(
    measured(name, async (keys) => {
      const byKey = new Map<string, Item[]>(keys.map((key) => [key, []]));
      for (const item of await fetchBatch(keys)) byKey.get(keyOf(item))?.push(item);
      return keys.map((key) => byKey.get(key) ?? []);
    }),
    { maxBatchSize, name },
  );
}

/** A DataLoader for "one item per key" lookups; a missing item resolves to null. */
export function keyedLoader<Item>(
  fetchBatch: (keys: readonly string[]) => Promise<Item[]>,
  keyOf: (item: Item) => string,
  { name = "unnamed", maxBatchSize = 500 }: BatchLoaderOptions = {},
): DataLoader<string, Item | null> {
  return new DataLoader<string, Item | null>(
    measured(name, async (keys) => {
      const byKey = new Map<string, Item>();
      for (const item of await fetchBatch(keys)) byKey.set(keyOf(item), item);
      return keys.map((key) => byKey.get(key) ?? null);
    }),
    { maxBatchSize, name },
  );
}
