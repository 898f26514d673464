import { HttpResponse, delay } from "msw";

/** Faults a simulated system can be told to show; `{}` means healthy. */
export interface FaultSettings {
  /** Added before every answer. */
  latencyMs?: number;
  /** Share of requests that fail (0..1), in a fixed pattern: 0.5 fails every second request. */
  errorRate?: number;
  /** Status of failing requests; 500 unless given. */
  status?: 500 | 503;
  /** Never answer: for testing the caller's timeout. */
  hang?: boolean;
  /**
   * Hold every answer until the faults are set again (any POST /__admin/faults, `{}` included):
   * a test keeps a request in flight for exactly as long as it needs, with no clock.
   */
  hold?: boolean;
  /** Failing requests get 200 with a truncated JSON body. */
  malformedJson?: boolean;
  /** Failing requests get a network error (a reset TCP connection on a real server). */
  connectionReset?: boolean;
}

export class FaultSettingsError extends Error {}

const KEYS = new Set(["latencyMs", "errorRate", "status", "hang", "hold", "malformedJson", "connectionReset"]);

/**
 * Per-simulator fault switch. A failure mode without errorRate fails every request; errorRate
 * alone fails with 500. The sequence is deterministic so tests need no retries or luck.
 */
export class Faults {
  private settings: FaultSettings = {};
  private arrivals = 0;
  /** Settles when the held answers may go: at the next `set`. */
  private released: Promise<void> = Promise.resolve();
  private releaseHeld: () => void = () => undefined;

  /** `wait` serves latency and hangs; tests inject one they release, instead of waiting for real. */
  constructor(private readonly wait: (ms: number | "infinite") => Promise<void> = delay) {}

  get current(): Readonly<FaultSettings> {
    return this.settings;
  }

  set(settings: FaultSettings): void {
    const valid = validateFaults(settings);
    this.releaseHeld();
    this.settings = valid;
    this.arrivals = 0;
    this.released = valid.hold ? new Promise((resolve) => (this.releaseHeld = resolve)) : Promise.resolve();
  }

  clear(): void {
    this.set({});
  }

  /** Waits as told and returns the failure to answer with, or undefined to answer normally. */
  async apply(): Promise<Response | undefined> {
    const settings = this.settings;
    if (settings.hang) await this.wait("infinite");
    if (settings.hold) await this.released;
    if (settings.latencyMs) await this.wait(settings.latencyMs);
    if (!this.failsNext(settings)) return undefined;
    if (settings.connectionReset) return HttpResponse.error();
    if (settings.malformedJson)
      return new HttpResponse('{"items":[{"id":"', { status: 200, headers: { "content-type": "application/json" } });
    const status = settings.status ?? 500;
    return HttpResponse.json(
      {
        type: "urn:company-graph:problem:simulated-fault",
        title: status === 503 ? "Service Unavailable" : "Internal Server Error",
        status,
        detail: "Fault injected by the simulator",
      },
      { status, headers: { "content-type": "application/problem+json" } },
    );
  }

  private failsNext(settings: FaultSettings): boolean {
    const n = this.arrivals++;
    if (settings.errorRate !== undefined) return Math.floor((n + 1) * settings.errorRate) > Math.floor(n * settings.errorRate);
    return Boolean(settings.status || settings.malformedJson || settings.connectionReset);
  }
}

/** Checks settings that may come from an HTTP body; throws FaultSettingsError with the reason. */
export function validateFaults(input: unknown): FaultSettings {
  if (typeof input !== "object" || input === null || Array.isArray(input))
    throw new FaultSettingsError("fault settings must be a JSON object");
  const settings = input as Record<string, unknown>;
  for (const key of Object.keys(settings)) if (!KEYS.has(key)) throw new FaultSettingsError(`unknown fault setting "${key}"`);
  const out: FaultSettings = {};
  if (settings.latencyMs !== undefined) {
    if (
      typeof settings.latencyMs !== "number" ||
      !Number.isFinite(settings.latencyMs) ||
      settings.latencyMs < 0 ||
      settings.latencyMs > 600_000
    )
      throw new FaultSettingsError("latencyMs must be a number of milliseconds from 0 to 600000");
    out.latencyMs = settings.latencyMs;
  }
  if (settings.errorRate !== undefined) {
    if (typeof settings.errorRate !== "number" || !(settings.errorRate >= 0 && settings.errorRate <= 1))
      throw new FaultSettingsError("errorRate must be a number from 0 to 1");
    out.errorRate = settings.errorRate;
  }
  if (settings.status !== undefined) {
    if (settings.status !== 500 && settings.status !== 503) throw new FaultSettingsError("status must be 500 or 503");
    out.status = settings.status;
  }
  for (const flag of ["hang", "hold", "malformedJson", "connectionReset"] as const) {
    if (settings[flag] === undefined) continue;
    if (typeof settings[flag] !== "boolean") throw new FaultSettingsError(`${flag} must be true or false`);
    out[flag] = settings[flag];
  }
  return out;
}
