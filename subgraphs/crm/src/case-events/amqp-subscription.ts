import { EventEmitter } from "node:events";
import { connect, type Channel, type ChannelModel, type ConsumeMessage } from "amqplib";
import { CASE_EVENTS_EXCHANGE } from "@company-graph/domain";
import type { createLogger } from "@company-graph/kit/observability";
import type { CaseEventSignals, CaseEventSubscription, Outcome } from "./handler";

export interface AmqpSubscriptionOptions {
  /** amqp://user:password@host:port/vhost (CASE_EVENTS_URL). */
  url: string;
  /** The topic exchange the departments publish to. */
  exchange?: string;
  /** The CRM's own durable queue (its "dueslag"), which all its replicas subscribe to. */
  queue: string;
  /** How many unacknowledged deliveries the broker sends this consumer at a time. */
  prefetch: number;
  /** Pause before a lost connection is opened again, and before a message the database could not take is handed back. */
  retryMs: number;
  /** How many dead letters the dead-letter queue keeps (CASE_EVENTS_DEAD_LETTER_MAX); the oldest go first. */
  deadLetterMax?: number;
  handle: (body: Buffer, routingKey?: string) => Promise<Outcome>;
  logger: ReturnType<typeof createLogger>;
}

/**
 * The dead-letter queue's cap: a publisher flooding the CRM with poison must not fill the broker's
 * disk. At the cap the oldest dead letter is dropped (drop-head) so the newest, which an operator
 * is about to look at, stay; a dead letter is evidence, never an event the CRM still owes.
 */
export const DEAD_LETTER_MAX = 10_000;
const DEAD_LETTER_MAX_BYTES = 64 * 1024 * 1024;

/** The dead-letter queue of a subscriber's queue: where the messages it cannot apply are moved. */
export function deadLetterQueue(queue: string): string {
  return `${queue}.dead-letter`;
}

/**
 * The CRM's subscription on RabbitMQ (AMQP 0-9-1), the municipal broker's pull interface: a
 * durable queue bound to the departments' topic exchange, manual acknowledgement only after the
 * event's transaction committed, the broker's dead-lettering (reject without requeue) for an event
 * that can never be applied, and a bounded prefetch. A message delivered and not acknowledged
 * when the connection or the process dies is redelivered by the broker. Deliveries are applied
 * one at a time in arrival order, by one replica at a time, so a company's events are applied in
 * the order its department published them.
 */
export class AmqpCaseEventSubscription extends EventEmitter<CaseEventSignals> implements CaseEventSubscription {
  private connection: ChannelModel | undefined;
  private channel: Channel | undefined;
  private stopped = false;
  private reconnect: NodeJS.Timeout | undefined;
  private queueOfWork: Promise<void> = Promise.resolve();

  constructor(private readonly options: AmqpSubscriptionOptions) {
    super();
  }

  /** Rejects when the broker cannot be reached now; it is tried again every retryMs until stop(). */
  async start(): Promise<void> {
    this.stopped = false;
    try {
      await this.open();
    } catch (error) {
      this.scheduleReconnect();
      throw error;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnect);
    const connection = this.connection;
    this.connection = this.channel = undefined;
    // Closing without acknowledging hands the delivered messages back to the queue.
    await connection?.close().catch(() => undefined);
    await this.queueOfWork;
  }

  private async open(): Promise<void> {
    const { url, queue, prefetch, logger } = this.options;
    const exchange = this.options.exchange ?? CASE_EVENTS_EXCHANGE;
    const connection = await connect(url);
    try {
      connection.on("error", (error: Error) => logger.warn({ err: error }, "forbindelsen til beskedfordeleren fejlede"));
      connection.on("close", () => this.lost(connection));
      const channel = await connection.createChannel();
      channel.on("error", (error: Error) => logger.warn({ err: error }, "kanalen til beskedfordeleren fejlede"));
      channel.on("close", () => void connection.close().catch(() => undefined));
      await channel.assertExchange(exchange, "topic", { durable: true });
      await channel.assertQueue(deadLetterQueue(queue), {
        durable: true,
        arguments: {
          "x-max-length": this.options.deadLetterMax ?? DEAD_LETTER_MAX,
          "x-max-length-bytes": DEAD_LETTER_MAX_BYTES,
          "x-overflow": "drop-head",
        },
      });
      // Single active consumer: the CRM's replicas all subscribe, one receives at a time and another
      // takes over (unacknowledged messages first) when it dies. The history's writers serialize on
      // one lock anyway, so parallel consumers would gain nothing but could commit one company's
      // events out of the order the department published them.
      await channel.assertQueue(queue, {
        durable: true,
        arguments: { "x-dead-letter-exchange": "", "x-dead-letter-routing-key": deadLetterQueue(queue), "x-single-active-consumer": true },
      });
      await channel.bindQueue(queue, exchange, "#");
      await channel.prefetch(prefetch);
      this.connection = connection;
      this.channel = channel;
      await channel.consume(queue, (message) => {
        if (message === null) return void connection.close().catch(() => undefined); // cancelled by the broker (queue deleted): start over
        this.queueOfWork = this.queueOfWork.then(() => this.deliver(channel, message, exchange));
      });
      logger.info({ queue, exchange }, `abonnerer på hændelser fra kø ${queue}`);
      this.emit("connected");
    } catch (error) {
      await connection.close().catch(() => undefined);
      throw error;
    }
  }

  private lost(connection: ChannelModel): void {
    if (this.stopped || this.connection !== connection) return;
    this.connection = this.channel = undefined;
    this.options.logger.warn("forbindelsen til beskedfordeleren er tabt; forbinder igen");
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    clearTimeout(this.reconnect);
    this.reconnect = setTimeout(() => {
      if (this.stopped) return;
      this.open().catch((error: unknown) => {
        this.options.logger.warn({ err: error }, "kunne ikke forbinde til beskedfordeleren; prøver igen");
        this.scheduleReconnect();
      });
    }, this.options.retryMs);
    this.reconnect.unref();
  }

  private async deliver(channel: Channel, message: ConsumeMessage, exchange: string): Promise<void> {
    if (this.channel !== channel) return; // the channel closed: the broker redelivers this one
    // Through the departments' exchange the routing key is the publisher's claim, held against the
    // envelope. A message put straight into the queue (the default exchange) is an operator moving
    // dead letters back, which only the broker's administrators may do.
    const routingKey = message.fields.exchange === exchange ? message.fields.routingKey : undefined;
    let outcome: Outcome;
    try {
      outcome = await this.options.handle(message.content, routingKey);
    } catch (error) {
      this.options.logger.warn({ err: error }, "hændelsen kunne ikke anvendes nu; gives tilbage til køen");
      await new Promise((resolve) => setTimeout(resolve, this.options.retryMs).unref());
      settle(() => channel.nack(message, false, true));
      return;
    }
    // A channel that closed meanwhile cannot acknowledge: the broker redelivers, the message id makes it a duplicate.
    const settled = settle(() => (outcome.kind === "rejected" ? channel.nack(message, false, false) : channel.ack(message)));
    if (settled) this.emit("outcome", outcome);
  }
}

function settle(action: () => void): boolean {
  try {
    action();
    return true;
  } catch {
    return false;
  }
}
