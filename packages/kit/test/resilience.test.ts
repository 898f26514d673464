import { departmentConfig } from "../src/department/run";
import { CircuitBreaker, CircuitOpenError, RetryPolicy, fullJitterDelay, type CircuitState } from "../src/resilience";

/** An action that fails its first `failures` calls and counts every call. */
function flaky(failures: number) {
  let calls = 0;
  const action = async () => {
    calls++;
    if (calls <= failures) throw new Error(`failure ${calls}`);
    return "ok";
  };
  return { action, calls: () => calls };
}

const noSleep = async () => undefined;
const always = () => true;

describe("retry policy", () => {
  const policy = (retries: number) => new RetryPolicy({ retries, baseDelayMs: 50, maxDelayMs: 500, sleep: noSleep });

  it("retries a failing GET at most `retries` times, then throws the last error", async () => {
    const { action, calls } = flaky(10);
    await expect(policy(2).execute({ method: "GET" }, action, always)).rejects.toThrow("failure 3");
    expect(calls()).toBe(3);
  });

  it("stops retrying as soon as an attempt succeeds", async () => {
    const { action, calls } = flaky(1);
    await expect(policy(2).execute({ method: "GET" }, action, always)).resolves.toBe("ok");
    expect(calls()).toBe(2);
  });

  it.each(["POST", "PUT", "PATCH", "DELETE"])("never retries a %s: it may already have changed something", async (method) => {
    const { action, calls } = flaky(10);
    await expect(policy(3).execute({ method }, action, always)).rejects.toThrow("failure 1");
    expect(calls()).toBe(1);
  });

  it("does not retry an error that is not transient", async () => {
    const { action, calls } = flaky(10);
    await expect(policy(3).execute({ method: "GET" }, action, () => false)).rejects.toThrow("failure 1");
    expect(calls()).toBe(1);
  });

  it("starts no attempt once the caller's deadline has passed", async () => {
    const deadline = new AbortController();
    let calls = 0;
    const action = async () => {
      calls++;
      deadline.abort();
      throw new Error("slow failure");
    };
    await expect(policy(3).execute({ method: "GET", signal: deadline.signal }, action, always)).rejects.toThrow("slow failure");
    expect(calls).toBe(1);
  });

  it("waits a full-jitter delay between attempts: from 0 up to the doubling bound, capped", async () => {
    const waits: number[] = [];
    const retry = new RetryPolicy({
      retries: 5,
      baseDelayMs: 50,
      maxDelayMs: 500,
      random: () => 0.999,
      sleep: async (ms) => void waits.push(ms),
    });
    await expect(retry.execute({ method: "GET" }, flaky(10).action, always)).rejects.toThrow();
    expect(waits).toEqual([49, 99, 199, 399, 499]);
  });

  it("keeps every jittered delay within [0, bound)", () => {
    const bounds = { baseDelayMs: 50, maxDelayMs: 500 };
    for (const random of [0, 0.25, 0.5, 0.999999]) {
      for (let retry = 0; retry < 10; retry++) {
        const delay = fullJitterDelay(retry, bounds, () => random);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(Math.min(500, 50 * 2 ** retry));
      }
    }
    expect(fullJitterDelay(0, bounds, () => 0)).toBe(0);
  });
});

