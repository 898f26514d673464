import { deserialize, serialize } from "node:v8";
import Redis from "ioredis";
import { z } from "zod";
import { createLogger } from "./observability/logger";

/**
 * What one operation's fetches share through a store, whichever replica serves each fetch: a
 * later fetch finds what an earlier one read from a department system (or the database) and does
 * not read it again. Keys are the loader's name and the loaded key (see sharedKey).
 */
export interface OperationCache {
  /** The values stored under the keys, in order; undefined where none is stored. */
  getMany(keys: readonly string[]): Promise<unknown[]>;
  setMany(entries: readonly (readonly [key: string, value: unknown])[]): Promise<void>;
}

/** Where replicas keep per-operation state: one cache per subgraph (the token's audience) and operation. */
export interface OperationStore {
  cache(audience: string, operationId: string): OperationCache;
  /** Drops an operation's state, e.g. before it writes. */
  forget(audience: string, operationId: string): Promise<void>;
  close(): Promise<void>;
}

/** The key of one loaded value in an operation's cache. */
export const sharedKey = (loader: string, key: string) => `${loader}:${key}`;

/** REDIS_URL in a subgraph's configuration: where its replicas share per-operation state; unset (or empty), each process keeps its own. */
export const redisUrl = () =>
  z
    .string()
    .regex(/^rediss?:\/\/\S+$/, "must be a redis:// or rediss:// URL")
    .optional()
    .or(z.literal("").transform(() => undefined));

export interface RedisOperationStoreOptions {
  /** The process's service name (crm, bif, …): its warnings are that service's log lines. */
  service: string;
  /**
   * How long an operation's state is kept after its last write. An operation's fetches follow
   * each other within the gateway's timeouts (10 s per request by default); a value read after
   * that costs a second read, never a wrong answer.
   */
  ttlMs?: number;
  keyPrefix?: string;
}

/**
 * Per-operation state in Redis: one hash per operation and subgraph, values in V8's structured
 * serialization (Dates survive, unlike JSON). Redis failing costs reads, never answers: a lookup
 * that fails counts as a miss and a write that fails is dropped, so the subgraph reads its
 * source as if it had no shared state.
 */
export class RedisOperationStore implements OperationStore {
  private readonly ttlMs: number;
  private readonly keyPrefix: string;
  private readonly logger: ReturnType<typeof createLogger>;
  private lastWarning = 0;

  constructor(
    private readonly redis: Redis,
    options: RedisOperationStoreOptions,
  ) {
    this.logger = createLogger(options.service, { component: "operation-store" });
    this.ttlMs = options.ttlMs ?? 10_000;
    this.keyPrefix = options.keyPrefix ?? "operation";
  }

  /** A store on its own connection; commands fail fast while Redis is away instead of queueing behind the request. */
  static connect(url: string, options: RedisOperationStoreOptions): RedisOperationStore {
    const redis = new Redis(url, {
      maxRetriesPerRequest: 1,
      commandTimeout: 1_000,
      enableOfflineQueue: true,
      connectionName: "company-graph-operation-store",
    });
    const store = new RedisOperationStore(redis, options);
    redis.on("error", (error) => store.warn(error));
    return store;
  }

  cache(audience: string, operationId: string): OperationCache {
    const key = `${this.keyPrefix}:${audience}:${operationId}`;
    return {
      getMany: async (fields) => {
        if (fields.length === 0) return [];
        try {
          const values = await this.redis.hmgetBuffer(key, ...fields);
          return values.map((value): unknown => (value ? deserialize(value) : undefined));
        } catch (error) {
          this.warn(error);
          return fields.map(() => undefined);
        }
      },
      setMany: async (entries) => {
        if (entries.length === 0) return;
        try {
          const values = new Map<string, Buffer>(entries.map(([field, value]) => [field, serialize(value)]));
          await this.redis.multi().hset(key, values).pexpire(key, this.ttlMs).exec();
        } catch (error) {
          this.warn(error);
        }
      },
    };
  }

  async forget(audience: string, operationId: string): Promise<void> {
    try {
      await this.redis.del(`${this.keyPrefix}:${audience}:${operationId}`);
    } catch (error) {
      this.warn(error);
    }
  }

  async close(): Promise<void> {
    // A connection still being made would outlive disconnect(): let it settle first.
    if (this.redis.status === "connecting" || this.redis.status === "connect") {
      await new Promise((settled) => ["ready", "error", "end"].forEach((event) => this.redis.once(event, settled)));
    }
    if (this.redis.status === "ready") await this.redis.quit().catch(() => undefined);
    this.redis.disconnect();
  }

  /** At most one line every 10 s while Redis is unreachable. */
  private warn(error: unknown): void {
    const now = Date.now();
    if (now - this.lastWarning < 10_000) return;
    this.lastWarning = now;
    this.logger.warn({ err: error }, "Redis (per-operation state) is unreachable: fetches read their sources again");
  }
}
