import DataLoader from "dataloader";
import { metrics } from "./observability/metrics";
import { sharedKey, type OperationCache } from "./operation-store";

export interface BatchLoaderOptions {
  /** Names the loader in the dataloader_batch_size metric, e.g. "bif.recordsByCvr": required, so no loader reports as unnamed. */
  name: string;
  /** The most keys the batch endpoint accepts in one call. */
  maxBatchSize?: number;
  /**
   * The operation's cache in a store its replicas share: keys found there are not fetched, and
   * what is fetched is stored for the operation's later fetches (SharedOperationScopes).
   */
  shared?: OperationCache;
}

/** The batch function as given, plus a measurement of every batch's size. */
function measured<Value>(name: string, batch: (keys: readonly string[]) => Promise<Value[]>, shared?: OperationCache) {
  const counted = (keys: readonly string[]) => {
    metrics.batchSize(name, keys.length);
    return batch(keys);
  };
  return shared ? readThrough(name, counted, shared) : counted;
}

/**
 * A batch function that asks the operation's shared cache first and fetches only the keys it
 * lacks; what it fetched is stored before the batch resolves, so the fetch answering the gateway
 * has stored it when a later fetch of the operation asks another replica.
 */
export function readThrough<Value>(name: string, batch: (keys: readonly string[]) => Promise<Value[]>, shared: OperationCache) {
  return async (keys: readonly string[]): Promise<Value[]> => {
    const found = await shared.getMany(keys.map((key) => sharedKey(name, key)));
    const missing = keys.filter((_, index) => found[index] === undefined);
    if (missing.length === 0) return found as Value[];
    const fetched = await batch(missing);
    await shared.setMany(
      missing.flatMap((key, index) => (fetched[index] instanceof Error ? [] : [[sharedKey(name, key), fetched[index]] as const])),
    );
    const byKey = new Map(missing.map((key, index) => [key, fetched[index]]));
    return keys.map((key, index) => (found[index] === undefined ? byKey.get(key)! : (found[index] as Value)));
  };
}

/** A DataLoader over a batch function, with its batch sizes measured under `name`. */
export function measuredLoader<Value>(
  batch: (keys: readonly string[]) => Promise<Value[]>,
  { name, maxBatchSize = 500, shared }: BatchLoaderOptions,
): DataLoader<string, Value> {
  return new DataLoader<string, Value>(measured(name, batch, shared), { maxBatchSize, name });
}

/**
 * A DataLoader for "many items per key" lookups against a batch endpoint: one call fetches the
 * items of up to `maxBatchSize` keys, and items are grouped back by the key they belong to.
 */
export function groupedLoader<Item>(
  fetchBatch: (keys: readonly string[]) => Promise<Item[]>,
  keyOf: (item: Item) => string,
  { name, maxBatchSize = 500, shared }: BatchLoaderOptions,
): DataLoader<string, Item[]> {
  return new DataLoader<string, Item[]>(
    measured(
      name,
      async (keys) => {
        const byKey = new Map<string, Item[]>(keys.map((key) => [key, []]));
        for (const item of await fetchBatch(keys)) byKey.get(keyOf(item))?.push(item);
        return keys.map((key) => byKey.get(key) ?? []);
      },
      shared,
    ),
    { maxBatchSize, name },
  );
}

/** A DataLoader for "one item per key" lookups; a missing item resolves to null. */
export function keyedLoader<Item>(
  fetchBatch: (keys: readonly string[]) => Promise<Item[]>,
  keyOf: (item: Item) => string,
  { name, maxBatchSize = 500, shared }: BatchLoaderOptions,
): DataLoader<string, Item | null> {
  return new DataLoader<string, Item | null>(
    measured(
      name,
      async (keys) => {
        const byKey = new Map<string, Item>();
        for (const item of await fetchBatch(keys)) byKey.set(keyOf(item), item);
        return keys.map((key) => byKey.get(key) ?? null);
      },
      shared,
    ),
    { maxBatchSize, name },
  );
}
