import { z } from "zod";

/**
 * Reads and validates environment configuration once, at start-up, so a wrong value stops the
 * process with a message naming the variable instead of failing later mid-request.
 */
export function loadConfig<Shape extends z.ZodRawShape>(shape: Shape, env: NodeJS.ProcessEnv = process.env): z.infer<z.ZodObject<Shape>> {
  const result = z.object(shape).safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`).join("\n");
    throw new Error(`Invalid configuration:\n${problems}`);
  }
  return result.data;
}

export const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);
export const url = () => z.string().url();
export const host = (fallback = "127.0.0.1") => z.string().min(1).default(fallback);
export const milliseconds = (fallback: number) => z.coerce.number().int().positive().default(fallback);
/** Where a broker is: amqp(s):// (RabbitMQ, the municipal broker) or http(s):// (the simulated broker of `npm start`); unset or empty: none. */
export const brokerUrl = () =>
  z
    .string()
    .regex(/^(amqps?|https?):\/\/[^\s]+$/, "must be an amqp://, amqps://, http:// or https:// URL")
    .optional()
    .or(z.literal("").transform(() => undefined));
/** An exchange's or queue's name on the broker. */
export const brokerName = (fallback: string) =>
  z
    .string()
    .regex(/^[\w.:-]{1,200}$/)
    .default(fallback);

const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/**
 * A broker URL carries its user's password, and the municipal broker speaks TLS (amqps://): in
 * production an unencrypted amqp:// or http:// URL to any host but this machine is refused at
 * start-up, before a password crosses the network in clear text. Loopback stays allowed (a local
 * broker or a TLS-terminating sidecar); outside production everything the schema accepts is.
 */
export function refusePlainBrokerUrls(
  config: Record<string, unknown>,
  names: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): void {
  if (env.NODE_ENV !== "production") return;
  const plain = names.filter((name) => {
    const value = config[name];
    if (typeof value !== "string") return false;
    const url = URL.canParse(value) ? new URL(value) : undefined;
    return url !== undefined && (url.protocol === "amqp:" || url.protocol === "http:") && !LOOPBACK_HOST.test(url.hostname);
  });
  if (!plain.length) return;
  throw new Error(
    `Ugyldig konfiguration / Invalid configuration:\n${plain
      .map(
        (name) =>
          `  ${name}: ukrypteret forbindelse til en anden maskine afvises i produktion; brug amqps:// / unencrypted connection to another host refused in production; use amqps://`,
      )
      .join("\n")}`,
  );
}
