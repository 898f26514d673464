import { completeCvr } from "@company-graph/domain";
import { renderMetrics } from "@company-graph/kit/observability";
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { CvrClient, CvrRegisterError } from "../src/services/cvr/cvr-client";
import { CvrSyncHealth } from "../src/services/cvr/register-health";
import { CvrSync } from "../src/services/cvr/sync";
import { corpusDocuments } from "./cvr-answers";
import { DATABASES, freshDatabase, type TestDatabase } from "./support";

const BASE = "http://cvr.hostile.test";
const server = setupServer();
const NOW = Date.parse("2024-03-01T08:00:00Z");
const template = corpusDocuments("virksomhed-without-newest-values.json")[0];

/** A sound company document: the corpus's shape with its own CVR number, name and stamp. */
function company(serial: number, stamp: string, name = `Bølge ${serial} ApS`): Record<string, any> {
  const cvr = Number(completeCvr(String(3_000_000 + serial)) ?? completeCvr(String(3_500_000 + serial)));
  return {
    ...template,
    cvrNummer: cvr,
    enhedsNummer: 4_300_000_000 + serial,
    sidstIndlaest: stamp,
    sidstOpdateret: stamp,
    navne: [{ ...template.navne[0], navn: name }],
  };
}

/** An answer's JSON text; a hit whose document is a string placeholder gets `raw` spliced in (a 20,000-deep array cannot be built by JSON.stringify). */
function answer(documents: unknown[], scrollId?: string, raw?: string): string {
  const text = JSON.stringify({
    took: 1,
    timed_out: false,
    ...(scrollId ? { _scroll_id: scrollId } : {}),
    hits: {
      total: documents.length,
      hits: documents.map((document, i) => ({
        _index: "cvr-v-20220630",
        _type: "_doc",
        _id: String(4_300_000_000 + i),
        _source: { Vrvirksomhed: document },
      })),
    },
  });
  return raw === undefined ? text : text.replace('"RAW"', raw);
}

const json = (text: string) => new HttpResponse(text, { headers: { "content-type": "application/json" } });
const unitsAnswer = () => http.post(`${BASE}/cvr-permanent/produktionsenhed/_search`, () => json(answer([])));

/** A counter's value in /metrics for these labels (0 when absent). */
async function counter(name: string, labels: string): Promise<number> {
  const { body } = await renderMetrics();
  const line = body.split("\n").find((candidate) => candidate.startsWith(`${name}{${labels}}`));
  return line ? Number(line.split(" ").at(-1)) : 0;
}

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());

