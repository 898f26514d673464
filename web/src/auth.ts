import { beginOidcLogin, completeOidcLogin, type OidcConfig } from "./oidc";

// Who is signed in: through the municipality's OpenID Connect provider where the gateway names one
// (config.json), and in development as a demo user the development issuer mints a token for
// (GET/POST /explorer/token, the explorer's "Act as"; same origin only). The token lives in memory
// only; the way of logging in (and the demo user) is kept in sessionStorage, so a reload logs in
// the same way again and closing the tab signs out.
export interface DemoUser {
  user: number;
  label: string;
  role: string;
}

export interface Session {
  label: string;
  token: string;
}

export interface WorkspaceConfig {
  oidc: OidcConfig | null;
}

type Chosen = { kind: "demo"; user: DemoUser } | { kind: "oidc" };

const CHOSEN = "virksomhedsoverblik.login";
const TOKEN_PATH = "/explorer/token";
const OIDC_LABEL = "Kommunens login";

class LoginError extends Error {}

async function json<T>(response: Response): Promise<T> {
  const body = (await response.json().catch(() => ({}))) as T & { error?: string };
  if (!response.ok) throw new LoginError(body.error ?? `HTTP ${response.status}`);
  return body;
}

export async function workspaceConfig(): Promise<WorkspaceConfig> {
  const response = await fetch("config.json", { headers: { accept: "application/json" } });
  return response.ok ? ((await response.json()) as WorkspaceConfig) : { oidc: null };
}

/** The demo users, or null when this gateway mints no tokens (production: no development issuer). */
export async function demoUsers(): Promise<DemoUser[] | null> {
  const response = await fetch(TOKEN_PATH, { headers: { accept: "application/json" } });
  if (response.status === 404) return null;
  return (await json<{ users: DemoUser[] }>(response)).users;
}

export async function signIn(user: DemoUser): Promise<Session> {
  const { token } = await json<{ token: string }>(
    await fetch(TOKEN_PATH, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ user: user.user }) }),
  );
  sessionStorage.setItem(CHOSEN, JSON.stringify({ kind: "demo", user } satisfies Chosen));
  return { label: user.label, token };
}

export async function signInWithOidc(config: OidcConfig): Promise<void> {
  sessionStorage.setItem(CHOSEN, JSON.stringify({ kind: "oidc" } satisfies Chosen));
  await beginOidcLogin(config);
}

/**
 * The session after a reload or the provider's redirect back: the provider's token, or the
 * remembered demo user signed in again; null when nobody logged in (or the provider is being asked again).
 */
export async function resumeSession(config: WorkspaceConfig): Promise<Session | null> {
  const remembered = JSON.parse(sessionStorage.getItem(CHOSEN) ?? "null") as Chosen | null;
  try {
    if (remembered?.kind === "oidc" && config.oidc) {
      const token = await completeOidcLogin(config.oidc);
      if (token) return { label: OIDC_LABEL, token };
      // A reload: the provider's own session logs the user in again without a form.
      await beginOidcLogin(config.oidc);
      return null;
    }
    if (remembered?.kind === "demo") return await signIn(remembered.user);
  } catch {
    sessionStorage.removeItem(CHOSEN);
  }
  return null;
}

export function signOut(): void {
  sessionStorage.removeItem(CHOSEN);
}
