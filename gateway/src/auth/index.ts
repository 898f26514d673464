export { accessControlPlugin, authenticatedContext, PURPOSE_HEADER, type GatewayAccessControl } from "./access-control";
export { accessControlConfig } from "./config";
export { DEV_AUDIENCE, DEV_ISSUER, DEFAULT_DEV_ISSUER_DIR, ensureDevIssuer, issuerFromKey, mintUserToken, type DevIssuer } from "./dev-issuer";
export { authenticateUser, type UserTokenTrust } from "./user-auth";