describe.each(DATABASES)("a register that misbehaves, on %s", (kind) => {
  let db: TestDatabase;
  let clock = NOW;
  beforeEach(async () => {
    clock = NOW;
    db = await freshDatabase(kind, { migrated: true });
  });
  afterEach(async () => {
    server.resetHandlers();
    await db.destroy();
  });
  const syncOf = (options: Partial<ConstructorParameters<typeof CvrSync>[0]> = {}, maxAnswerBytes?: number) =>
    new CvrSync({
      db: db.prisma,
      client: new CvrClient({ url: BASE, username: "kommune", password: "s3cret", maxAnswerBytes }),
      now: () => new Date(clock),
      pageSize: 10,
      ...options,
    });
  const position = async () => (await db.prisma.cvrSyncState.findUnique({ where: { index: "virksomhed" } }))?.position ?? null;

  it("sets each bad document of a page aside with its reason and applies the rest: a 300 KB name, a NUL byte, a 20,000-deep array, a bad check digit, a 2099 stamp", async () => {
    const stamp = "2024-02-20T10:00:00.000Z";
    const good = [company(1, stamp), company(2, stamp), company(3, "2024-02-21T10:00:00.000Z")];
    const bad = [
      { ...company(4, stamp), navne: [{ ...template.navne[0], navn: "x".repeat(300_000) }] },
      company(5, stamp, "Nul\u0000byte ApS"),
      "RAW",
      { ...company(7, stamp), cvrNummer: 12345678 },
      company(8, "2099-01-01T00:00:00.000Z"),
    ];
    const deep = JSON.stringify({ ...company(6, stamp), navne: "DEEP" }).replace('"DEEP"', `${"[".repeat(20_000)}${"]".repeat(20_000)}`);
    const page = [good[0], ...bad.slice(0, 3), good[1], ...bad.slice(3), good[2]];
    server.use(
      http.post(`${BASE}/cvr-permanent/virksomhed/_search`, () => json(answer(page, undefined, deep))),
      unitsAnswer(),
    );
    const reasons = ["too-large", "control-characters", "too-deep", "invalid-cvr", "future-stamp"];
    const before = await Promise.all(
      reasons.map((reason) => counter("cvr_sync_quarantined_total", `index="virksomhed",reason="${reason}"`)),
    );
    const sync = syncOf();
    const health = new CvrSyncHealth(sync, () => new Date(clock));
    const run = await health.run();

    expect(run).toMatchObject({ companies: 3, quarantined: 5 });
    const stored = await db.prisma.company.findMany({ select: { cvr: true }, orderBy: { cvr: "asc" } });
    expect(stored.map((row) => Number(row.cvr))).toEqual(good.map((document) => document.cvrNummer).sort());
    const after = await Promise.all(
      reasons.map((reason) => counter("cvr_sync_quarantined_total", `index="virksomhed",reason="${reason}"`)),
    );
    expect(after.map((value, i) => value - before[i])).toEqual([1, 1, 1, 1, 1]);
    // Operators see which documents and why, by the register's id, without their content.
    const listed = health.report().quarantine!;
    expect(listed.recent.map((entry) => entry.reason).sort()).toEqual([...reasons].sort());
    expect(listed.recent.every((entry) => /^\d+$/.test(entry.registerId ?? ""))).toBe(true);
    expect(JSON.stringify(listed)).not.toMatch(/Nul|xxxx|Bølge/);
    // The position is the latest good document's, never the 2099 stamp's.
    expect((await position())?.toISOString()).toBe("2024-02-21T10:00:00.000Z");
  });

  it("sets aside documents that pass for the register's shape but that no column holds, and applies the rest of their page", async () => {
    const stamp = "2024-02-20T10:00:00.000Z";
    const good = [company(1, stamp), company(2, stamp)];
    const bad = [
      // An employee count past any integer column.
      {
        ...company(3, stamp),
        virksomhedMetadata: {
          ...template.virksomhedMetadata,
          nyesteAarsbeskaeftigelse: { aar: 2023, antalAnsatte: 1e12, intervalKodeAntalAnsatte: "ANTAL_10_19", sidstOpdateret: stamp },
        },
      },
      // A ceasing day that is no day of the calendar.
      { ...company(4, stamp), livsforloeb: [{ periode: { gyldigFra: "2020-01-01", gyldigTil: "2024-13-45" } }] },
      // A stamp before the Common Era, which Date.parse reads and PostgreSQL does not.
      { ...company(5, "-000001-01-01T00:00:00.000Z"), virksomhedMetadata: null },
    ];
    server.use(
      http.post(`${BASE}/cvr-permanent/virksomhed/_search`, () => json(answer([good[0], ...bad, good[1]]))),
      unitsAnswer(),
    );
    const sync = syncOf();
    const run = await new CvrSyncHealth(sync, () => new Date(clock)).run();

    expect(run).toMatchObject({ companies: 2, quarantined: 3 });
    const stored = await db.prisma.company.findMany({ select: { cvr: true }, orderBy: { cvr: "asc" } });
    expect(stored.map((row) => Number(row.cvr))).toEqual(good.map((document) => document.cvrNummer).sort());
    expect((await position())?.toISOString()).toBe(stamp);
  });

  it("keeps the position at or before now whatever the register stamps, so later changes still arrive", async () => {
    // Within the allowed skew: applied, but the position stops at now.
    const ahead = new Date(NOW + 60_000).toISOString();
    let documents = [company(1, "2024-02-20T10:00:00.000Z"), company(2, ahead), company(3, "2099-06-01T00:00:00.000Z")];
    server.use(
      http.post(`${BASE}/cvr-permanent/virksomhed/_search`, async ({ request }) => {
        const since = ((await request.json()) as any).query?.bool?.filter?.[0]?.range?.["Vrvirksomhed.sidstIndlaest"]?.gte;
        return json(answer(documents.filter((document) => !since || Date.parse(document.sidstIndlaest) >= Date.parse(since))));
      }),
      unitsAnswer(),
    );
    const sync = syncOf();
    expect(await sync.runOnce()).toMatchObject({ companies: 2, quarantined: 1 });
    expect((await position())!.getTime()).toBe(NOW);
    clock = NOW + 3_600_000;
    documents = [...documents, company(4, new Date(NOW + 1_800_000).toISOString(), "Sen Ændring ApS")];
    expect(await sync.runOnce()).toMatchObject({ companies: 1, quarantined: 1 });
    expect(await db.prisma.company.count({ where: { name: "Sen Ændring ApS" } })).toBe(1);
    expect((await position())!.getTime()).toBeLessThanOrEqual(clock);
  });

  it("reads from the start when the stored position lies in the future, as a 2099 stamp once left it", async () => {
    const documents = [company(1, "2024-02-20T10:00:00.000Z"), company(2, "2024-02-28T10:00:00.000Z")];
    let asked: unknown;
    server.use(
      http.post(`${BASE}/cvr-permanent/virksomhed/_search`, async ({ request }) => {
        asked = ((await request.json()) as any).query;
        return json(answer(documents));
      }),
      unitsAnswer(),
    );
    await db.prisma.cvrSyncState.create({ data: { index: "virksomhed", position: new Date("2099-01-01T00:00:00Z") } });
    expect(await syncOf().runOnce()).toMatchObject({ companies: 2 });
    expect(asked).toEqual({ match_all: {} });
    expect((await position())?.toISOString()).toBe("2024-02-28T10:00:00.000Z");
  });

  it("ends a scroll that never ends at its bounds, at the last page applied", async () => {
    let served = 0;
    const endless = () => {
      const page = Array.from({ length: 10 }, () => {
        served++;
        return company(served, new Date(NOW - 86_400_000 + served * 1000).toISOString(), `Opfundet ${served} ApS`);
      });
      // Each answer takes the register a minute on the sync's clock.
      clock += 60_000;
      return json(answer(page, "endless"));
    };
    server.use(http.post(`${BASE}/cvr-permanent/virksomhed/_search`, endless), http.post(`${BASE}/_search/scroll`, endless), unitsAnswer());

    const byPages = await syncOf({ bounds: { maxPages: 5 } }).runOnce();
    expect(byPages).toMatchObject({ companies: 50, stoppedBy: { virksomhed: "pages" } });
    // The register was asked for no page beyond the bound.
    expect(served).toBe(50);
    expect(await db.prisma.company.count()).toBe(50);
    expect((await position())!.getTime()).toBe(NOW - 86_400_000 + 50_000);

    served = 0;
    expect(await syncOf({ bounds: { maxDocuments: 25 } }).runOnce()).toMatchObject({ stoppedBy: { virksomhed: "documents" } });
    expect(served).toBe(30);
    expect(await db.prisma.company.count()).toBe(50);

    served = 0;
    clock = NOW;
    expect(await syncOf({ bounds: { maxDurationMs: 4 * 60_000 } }).runOnce()).toMatchObject({ stoppedBy: { virksomhed: "duration" } });
    expect(served).toBe(40);

    // Run after run, the invented companies stop at the rows the CRM may hold.
    const held = syncOf({ bounds: { maxHeld: 75 } });
    expect(await held.runOnce()).toMatchObject({ companies: 30, stoppedBy: { virksomhed: "held" } });
    expect(await held.runOnce()).toMatchObject({ companies: 0, stoppedBy: { virksomhed: "held" } });
    expect(await db.prisma.company.count()).toBe(80);
  });

  it("stops reading a 100 MB answer at CVR_MAX_ANSWER_BYTES; the pages before it stay applied", async () => {
    const MB = 1024 * 1024;
    let pulled = 0;
    // The 100 MB answer is made as it is read, a megabyte at a time, never held whole.
    const hundredMegabytes = () => {
      const chunk = new TextEncoder().encode(JSON.stringify(company(99, "2024-02-25T10:00:00.000Z")).padEnd(MB, " "));
      const head = new TextEncoder().encode('{"took":1,"timed_out":false,"hits":{"total":100,"hits":[');
      let sent = 0;
      return new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent === 100) return controller.close();
          pulled += MB;
          controller.enqueue(sent++ === 0 ? head : chunk);
        },
      });
    };
    const first = Array.from({ length: 10 }, (_, i) => company(i + 1, "2024-02-20T10:00:00.000Z"));
    server.use(
      http.post(`${BASE}/cvr-permanent/virksomhed/_search`, () => json(answer(first, "large"))),
      http.post(`${BASE}/_search/scroll`, () => new HttpResponse(hundredMegabytes(), { headers: { "content-type": "application/json" } })),
      unitsAnswer(),
    );
    const sync = syncOf({}, 4 * MB);
    const error = await sync.runOnce().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CvrRegisterError);
    expect((error as CvrRegisterError).failure).toBe("too-large");
    // Read no further than the limit (and what the stream had buffered ahead).
    expect(pulled).toBeLessThanOrEqual(8 * MB);
    expect(await db.prisma.company.count()).toBe(10);
    expect((await position())?.toISOString()).toBe("2024-02-20T10:00:00.000Z");
  });
});
