export { accessControlPlugin, authenticatedContext, PURPOSE_HEADER, type GatewayAccessControl } from "./access-control";
export { accessControlConfig } from "./config";
export {
  DEV_AUDIENCE,
  DEV_ISSUER,
  DEFAULT_DEV_ISSUER_DIR,
  ensureDevIssuer,
  issuerFromKey,
  mintUserToken,
  type DevIssuer,
} from "./dev-issuer";
export { authenticateUser, type UserTokenTrust } from "./user-auth";
export { AuthenticationRefused, DEFAULT_MAX_USER_TOKEN_LIFETIME_SECONDS, type AuthenticationFailureReason } from "./user-auth";
export { DEFAULT_LOGIN_THROTTLE, LoginThrottle, type LoginThrottleSettings } from "./login-throttle";
export { readinessHeaders, SubgraphTokens, type SubgraphTokenSettings } from "./subgraph-tokens";
