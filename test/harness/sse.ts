/** One Server-Sent Event as the client reads it. */
interface ServerSentEvent {
  id?: string;
  event: string;
  data: string;
}

/**
 * A GraphQL over SSE client stream (distinct connections mode), read by hand so a test sees each
 * event's id and counts every event: `next()` resolves with the next one, or undefined once the
 * server ended the stream. The heartbeat's comment lines are counted in `comments`.
 */
export interface EventStream {
  status: number;
  /** The answer's body when the stream was refused (not text/event-stream). */
  refusal?: any;
  next(): Promise<ServerSentEvent | undefined>;
  /** Every event read so far, in order. */
  received: ServerSentEvent[];
  comments: number;
  close(): void;
}

export async function openEventStream(
  url: string,
  options: { token: string; query: string; variables?: Record<string, unknown>; lastEventId?: string; headers?: Record<string, string> },
): Promise<EventStream> {
  const controller = new AbortController();
  const response = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "text/event-stream",
      authorization: `Bearer ${options.token}`,
      ...(options.lastEventId ? { "last-event-id": options.lastEventId } : {}),
      ...options.headers,
    },
    body: JSON.stringify({ query: options.query, variables: options.variables ?? {} }),
    signal: controller.signal,
  });
  const received: ServerSentEvent[] = [];
  if (!response.headers.get("content-type")?.startsWith("text/event-stream")) {
    const text = await response.text();
    let refusal: unknown = text;
    try {
      refusal = JSON.parse(text);
    } catch {
      // not JSON: kept as text
    }
    return { status: response.status, refusal, next: async () => undefined, received, comments: 0, close: () => undefined };
  }
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  let ended = false;
  const stream: EventStream = {
    status: response.status,
    received,
    comments: 0,
    async next() {
      for (;;) {
        const boundary = buffer.indexOf("\n\n");
        if (boundary !== -1) {
          const block = buffer.slice(0, boundary);
          buffer = buffer.slice(boundary + 2);
          const event: ServerSentEvent = { event: "message", data: "" };
          let comment = true;
          for (const line of block.split("\n")) {
            if (line.startsWith(":")) continue;
            comment = false;
            const colon = line.indexOf(":");
            const field = colon === -1 ? line : line.slice(0, colon);
            const value = colon === -1 ? "" : line.slice(colon + 1).replace(/^ /, "");
            if (field === "id") event.id = value;
            else if (field === "event") event.event = value;
            else if (field === "data") event.data = event.data ? `${event.data}\n${value}` : value;
          }
          if (comment) {
            stream.comments++;
            continue;
          }
          received.push(event);
          return event;
        }
        if (ended) return undefined;
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true as const }));
        if (done) ended = true;
        else buffer += value;
      }
    },
    close() {
      controller.abort();
    },
  };
  return stream;
}
