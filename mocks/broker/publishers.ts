import { connect, type ChannelModel, type ConfirmChannel } from "amqplib";
import { CASE_EVENTS_EXCHANGE } from "@company-graph/domain";
import type { CaseEventBroker } from "./case-events";

/** One event as a department system hands it to the broker. */
export interface OutgoingEvent {
  routingKey: string;
  messageId: string;
  messageType: string;
  /** The hændelsesbesked's JSON text. */
  body: string;
}

/** Where a department system's outbox publishes; resolves once the broker has the event (a publisher confirm). */
export interface CaseEventPublisher {
  publish(event: OutgoingEvent): Promise<void>;
  close(): Promise<void>;
}

/** The embedded default: the simulated broker in this process takes the event at once. */
export function embeddedPublisher(broker: CaseEventBroker): CaseEventPublisher {
  return {
    publish: async (event) => void broker.publish(event.body),
    close: async () => undefined,
  };
}

/**
 * Publishes to a RabbitMQ topic exchange (AMQP 0-9-1) with publisher confirms: `publish` resolves
 * only when the broker has taken the persistent message, so the outbox drops an event only then.
 * A lost connection is opened again by the next publish.
 */
export function amqpPublisher(url: string, options: { exchange?: string } = {}): CaseEventPublisher {
  const exchange = options.exchange ?? CASE_EVENTS_EXCHANGE;
  let opening: Promise<{ connection: ChannelModel; channel: ConfirmChannel }> | undefined;
  const open = () => {
    opening ??= (async () => {
      const connection = await connect(url);
      const forget = () => (opening = undefined);
      connection.on("close", forget);
      // Without a listener an 'error' would crash the simulators; the next publish reconnects.
      connection.on("error", forget);
      const channel = await connection.createConfirmChannel();
      channel.on("error", forget);
      channel.on("close", forget);
      await channel.assertExchange(exchange, "topic", { durable: true });
      return { connection, channel };
    })().catch((error: unknown) => {
      opening = undefined;
      throw error;
    });
    return opening;
  };
  return {
    async publish(event) {
      const { channel } = await open();
      await new Promise<void>((resolve, reject) => {
        channel.publish(
          exchange,
          event.routingKey,
          Buffer.from(event.body),
          { persistent: true, messageId: event.messageId, type: event.messageType, contentType: "application/json" },
          (error) => (error ? reject(error) : resolve()),
        );
      });
    },
    async close() {
      const current = opening;
      opening = undefined;
      if (current) await (await current.catch(() => undefined))?.connection.close().catch(() => undefined);
    },
  };
}
