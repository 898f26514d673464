import type { ApolloServerPlugin } from "@apollo/server";
import type { Request } from "express";
import { GraphQLError } from "graphql";
import { createLogger, metrics } from "@company-graph/kit/observability";
import { ErrorCode } from "@company-graph/kit/errors";
import { refusal } from "@company-graph/kit/refusals";
import type { OperationType, SigningKey } from "@company-graph/kit/auth";
import type { OperationLimits } from "../operation-limits";
import { newGatewayContext, type GatewayContext } from "../subgraph-data-source";
import { TRUSTED_DOCUMENT } from "../trusted-documents";
import { clientAddress } from "../client-address";
import { AuthenticationRefused, authenticateUser, type UserTokenTrust } from "./user-auth";
import { DEFAULT_LOGIN_THROTTLE, LoginThrottle, type LoginThrottleSettings } from "./login-throttle";
import { SubgraphTokens } from "./subgraph-tokens";

/** Header in which a client declares why it reads the data; it goes into the access log. */
export const PURPOSE_HEADER = "x-purpose";
const MAX_PURPOSE_LENGTH = 200;

export interface GatewayAccessControl {
  /** Whose user tokens the gateway accepts. */
  users: UserTokenTrust;
  /** The gateway's own key for the tokens it sends the subgraphs (not the user issuer's). */
  signingKey: SigningKey;
  /** Lifetime of a subgraph token in seconds (GATEWAY_TOKEN_LIFETIME_S); at most 30, the default. */
  subgraphTokenLifetimeSeconds?: number;
  limits: OperationLimits;
  /** Failed logins per address before it must wait (AUTH_FAILURE_LIMIT, AUTH_FAILURE_WINDOW_S). */
  loginThrottle?: LoginThrottleSettings;
}

function rateLimited(retryAfterSeconds: number): GraphQLError {
  return new GraphQLError(refusal.rateLimited.loginFailures(retryAfterSeconds), {
    extensions: {
      code: ErrorCode.RateLimited,
      retryAfterSeconds,
      http: { status: 429, headers: new Map([["retry-after", String(retryAfterSeconds)]]) },
    },
  });
}

/**
 * Builds the request context: authenticates the caller first, so nothing runs for strangers.
 * A refusal is counted in /metrics by reason and logged at warn with its reason and the caller's
 * address (never the token): a run of bad signatures or unknown keys is someone trying. Failures
 * are counted per client address (behind the trusted proxies, client-address.ts); past the
 * throttle's limit a failure is answered 429 RATE_LIMITED instead of 401 until its window ends.
 * A token is always verified before the throttle is asked, so a valid token is never refused
 * for failures someone else sent from the same address (an office behind one NAT, or a
 * neighbour sending bad tokens on purpose to lock it out).
 */
export function authenticatedContext(
  access: GatewayAccessControl,
  throttle = new LoginThrottle(access.loginThrottle ?? DEFAULT_LOGIN_THROTTLE),
) {
  const logger = createLogger("gateway", { component: "authentication" });
  return async ({ req }: { req: Request }): Promise<GatewayContext> => {
    let identity: Awaited<ReturnType<typeof authenticateUser>>;
    try {
      identity = await authenticateUser(req.headers.authorization, access.users);
    } catch (error) {
      const remoteAddress = clientAddress(req);
      const reason = error instanceof AuthenticationRefused ? error.reason : "malformed";
      const retryAfter = await throttle.retryAfterSeconds(remoteAddress);
      await throttle.recordFailure(remoteAddress);
      metrics.authenticationFailure(retryAfter > 0 ? "throttled" : reason);
      logger.warn(
        { reason: error instanceof Error ? error.message : String(error), problem: reason, remoteAddress },
        "authentication refused",
      );
      throw retryAfter > 0 ? rateLimited(retryAfter) : error;
    }
    const header = req.headers[PURPOSE_HEADER];
    const purpose = typeof header === "string" && header.trim() ? header.trim().slice(0, MAX_PURPOSE_LENGTH) : undefined;
    const trustedDocumentId = (req as unknown as Record<symbol, string | undefined>)[TRUSTED_DOCUMENT];
    // A partner's own document is refused here, before Apollo parses, validates or measures it:
    // partners may run only the manifest's trusted documents, whose cost is known.
    if (identity.role === "PARTNER" && !trustedDocumentId) throw forbidden(PARTNER_NEEDS_TRUSTED_DOCUMENT);
    const acceptLanguage = typeof req.headers["accept-language"] === "string" ? req.headers["accept-language"] : undefined;
    return newGatewayContext({ ...identity, ...(purpose ? { purpose } : {}) }, trustedDocumentId, acceptLanguage);
  };
}

const PARTNER_NEEDS_TRUSTED_DOCUMENT = refusal.forbidden.partnerNeedsTrustedDocument;

function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.Forbidden, http: { status: 403 } } });
}

/**
 * Once the operation is known (the limits ran before, in the context: operationLimitsScreen): a partner's
 * trusted document must be in its grant, then what signs each subgraph fetch of this operation its own token (subgraph,
 * document, operation id and type).
 */
export function accessControlPlugin(access: GatewayAccessControl): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, operation, operationName }) {
          const { identity } = contextValue;
          if (identity.role === "PARTNER") {
            // Checked already when the context was built; kept so no other path can skip it.
            if (!contextValue.trustedDocumentId) throw forbidden(PARTNER_NEEDS_TRUSTED_DOCUMENT);
            const allowed = identity.grant?.operations ?? [];
            if (allowed.length && !allowed.includes(operationName ?? ""))
              throw forbidden(refusal.forbidden.operationNotInPartnerGrant(operationName));
          }
          contextValue.subgraphTokens = new SubgraphTokens(
            { ...identity, ...(operationName ? { operationName } : {}) },
            (operation?.operation ?? "query") as OperationType,
            {
              signingKey: access.signingKey,
              lifetimeSeconds: access.subgraphTokenLifetimeSeconds,
            },
          );
        },
      };
    },
  };
}
