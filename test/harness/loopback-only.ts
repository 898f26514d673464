import type { SetupServer } from "msw/node";

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

/**
 * Starts msw so that the simulators' handlers answer, loopback traffic (test → gateway →
 * subgraphs) passes, and any other request is refused (msw answers it with a 500 instead of
 * letting it out) and recorded; the harness fails the test file when any was recorded.
 */
export function listenLoopbackOnly(server: SetupServer): { violations: string[] } {
  const violations: string[] = [];
  server.listen({
    onUnhandledRequest(request, print) {
      if (LOOPBACK.has(new URL(request.url).hostname)) return;
      violations.push(`${request.method} ${request.url}`);
      print.error();
      // Throwing is what stops msw from performing the request; it answers 500 instead.
      throw new Error(`${request.url} is not on this machine`);
    },
  });
  return { violations };
}
