import pg from "pg";
import type { PGlite } from "@electric-sql/pglite";
import type { PgConnection } from "./pg-factory";

/** Stops listening. */
type Unlisten = () => Promise<void>;

/** Calls `onPayload` with the payload of each NOTIFY on `channel`, delivered when the notifying transaction commits. */
export type Listen = (channel: string, onPayload: (payload: string) => void) => Promise<Unlisten>;

/** PGlite delivers its own NOTIFYs to its listeners in the same process. */
export function pgliteListen(pglite: PGlite): Listen {
  return async (channel, onPayload) => pglite.listen(channel, onPayload);
}

const RECONNECT_MS = 1_000;

/**
 * On PostgreSQL a LISTEN needs a connection of its own, held open (a pooled one would be handed
 * to queries and lose it). A dropped connection is opened again; what was notified meanwhile is
 * not replayed, which the listeners accept (the gateway's streams resume from the table).
 */
export function postgresListen(connection: PgConnection, onError: (error: unknown) => void): Listen {
  return async (channel, onPayload) => {
    let client: pg.Client | undefined;
    let stopped = false;
    let retry: NodeJS.Timeout | undefined;
    const open = async () => {
      const opened = new pg.Client({ ...connection, application_name: "crm-listen" });
      opened.on("notification", (message) => {
        if (message.channel === channel && message.payload !== undefined) onPayload(message.payload);
      });
      const lost = (error?: unknown) => {
        if (client !== opened) return;
        client = undefined;
        if (error) onError(error);
        void opened.end().catch(() => undefined);
        if (!stopped) schedule();
      };
      opened.on("error", lost);
      opened.on("end", () => lost());
      client = opened;
      await opened.connect();
      await opened.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    };
    const schedule = () => {
      retry = setTimeout(() => {
        open().catch((error: unknown) => {
          onError(error);
          if (!stopped) schedule();
        });
      }, RECONNECT_MS);
      retry.unref();
    };
    await open();
    return async () => {
      stopped = true;
      clearTimeout(retry);
      const open = client;
      client = undefined;
      await open?.end().catch(() => undefined);
    };
  };
}
