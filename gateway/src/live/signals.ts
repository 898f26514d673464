import { EventEmitter } from "node:events";
import { connect, type ChannelModel } from "amqplib";
import {
  NOTIFICATION_SIGNALS_EXCHANGE,
  NOTIFICATION_SIGNALS_PATH,
  parseNotificationSignal,
  type NotificationSignal,
} from "@company-graph/domain";
import { createLogger } from "@company-graph/kit/observability";

/**
 * Where a gateway replica hears "a new notification for employee X" from the CRM: every replica
 * hears every signal, and delivers it to the streams it holds for X. Signals are wake-ups only:
 * one lost while the replica was disconnected is found again when the client resumes.
 */
export interface NotificationSignalSource extends EventEmitter<{ signal: [NotificationSignal] }> {
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface SignalSourceOptions {
  /** amqp(s):// (RabbitMQ, a fanout exchange) or http(s):// (the simulated broker of `npm start`). */
  url: string;
  exchange?: string;
  /** Pause before a lost connection or a failed read is tried again. */
  retryMs?: number;
}

/** The source on the URL's transport. */
export function notificationSignalSource(options: SignalSourceOptions): NotificationSignalSource {
  const protocol = new URL(options.url).protocol;
  return protocol === "amqp:" || protocol === "amqps:" ? new AmqpSignalSource(options) : new HttpSignalSource(options);
}

const logger = () => createLogger("gateway", { component: "notification-signals" });
const DEFAULT_RETRY_MS = 1_000;

/**
 * One exclusive, auto-deleted queue per replica bound to the CRM's fanout exchange: the broker
 * copies each signal to every replica's queue and drops the queue when the replica goes.
 */
class AmqpSignalSource extends EventEmitter<{ signal: [NotificationSignal] }> implements NotificationSignalSource {
  private connection: ChannelModel | undefined;
  private stopped = false;
  private retry: NodeJS.Timeout | undefined;

  constructor(private readonly options: SignalSourceOptions) {
    super();
  }

  async start(): Promise<void> {
    this.stopped = false;
    try {
      await this.open();
    } catch (error) {
      this.schedule();
      throw error;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    const connection = this.connection;
    this.connection = undefined;
    await connection?.close().catch(() => undefined);
  }

  private async open(): Promise<void> {
    const exchange = this.options.exchange ?? NOTIFICATION_SIGNALS_EXCHANGE;
    const connection = await connect(this.options.url);
    try {
      connection.on("error", (error: Error) => logger().warn({ err: error }, "forbindelsen til beskedfordeleren fejlede"));
      connection.on("close", () => {
        if (this.stopped || this.connection !== connection) return;
        this.connection = undefined;
        logger().warn("forbindelsen til beskedfordeleren er tabt; forbinder igen");
        this.schedule();
      });
      const channel = await connection.createChannel();
      channel.on("error", (error: Error) => logger().warn({ err: error }, "kanalen til beskedfordeleren fejlede"));
      await channel.assertExchange(exchange, "fanout", { durable: true });
      const { queue } = await channel.assertQueue("", { exclusive: true, autoDelete: true, durable: false });
      await channel.bindQueue(queue, exchange, "");
      this.connection = connection;
      await channel.consume(
        queue,
        (message) => {
          if (!message) return void connection.close().catch(() => undefined);
          const signal = parseNotificationSignal(message.content.toString("utf8"));
          if (signal) this.emit("signal", signal);
        },
        { noAck: true },
      );
    } catch (error) {
      await connection.close().catch(() => undefined);
      throw error;
    }
  }

  private schedule(): void {
    clearTimeout(this.retry);
    this.retry = setTimeout(() => {
      if (this.stopped) return;
      this.open().catch((error: unknown) => {
        logger().warn({ err: error }, "kunne ikke forbinde til beskedfordeleren; prøver igen");
        this.schedule();
      });
    }, this.options.retryMs ?? DEFAULT_RETRY_MS);
    this.retry.unref();
  }
}

/** How long one read of the simulated broker waits for a signal before it is asked again. */
const LONG_POLL_MS = 25_000;

interface SignalPage {
  log: string;
  signals: unknown[];
  last: number;
}

/**
 * The simulated broker's signal log (mocks/broker), read by long polls from this replica's own
 * position, which starts at the log's end: what came before is the resume's to find.
 */
class HttpSignalSource extends EventEmitter<{ signal: [NotificationSignal] }> implements NotificationSignalSource {
  private readonly target: string;
  private controller: AbortController | undefined;
  private loop: Promise<void> | undefined;

  constructor(private readonly options: SignalSourceOptions) {
    super();
    this.target = `${options.url.replace(/\/$/, "")}${NOTIFICATION_SIGNALS_PATH}`;
  }

  /** Rejects when the broker cannot be read now; it is tried again every retryMs until stop(). */
  async start(): Promise<void> {
    const controller = (this.controller = new AbortController());
    let first: SignalPage | undefined;
    try {
      first = await this.read(undefined, controller.signal);
    } finally {
      this.loop = this.follow(first, controller.signal);
    }
  }

  async stop(): Promise<void> {
    this.controller?.abort();
    await this.loop;
  }

  private async follow(start: SignalPage | undefined, signal: AbortSignal): Promise<void> {
    let log = start?.log;
    let position = start?.last;
    while (!signal.aborted) {
      try {
        const page = await this.read(position, signal, position === undefined ? 0 : LONG_POLL_MS);
        // A restarted simulated broker keeps a new log, and a reader not yet placed starts at its end.
        if (page.log !== log || position === undefined) ({ log, last: position } = page);
        else {
          for (const raw of page.signals) {
            const parsed = parseNotificationSignal(JSON.stringify(raw));
            if (parsed) this.emit("signal", parsed);
          }
          position = page.last;
        }
      } catch (error) {
        if (signal.aborted) return;
        logger().warn({ err: error }, "notifikationssignaler kunne ikke læses; prøver igen");
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.options.retryMs ?? DEFAULT_RETRY_MS);
          signal.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
        });
      }
    }
  }

  private async read(after: number | undefined, signal: AbortSignal, waitMs = 0): Promise<SignalPage> {
    const query = after === undefined ? "" : `?after=${after}&waitMs=${waitMs}`;
    const response = await fetch(`${this.target}${query}`, { signal: AbortSignal.any([signal, AbortSignal.timeout(waitMs + 10_000)]) });
    if (!response.ok) throw new Error(`beskedfordeleren svarede HTTP ${response.status}`);
    const page = (await response.json()) as Partial<SignalPage>;
    if (typeof page.log !== "string" || !Array.isArray(page.signals) || !Number.isInteger(page.last))
      throw new Error("beskedfordelerens svar er ikke en side af signaler");
    return page as SignalPage;
  }
}
