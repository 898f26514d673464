import type { RequestIdentity } from "./identity";
import { GATEWAY_TOKEN_HEADER } from "./gateway-token";
import { signAccessLogBatch } from "./access-log-signature";

/** Whose personal data was read: the company and/or the person. */
export interface DataSubject {
  cvr?: string;
  cpr?: string;
}

/** The personal-data fields one request read about one data subject. */
export interface AccessLogRead {
  subjectCvr?: string;
  subjectCpr?: string;
  /** Schema coordinates, e.g. "SickPayRefund.healthNote". */
  fields: string[];
}

/** What a subgraph delivers to the access log; who, when and why come from the gateway token. */
export interface AccessLogBatch {
  subgraph: string;
  reads: AccessLogRead[];
}

/** Writes a batch durably, or throws: a read that cannot be logged is not allowed to happen. */
export type AccessLogSink = (batch: AccessLogBatch, request: { identity: RequestIdentity; gatewayToken: string }) => Promise<void>;

export const ACCESS_LOG_PATH = "/internal/access-log";

/**
 * Delivers batches to the CRM's internal endpoint, authenticated with the gateway token of the
 * request being logged: the CRM takes who, role and purpose from that signed token, never from
 * the departmental subgraph; and signed by this subgraph for that token (ACCESS_LOG_SECRET), so
 * the token alone, seen on the network, logs nothing.
 */
export function httpAccessLogSink(url: string, secret: string, timeoutMs = 2_000): AccessLogSink {
  return async (batch, { gatewayToken }) => {
    const body = JSON.stringify(batch);
    const response = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        [GATEWAY_TOKEN_HEADER]: gatewayToken,
        ...signAccessLogBatch(secret, batch.subgraph, gatewayToken, body),
      },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) throw new Error(`the access log answered HTTP ${response.status}`);
  };
}

interface PendingRead {
  field: string;
  subject: DataSubject;
  settle: { resolve: () => void; reject: (error: unknown) => void };
}

/**
 * Collects one request's personal-data reads and writes them before the values are released:
 * each guarded resolver awaits `record`, reads of the same tick go out as one batch (one write
 * per request in practice), and a failed write rejects every read in it.
 */
export class AccessLogRecorder {
  private pending: PendingRead[] = [];

  constructor(
    private readonly subgraph: string,
    private readonly sink: AccessLogSink,
    private readonly request: { identity: RequestIdentity; gatewayToken: string },
  ) {}

  record(field: string, subject: DataSubject): Promise<void> {
    return new Promise((resolve, reject) => {
      if (!this.pending.length) setImmediate(() => void this.flush());
      this.pending.push({ field, subject, settle: { resolve, reject } });
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    const bySubject = new Map<string, AccessLogRead>();
    for (const { field, subject } of batch) {
      const key = `${subject.cvr ?? ""}|${subject.cpr ?? ""}`;
      const read = bySubject.get(key) ?? {
        ...(subject.cvr ? { subjectCvr: subject.cvr } : {}),
        ...(subject.cpr ? { subjectCpr: subject.cpr } : {}),
        fields: [],
      };
      if (!read.fields.includes(field)) read.fields.push(field);
      bySubject.set(key, read);
    }
    try {
      await this.sink({ subgraph: this.subgraph, reads: [...bySubject.values()] }, this.request);
      for (const { settle } of batch) settle.resolve();
    } catch (error) {
      for (const { settle } of batch) settle.reject(error);
    }
  }
}
