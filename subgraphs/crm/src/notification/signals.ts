import { connect, type Channel, type ChannelModel } from "amqplib";
import {
  NOTIFICATION_SIGNALS_EXCHANGE,
  NOTIFICATION_SIGNALS_PATH,
  parseNotificationSignal,
  type NotificationSignal,
} from "@company-graph/domain";
import type { createLogger } from "@company-graph/kit/observability";
import type { Listen } from "../db/listen";

/** The channel the Notification table's trigger notifies on (migration notification_signal). */
export const NOTIFICATION_ADDED_CHANNEL = "notification_added";

/** Where the signals go: to every gateway replica, through the broker. */
export interface NotificationSignalPublisher {
  publish(signal: NotificationSignal): Promise<void>;
  close(): Promise<void>;
}

/**
 * The CRM's half of live notifications: every Notification row committed, whichever code path
 * inserted it, reaches this process as a NOTIFY from the table's trigger and goes on to the
 * broker. A signal that cannot be published is dropped and logged: the stream it was for
 * resumes from the table (the gateway's stream reads me.notifications when a client reconnects).
 */
export async function forwardNotificationSignals(
  listen: Listen,
  publisher: NotificationSignalPublisher,
  logger: ReturnType<typeof createLogger>,
): Promise<() => Promise<void>> {
  const unlisten = await listen(NOTIFICATION_ADDED_CHANNEL, (payload) => {
    const signal = parseNotificationSignal(payload);
    if (!signal) return void logger.warn("notifikationssignal uden gyldige id'er ignoreret");
    publisher
      .publish(signal)
      .catch((error: unknown) => logger.warn({ err: error }, "notifikationssignalet kunne ikke sendes til gatewayene"));
  });
  return async () => {
    await unlisten();
    await publisher.close();
  };
}

/** The publisher for the URL's transport: amqp(s):// is RabbitMQ, http(s):// the simulated broker of `npm start`. */
export function notificationSignalPublisher(url: string, exchange = NOTIFICATION_SIGNALS_EXCHANGE): NotificationSignalPublisher {
  const protocol = new URL(url).protocol;
  return protocol === "amqp:" || protocol === "amqps:" ? amqpSignalPublisher(url, exchange) : httpSignalPublisher(url);
}

const REQUEST_TIMEOUT_MS = 5_000;

function httpSignalPublisher(url: string): NotificationSignalPublisher {
  const target = `${url.replace(/\/$/, "")}${NOTIFICATION_SIGNALS_PATH}`;
  return {
    async publish(signal) {
      const response = await fetch(target, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(signal),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      if (!response.ok) throw new Error(`beskedfordeleren svarede HTTP ${response.status}`);
    },
    close: async () => undefined,
  };
}

/**
 * A fanout exchange: each gateway replica's exclusive queue gets every signal. Not persistent and
 * without confirms: a signal is only a wake-up, worth nothing after a restart, where the stream
 * resumes from the table instead. A lost connection is opened again by the next publish.
 */
function amqpSignalPublisher(url: string, exchange: string): NotificationSignalPublisher {
  let opening: Promise<{ connection: ChannelModel; channel: Channel }> | undefined;
  const open = () => {
    opening ??= (async () => {
      const connection = await connect(url);
      const forget = () => (opening = undefined);
      connection.on("close", forget);
      connection.on("error", forget);
      const channel = await connection.createChannel();
      channel.on("error", forget);
      channel.on("close", forget);
      await channel.assertExchange(exchange, "fanout", { durable: true });
      return { connection, channel };
    })().catch((error: unknown) => {
      opening = undefined;
      throw error;
    });
    return opening;
  };
  return {
    async publish(signal) {
      const { channel } = await open();
      channel.publish(exchange, "", Buffer.from(JSON.stringify(signal)), { contentType: "application/json" });
    },
    async close() {
      const open = opening;
      opening = undefined;
      const opened = await open?.catch(() => undefined);
      await opened?.connection.close().catch(() => undefined);
    },
  };
}
