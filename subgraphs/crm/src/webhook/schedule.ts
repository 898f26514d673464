/**
 * When a failed delivery is tried again: exponential backoff from 30 seconds, doubling, capped at
 * 4 hours, each wait stretched by up to a quarter at random (jitter, so the deliveries a
 * receiver's outage held back do not all return in the same second). Without jitter the attempts
 * come 0, 30 s, 1½ min, 3½ min, 7½ min, 15½ min, 31½ min, 63½ min, 2 h 7½ min, 4 h 15½ min,
 * then every 4 hours: the 15th, at about 24 h 15 min, is the last.
 */
const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 4 * 3600_000;
const JITTER = 0.25;

/**
 * How long a delivery is retried: after a failed attempt at least this long after the first one,
 * the CRM gives up on it (FAILED) and the partner reads the change from the feed.
 */
export const RETRY_WINDOW_MS = 24 * 3600_000;

/** The wait after the `failures`th failed attempt; `random` in [0, 1). */
export function retryDelayMs(failures: number, random: () => number): number {
  const base = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.min(failures - 1, 30));
  return Math.round(base * (1 + JITTER * random()));
}

/** Whether a delivery first tried at `firstAttemptAt` and failing again `now` is given up. */
export function givesUp(firstAttemptAt: Date, now: Date): boolean {
  return now.getTime() - firstAttemptAt.getTime() >= RETRY_WINDOW_MS;
}
