import { existsSync } from "node:fs";
import { chromium, type Browser, type BrowserContext } from "playwright-core";

/** Debian's Chromium; playwright-core never downloads a browser of its own. */
const CHROMIUM = "/usr/bin/chromium";
const INSTALL_CHROMIUM = "apt-get update && apt-get install -y chromium";

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * Chromium without any of its own traffic (updates, sync, safe browsing, QUIC), with no name
 * resolvable but localhost. A missing Chromium fails the test naming the install command, never skips it.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `Chromium is missing at ${CHROMIUM}: install it with \`${INSTALL_CHROMIUM}\` (or \`node scripts/ensure-chromium.mjs\` as root)`,
    );
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
      "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
    ],
  });
}

/** Aborts and records every request of the context to a host other than loopback; the test asserts there are none. */
export async function refuseNonLoopback(context: BrowserContext): Promise<string[]> {
  const violations: string[] = [];
  await context.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (
      (url.protocol === "http:" || url.protocol === "https:" || url.protocol === "ws:" || url.protocol === "wss:") &&
      !LOOPBACK.has(url.hostname)
    ) {
      violations.push(`${route.request().method()} ${url.href}`);
      return route.abort("blockedbyclient");
    }
    return route.continue();
  });
  return violations;
}
