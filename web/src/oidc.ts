import * as oauth from "oauth4webapi";

// Log-in through the municipality's OpenID Connect provider: authorization code with PKCE for a
// public client (oauth4webapi). The access token stays in memory; only the code verifier and state
// of a log-in under way wait in sessionStorage for the provider to send the browser back.
export interface OidcConfig {
  issuer: string;
  clientId: string;
}

const PENDING = "virksomhedsoverblik.oidc";
const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);
const redirectUri = () => new URL("/app/", location.origin).href;

/** Plain http only for a provider on this machine (a developer's or a test's); anywhere else https. */
function insecure(config: OidcConfig) {
  const issuer = new URL(config.issuer);
  return { [oauth.allowInsecureRequests]: issuer.protocol === "http:" && LOOPBACK.has(issuer.hostname) };
}

async function authorizationServer(config: OidcConfig): Promise<oauth.AuthorizationServer> {
  const issuer = new URL(config.issuer);
  return oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: "oidc", ...insecure(config) }));
}

/** Sends the browser to the provider; it comes back to /app/ with a code. */
export async function beginOidcLogin(config: OidcConfig): Promise<void> {
  const server = await authorizationServer(config);
  if (!server.authorization_endpoint) throw new Error("Udbyderen har intet authorization endpoint");
  const codeVerifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  sessionStorage.setItem(PENDING, JSON.stringify({ codeVerifier, state }));
  const url = new URL(server.authorization_endpoint);
  url.search = new URLSearchParams({
    client_id: config.clientId,
    redirect_uri: redirectUri(),
    response_type: "code",
    scope: "openid",
    code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: "S256",
    state,
  }).toString();
  location.assign(url.href);
}

/** The access token when the provider has just sent the browser back with a code; null otherwise. */
export async function completeOidcLogin(config: OidcConfig): Promise<string | null> {
  const back = new URL(location.href);
  const pending = sessionStorage.getItem(PENDING);
  if (!pending || (!back.searchParams.has("code") && !back.searchParams.has("error"))) return null;
  sessionStorage.removeItem(PENDING);
  // The code is single-use and must not stay in the address bar or the history.
  history.replaceState(null, "", `${back.pathname}${back.hash}`);
  const { codeVerifier, state } = JSON.parse(pending) as { codeVerifier: string; state: string };
  const server = await authorizationServer(config);
  const client: oauth.Client = { client_id: config.clientId };
  const parameters = oauth.validateAuthResponse(server, client, back.searchParams, state);
  const response = await oauth.authorizationCodeGrantRequest(
    server,
    client,
    oauth.None(),
    parameters,
    redirectUri(),
    codeVerifier,
    insecure(config),
  );
  const result = await oauth.processAuthorizationCodeResponse(server, client, response);
  return result.access_token;
}