describe("circuit breaker", () => {
  function breaker(failureThreshold = 3, resetMs = 1_000) {
    let now = 0;
    const states: CircuitState[] = [];
    const circuit = new CircuitBreaker({ failureThreshold, resetMs, now: () => now, onStateChange: (state) => states.push(state) });
    return { circuit, states, advance: (ms: number) => void (now += ms) };
  }
  const fail = async (): Promise<string> => {
    throw new Error("down");
  };
  const succeed = async () => "ok";

  it("opens after the threshold of consecutive failures and then refuses calls without making them", async () => {
    const { circuit, states } = breaker(3);
    for (let i = 0; i < 3; i++) await expect(circuit.execute(fail)).rejects.toThrow("down");
    expect(circuit.state).toBe("open");
    expect(states).toEqual(["open"]);

    const { action, calls } = flaky(0);
    await expect(circuit.execute(action)).rejects.toBeInstanceOf(CircuitOpenError);
    expect(calls()).toBe(0);
  });

  it("counts only consecutive failures: a success in between resets the count", async () => {
    const { circuit } = breaker(3);
    await expect(circuit.execute(fail)).rejects.toThrow();
    await expect(circuit.execute(fail)).rejects.toThrow();
    await circuit.execute(succeed);
    await expect(circuit.execute(fail)).rejects.toThrow();
    await expect(circuit.execute(fail)).rejects.toThrow();
    expect(circuit.state).toBe("closed");
  });

  it("does not count errors that show the system is alive", async () => {
    const { circuit } = breaker(1);
    await expect(circuit.execute(fail, () => false)).rejects.toThrow("down");
    expect(circuit.state).toBe("closed");
  });

  it("lets one probe through after the cool-down and closes when it succeeds", async () => {
    const { circuit, states, advance } = breaker(2, 1_000);
    for (let i = 0; i < 2; i++) await expect(circuit.execute(fail)).rejects.toThrow();
    advance(999);
    await expect(circuit.execute(succeed)).rejects.toBeInstanceOf(CircuitOpenError);
    advance(1);
    expect(circuit.state).toBe("half-open");

    let releaseProbe!: () => void;
    let calls = 0;
    const probe = circuit.execute(() => {
      calls++;
      return new Promise<string>((resolve) => (releaseProbe = () => resolve("ok")));
    });
    // While the probe is out, everyone else still fails fast.
    await expect(circuit.execute(succeed)).rejects.toBeInstanceOf(CircuitOpenError);
    releaseProbe();
    await expect(probe).resolves.toBe("ok");
    expect(calls).toBe(1);
    expect(circuit.state).toBe("closed");
    expect(states).toEqual(["open", "half-open", "closed"]);
    await expect(circuit.execute(succeed)).resolves.toBe("ok");
  });

  it("opens again for a whole cool-down when the probe fails", async () => {
    const { circuit, states, advance } = breaker(2, 1_000);
    for (let i = 0; i < 2; i++) await expect(circuit.execute(fail)).rejects.toThrow();
    advance(1_000);
    await expect(circuit.execute(fail)).rejects.toThrow("down");
    expect(circuit.state).toBe("open");
    advance(999);
    await expect(circuit.execute(succeed)).rejects.toBeInstanceOf(CircuitOpenError);
    advance(1);
    await expect(circuit.execute(succeed)).resolves.toBe("ok");
    expect(states).toEqual(["open", "half-open", "open", "half-open", "closed"]);
  });
});

describe("resilience settings of a departmental subgraph", () => {
  it("reads them from the environment, with defaults", () => {
    expect(departmentConfig("TMF", {})).toMatchObject({
      SOURCE_TIMEOUT_MS: 2_000,
      SOURCE_RETRIES: 2,
      CIRCUIT_FAILURE_THRESHOLD: 5,
      CIRCUIT_RESET_MS: 10_000,
    });
    expect(departmentConfig("TMF", { SOURCE_RETRIES: "0", CIRCUIT_FAILURE_THRESHOLD: "1", CIRCUIT_RESET_MS: "500" })).toMatchObject({
      SOURCE_RETRIES: 0,
      CIRCUIT_FAILURE_THRESHOLD: 1,
      CIRCUIT_RESET_MS: 500,
    });
  });

  it.each([
    ["SOURCE_RETRIES", "-1"],
    ["SOURCE_RETRIES", "lots"],
    ["CIRCUIT_FAILURE_THRESHOLD", "0"],
    ["CIRCUIT_RESET_MS", "soon"],
  ])("refuses %s=%s, naming the variable", (name, value) => {
    expect(() => departmentConfig("TMF", { [name]: value })).toThrow(name);
  });
});
