import { randomBytes } from "node:crypto";
import { connect, type ChannelModel } from "amqplib";
import { deadLetterQueue } from "../src/case-events/amqp-subscription";

/** The machine's RabbitMQ (guest/guest on loopback); TEST_RABBITMQ_URL points elsewhere. */
export const RABBITMQ_URL = process.env.TEST_RABBITMQ_URL ?? "amqp://guest:guest@127.0.0.1:5672";

/**
 * A connection for the test's own use. RabbitMQ is the production transport, so a machine without
 * it fails these tests (never skips them), saying how to start it.
 */
export async function connectRabbitMq(): Promise<ChannelModel> {
  try {
    return await connect(RABBITMQ_URL);
  } catch (error) {
    throw new Error(
      `RabbitMQ svarer ikke på ${new URL(RABBITMQ_URL).host} / RabbitMQ does not answer at ${new URL(RABBITMQ_URL).host} (${(error as Error).message}). ` +
        "Start it with: rabbitmq-server -detached (Debian: apt-get install rabbitmq-server; .ci/run starts it when it is down)",
      { cause: error },
    );
  }
}

/** An exchange and a queue of this test's own, so parallel runs on the shared RabbitMQ never meet; removed by `remove`. */
export function uniqueTopology(connection: ChannelModel) {
  const suffix = randomBytes(6).toString("hex");
  const names = { exchange: `test.haendelser.${suffix}`, queue: `test.crm.${suffix}` };
  return {
    ...names,
    deadLetterQueue: deadLetterQueue(names.queue),
    async remove(): Promise<void> {
      const channel = await connection.createChannel();
      await channel.deleteQueue(names.queue);
      await channel.deleteQueue(deadLetterQueue(names.queue));
      await channel.deleteExchange(names.exchange);
      await channel.close();
    },
  };
}
