import type { Request, RequestHandler } from "express";
import { GraphQLError } from "graphql";
import { ErrorCode } from "@company-graph/kit/errors";

/**
 * The abort reason of the fetches of a request whose client went away. A GraphQL error with its
 * own code, so it is counted and logged as what it is, not as an internal error.
 */
export class ClientGone extends GraphQLError {
  override readonly name = "ClientGone";

  constructor() {
    super("Klienten lukkede forbindelsen før svaret / The client closed the connection before its answer", {
      extensions: { code: ErrorCode.ClientClosedRequest },
    });
  }
}

/** A failure caused by the client going away, which says nothing about the subgraph's health. */
export function isClientGone(error: unknown): boolean {
  return error instanceof ClientGone;
}

/** What the gateway context carries to cancel a request's fetches. */
export interface Cancellable {
  /** Aborted with ClientGone when the client closed the connection before its answer was sent. */
  clientGone?: AbortSignal;
}

interface RequestLifetime {
  signal: AbortSignal;
  /** Runs `release` once the request's handling has ended, whether or not its client is still there. */
  onEnd(release: () => void): void;
}

const LIFETIME = Symbol("request lifetime");

/**
 * Runs the GraphQL handler so that what a request holds (its slots in flight, its cost) is held
 * until the handler has really ended, not until the socket closes: a client that hangs up after
 * a few hundred milliseconds would otherwise free its slot while the gateway goes on executing,
 * and so never be limited. The client's close aborts `clientGone`, which cancels the request's
 * subgraph fetches (SubgraphDataSource, the fetcher), so the handler ends soon after.
 */
export function untilAnswered(handler: RequestHandler): RequestHandler {
  return async (req, res, next) => {
    const controller = new AbortController();
    const releases: (() => void)[] = [];
    const closed = () => {
      if (!res.writableFinished) controller.abort(new ClientGone());
    };
    res.once("close", closed);
    (req as unknown as Record<symbol, RequestLifetime>)[LIFETIME] = {
      signal: controller.signal,
      onEnd: (release) => releases.push(release),
    };
    try {
      await handler(req, res, next);
    } finally {
      res.off("close", closed);
      for (const release of releases) release();
    }
  };
}

/** The lifetime untilAnswered gave this request. */
export function lifetimeOf(req: Request): RequestLifetime {
  const lifetime = (req as unknown as Record<symbol, RequestLifetime | undefined>)[LIFETIME];
  if (!lifetime) throw new Error("the GraphQL handler runs inside untilAnswered");
  return lifetime;
}
