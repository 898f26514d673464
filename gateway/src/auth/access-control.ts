import type { ApolloServerPlugin } from "@apollo/server";
import type { Request } from "express";
import { GraphQLError } from "graphql";
import { createLogger, ErrorCode, signGatewayToken, type SigningKey } from "@company-graph/kit";
import { enforceLimits, type OperationLimits } from "../operation-limits";
import { newGatewayContext, type GatewayContext } from "../subgraph-data-source";
import { TRUSTED_DOCUMENT } from "../trusted-documents";
import { authenticateUser, type UserTokenTrust } from "./user-auth";

/** Header in which a client declares why it reads the data; it goes into the access log. */
export const PURPOSE_HEADER = "x-purpose";
const MAX_PURPOSE_LENGTH = 200;

export interface GatewayAccessControl {
  /** Whose user tokens the gateway accepts. */
  users: UserTokenTrust;
  /** The gateway's own key for the tokens it sends the subgraphs (not the user issuer's). */
  signingKey: SigningKey;
  limits: OperationLimits;
}

/**
 * Builds the request context: authenticates the caller first, so nothing runs for strangers.
 * A refusal is logged at warn with its reason and the caller's address (never the token): a run
 * of bad signatures or unknown keys is someone trying.
 */
export function authenticatedContext(access: GatewayAccessControl) {
  const logger = createLogger("gateway", { component: "authentication" });
  return async ({ req }: { req: Request }): Promise<GatewayContext> => {
    let identity: ReturnType<typeof authenticateUser>;
    try {
      identity = authenticateUser(req.headers.authorization, access.users);
    } catch (error) {
      logger.warn({ reason: error instanceof Error ? error.message : String(error), remoteAddress: req.socket?.remoteAddress }, "authentication refused");
      throw error;
    }
    const header = req.headers[PURPOSE_HEADER];
    const purpose = typeof header === "string" && header.trim() ? header.trim().slice(0, MAX_PURPOSE_LENGTH) : undefined;
    const trustedDocumentId = (req as unknown as Record<symbol, string | undefined>)[TRUSTED_DOCUMENT];
    return newGatewayContext({ ...identity, ...(purpose ? { purpose } : {}) }, trustedDocumentId);
  };
}

function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.Forbidden, http: { status: 403 } } });
}

/**
 * Once the operation is known: depth and cost limits, trusted documents for integration
 * partners, then the signed token every subgraph fetch of this operation carries.
 */
export function accessControlPlugin(access: GatewayAccessControl): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, document, operation, operationName, request }) {
          if (operation) enforceLimits(document, operation, request.variables ?? {}, access.limits);
          const { identity } = contextValue;
          if (identity.role === "PARTNER") {
            if (!contextValue.trustedDocumentId) throw forbidden("Integration partners may only run trusted operations: send extensions.persistedQuery.sha256Hash of an operation in the manifest");
            const allowed = identity.grant?.operations ?? [];
            if (allowed.length && !allowed.includes(operationName ?? "")) throw forbidden(`The operation ${JSON.stringify(operationName)} is not part of this integration partner's grant`);
          }
          contextValue.gatewayToken = signGatewayToken({ ...identity, ...(operationName ? { operationName } : {}) }, access.signingKey);
        },
      };
    },
  };
}
