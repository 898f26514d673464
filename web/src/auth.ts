// Who is signed in. In development the gateway's development issuer mints a demo user's token
// (GET/POST /explorer/token, the explorer's "Act as"; same origin only). The token lives in memory
// only; the choice of user is kept in sessionStorage, so a reload mints a fresh token for the same
// user and closing the tab signs out.
export interface DemoUser {
  user: number;
  label: string;
  role: string;
}

export interface Session {
  user: DemoUser;
  token: string;
}

const CHOSEN_USER = "virksomhedsoverblik.user";
const TOKEN_PATH = "/explorer/token";

class LoginError extends Error {}

async function json<T>(response: Response): Promise<T> {
  const body = (await response.json().catch(() => ({}))) as T & { error?: string };
  if (!response.ok) throw new LoginError(body.error ?? `HTTP ${response.status}`);
  return body;
}

/** The demo users, or null when this gateway mints no tokens (production: no development issuer). */
export async function demoUsers(): Promise<DemoUser[] | null> {
  const response = await fetch(TOKEN_PATH, { headers: { accept: "application/json" } });
  if (response.status === 404) return null;
  return (await json<{ users: DemoUser[] }>(response)).users;
}

export async function signIn(user: DemoUser): Promise<Session> {
  const { token } = await json<{ token: string }>(await fetch(TOKEN_PATH, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ user: user.user }) }));
  sessionStorage.setItem(CHOSEN_USER, JSON.stringify(user));
  return { user, token };
}

/** The user chosen before a reload, signed in again; null when none was chosen. */
export async function resumeSession(): Promise<Session | null> {
  const remembered = sessionStorage.getItem(CHOSEN_USER);
  if (!remembered) return null;
  try {
    return await signIn(JSON.parse(remembered) as DemoUser);
  } catch {
    sessionStorage.removeItem(CHOSEN_USER);
    return null;
  }
}

export function signOut(): void {
  sessionStorage.removeItem(CHOSEN_USER);
}
