import { createLogger } from "@company-graph/kit/observability";
import type { Prisma, PrismaClient } from "../../generated/prisma/client.js";
import { type CvrClient, type CvrHit, type CvrIndex, CvrRegisterError, POSITION_FIELD } from "./cvr-client";
import { type Inspected, companyName, inspectDocument, unitCvr, unitName } from "./document-guard";
import { CvrQuarantine } from "./quarantine";
import { companiesOfUnits, refreshUnitAddresses } from "../../company/unit-addresses";
import type { CompanyDocument, ProductionUnitDocument } from "./register-contract";
import { currentAddress, normaliseStatus, registerRecordOf, streetLine, unitAddressOf } from "./register-record";
import { syncMetrics } from "./sync-metrics";

/** Companies first: a production unit needs its company. */
const INDEXES: readonly CvrIndex[] = ["virksomhed", "produktionsenhed"];
/** A scroll that expires under us restarts from the stored position; past this many times the run gives up until the next. */
const MAX_SCROLL_RESTARTS = 3;

/**
 * What one run reads of each index at most (CVR_SYNC_MAX_PAGES, CVR_SYNC_MAX_DOCUMENTS,
 * CVR_SYNC_MAX_DURATION_MS), and how many rows of an index the CRM holds at most
 * (CVR_SYNC_MAX_HELD): a run that reaches one ends cleanly after the last page applied and the
 * next run continues from there, so a scroll that never ends can neither hold the CRM nor fill it.
 */
export interface CvrSyncBounds {
  maxPages: number;
  maxDocuments: number;
  /** Measured on the sync's clock, from the start of the run. */
  maxDurationMs: number;
  /** Companies (resp. production units) held; Denmark has about 2.3 million of each in the register, ceased ones included. */
  maxHeld: number;
}
export const DEFAULT_SYNC_BOUNDS: CvrSyncBounds = { maxPages: 500, maxDocuments: 250_000, maxDurationMs: 30 * 60_000, maxHeld: 5_000_000 };
export type CvrSyncBound = "pages" | "documents" | "duration" | "held";

export interface CvrSyncOptions {
  db: PrismaClient;
  client: CvrClient;
  now?: () => Date;
  /** Documents per scroll page (at most the register's 3,000 window). */
  pageSize?: number;
  /** How long the register keeps a scroll alive between two pages. */
  keepAlive?: string;
  /** Called after each page is stored; tests use it to crash a run in the middle of a scroll. */
  afterPage?: (index: CvrIndex, applied: number) => void | Promise<void>;
  bounds?: Partial<CvrSyncBounds>;
}

export interface CvrSyncRun {
  /** Companies written (new or changed in the register). */
  companies: number;
  productionUnits: number;
  /** Documents read that the CRM already held as they are (the one at the stored position, a page read again after a crash). */
  unchanged: number;
  /** Production units of a company the CRM does not hold. */
  skipped: number;
  /** Documents set aside (CvrQuarantine) instead of applied. */
  quarantined: number;
  scrollRestarts: number;
  /** The bound that ended the run early, by index; empty when the run read everything. */
  stoppedBy: Partial<Record<CvrIndex, CvrSyncBound>>;
}

export interface CvrSyncStatus {
  /** The last run failed (the graph keeps serving the data of the last successful one). */
  failing: boolean;
  lastError: string | null;
  lastSuccessAt: Date | null;
}

/**
 * Keeps the CRM's companies and production units current from the CVR register: each index is
 * read from its stored position (the sidstIndlaest of the last document applied, which every
 * change moves — employment figures move it while sidstOpdateret stays; none: the initial load)
 * by scroll, in that order, asking only for the fields the CRM reads. Each document is checked on
 * its own (document-guard.ts): a bad one is set aside (CvrQuarantine) and the rest of its page
 * applied. A page and the position after it are written in one transaction (one insert-or-update
 * statement per page), so a crash in the middle of a scroll loses nothing, and the next run
 * re-reads from that position (gte) and at most one page again, whose documents are left alone as
 * unchanged (same change stamp), so nothing is duplicated. Only one page and the next, which the
 * register prepares meanwhile, are in memory, each at most CVR_MAX_ANSWER_BYTES; a run stops at
 * its bounds (CvrSyncBounds), and the position never passes now.
 * Only the register's fields are written: contacts, key account managers, inquiries, notes,
 * segment and description are the CRM's own. A ceased or moved-away company
 * stays, marked by registerStatus, ceasedOn and municipalityCode.
 */
export class CvrSync {
  private readonly now: () => Date;
  private readonly pageSize: number;
  private readonly keepAlive: string;
  private readonly logger = createLogger("crm", { component: "cvr-sync" });
  private running: Promise<CvrSyncRun> | undefined;
  private readonly bounds: CvrSyncBounds;
  private lastPositions = new Map<CvrIndex, Date | null>();
  readonly quarantine = new CvrQuarantine();
  status: CvrSyncStatus = { failing: false, lastError: null, lastSuccessAt: null };

  constructor(private readonly options: CvrSyncOptions) {
    this.now = options.now ?? (() => new Date());
    this.bounds = { ...DEFAULT_SYNC_BOUNDS, ...options.bounds };
    this.pageSize = options.pageSize ?? 1000;
    this.keepAlive = options.keepAlive ?? "2m";
    for (const index of INDEXES) syncMetrics.lag(index, () => this.lagSeconds(index));
  }

  /** One run over both indexes; concurrent callers share it. */
  runOnce(): Promise<CvrSyncRun> {
    this.running ??= this.run().finally(() => (this.running = undefined));
    return this.running;
  }

  private async run(): Promise<CvrSyncRun> {
    const started = this.now();
    const result: CvrSyncRun = {
      companies: 0,
      productionUnits: 0,
      unchanged: 0,
      skipped: 0,
      quarantined: 0,
      scrollRestarts: 0,
      stoppedBy: {},
    };
    try {
      for (const index of INDEXES) await this.syncIndex(index, result, started);
    } catch (error) {
      const failure = error instanceof CvrRegisterError ? error.failure : "database";
      const message = error instanceof Error ? error.message : String(error);
      this.status = { ...this.status, failing: true, lastError: message };
      syncMetrics.run(failure);
      await this.options.db.cvrSyncState.updateMany({ data: { lastRunAt: started, lastError: message } }).catch(() => undefined);
      this.logger.warn({ failure, err: error, ...result }, "CVR sync failed: serving the last synced data");
      throw error;
    }
    const finished = this.now();
    this.status = { failing: false, lastError: null, lastSuccessAt: finished };
    syncMetrics.run("ok", finished);
    await this.options.db.cvrSyncState.updateMany({ data: { lastRunAt: started, lastSuccessAt: finished, lastError: null } });
    this.logger.info(
      { ...result, ms: finished.getTime() - started.getTime() },
      `synced ${result.companies} companies and ${result.productionUnits} production units from the CVR register`,
    );
    return result;
  }

  private async syncIndex(index: CvrIndex, result: CvrSyncRun, started: Date): Promise<void> {
    const { db, client } = this.options;
    const read = { pages: 0, documents: 0, held: index === "virksomhed" ? await db.company.count() : await db.productionUnit.count() };
    if (read.held >= this.bounds.maxHeld) {
      result.stoppedBy[index] = "held";
      syncMetrics.bounded(index, "held");
      this.logger.warn(
        { index, ...read },
        `CVR sync of ${index} not run: the CRM holds its ${this.bounds.maxHeld} rows (CVR_SYNC_MAX_HELD)`,
      );
      return;
    }
    for (let restarts = 0; ; restarts++) {
      const state = await db.cvrSyncState.findUnique({ where: { index } });
      let position = state?.position ?? null;
      if (position && position > this.now()) {
        // Only a register stamp from the future can have put it there: read everything again rather than nothing ever.
        this.logger.warn({ index, position }, "the stored CVR position lies in the future: reading the register from the start");
        position = null;
      }
      this.lastPositions.set(index, position);
      const query = position
        ? { bool: { filter: [{ range: { [POSITION_FIELD[index]]: { gte: position.toISOString() } } }] } }
        : { match_all: {} };
      try {
        let page = await client.openScroll(index, query, this.pageSize, this.keepAlive);
        while (page.hits.length > 0) {
          const hits = page.hits.slice(0, this.bounds.maxDocuments - read.documents);
          read.pages++;
          read.documents += hits.length;
          const bound = this.boundReached(read, started);
          const more = page.hits.length >= this.pageSize || hits.length < page.hits.length;
          // The register prepares the next page while this one is written; a crash or a failed
          // write loses only that page, which the next run reads again from the stored position.
          const next =
            !bound && read.held < this.bounds.maxHeld && more && page.scrollId
              ? client.continueScroll(index, page.scrollId, this.keepAlive)
              : undefined;
          next?.catch(() => undefined);
          read.held += await this.applyPage(index, hits, result);
          const full = bound ?? (read.held >= this.bounds.maxHeld ? "held" : null);
          if (full && more) {
            result.stoppedBy[index] = full;
            syncMetrics.bounded(index, full);
            this.logger.warn(
              { index, bound: full, ...read },
              `CVR sync of ${index} stopped at its ${full} bound; the next run continues from the last page applied`,
            );
          }
          if (!next || full) break;
          page = await next;
        }
        return;
      } catch (error) {
        if (error instanceof CvrRegisterError && error.failure === "scroll-expired" && restarts < MAX_SCROLL_RESTARTS) {
          result.scrollRestarts++;
          this.logger.warn({ index, position }, "CVR scroll expired: restarting from the stored position");
          continue;
        }
        throw error;
      }
    }
  }

  private boundReached(read: { pages: number; documents: number }, started: Date): Exclude<CvrSyncBound, "held"> | null {
    if (read.documents >= this.bounds.maxDocuments) return "documents";
    if (read.pages >= this.bounds.maxPages) return "pages";
    if (this.now().getTime() - started.getTime() >= this.bounds.maxDurationMs) return "duration";
    return null;
  }

  /**
   * Checks each document on its own, sets the bad ones aside and writes the rest with the position
   * after them — the latest sidstIndlaest applied, never later than now — in one transaction.
   * Returns the rows it added.
   */
  private async applyPage(index: CvrIndex, hits: CvrHit[], result: CvrSyncRun): Promise<number> {
    const now = this.now();
    const good: Extract<Inspected<CvrIndex>, { ok: true }>[] = [];
    for (const hit of hits) {
      const inspected = inspectDocument(index, hit.source, now);
      if (inspected.ok) good.push(inspected);
      else {
        result.quarantined++;
        this.quarantine.record({
          index,
          registerId: hit.id ?? registerNumberOf(hit.source),
          reason: inspected.reason,
          at: now.toISOString(),
        });
      }
    }
    if (good.length === 0) return 0;
    const previous = this.lastPositions.get(index) ?? null;
    const latest = Math.min(now.getTime(), Math.max(...good.map((document) => document.position.getTime())));
    const position = new Date(Math.max(latest, previous?.getTime() ?? 0));
    const counts = await this.options.db.$transaction(
      async (tx) => {
        const page =
          index === "virksomhed"
            ? await writeCompanies(
                tx,
                good.map((document) => companyRow(document.document as CompanyDocument, document.stamp)),
                now,
              )
            : await writeProductionUnits(
                tx,
                good.map((document) => unitRow(document.document as ProductionUnitDocument, document.stamp)),
              );
        await tx.cvrSyncState.upsert({
          where: { index },
          create: { index, position, applied: page.written },
          update: { position, applied: { increment: page.written } },
        });
        return page;
      },
      { timeout: 120_000 },
    );
    this.lastPositions.set(index, position);
    if (index === "virksomhed") result.companies += counts.written;
    else result.productionUnits += counts.written;
    result.unchanged += counts.unchanged;
    result.skipped += counts.skipped;
    syncMetrics.documents(index, "applied", counts.written + counts.unchanged);
    syncMetrics.documents(index, "skipped", counts.skipped);
    await this.options.afterPage?.(index, counts.written);
    return counts.inserted;
  }

  private lagSeconds(index: CvrIndex): number | null {
    const position = this.lastPositions.get(index);
    return position ? Math.max(0, (this.now().getTime() - position.getTime()) / 1000) : null;
  }
}

type Tx = Prisma.TransactionClient;
/** What a page did: rows written, documents the CRM already held as they are, production units of a company it does not hold. */
interface PageCounts {
  written: number;
  /** Of those, rows that were not there before. */
  inserted: number;
  unchanged: number;
  skipped: number;
}

/**
 * A page of companies in one statement: an insert-or-update from the page as one JSON parameter
 * (per-row Prisma writes cost ~1.3 ms a company on PGlite, this ~0.35 ms). Only the register's
 * columns are named, so the CRM's own stay as they are; a row the register has not changed since
 * it was written (same change stamp: the latest of its stamps) is left alone.
 */
async function writeCompanies(tx: Tx, page: CompanyRow[], now: Date): Promise<PageCounts> {
  const rows = latestPerKey(page, (row) => row.cvr);
  const [{ written, inserted }] = await tx.$queryRaw<{ written: number; inserted: number }[]>`
    WITH page AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS document(
        cvr text, name text, "companyForm" text, "industryCode" text, "industryText" text, "sizeBand" text, employees integer,
        street text, "postalCode" text, city text, "advertisingProtected" boolean, "registerStatus" text, "municipalityCode" text,
        "ceasedOn" date, "registerUpdatedAt" timestamptz, "registerRecord" jsonb)
    ), written AS (
      INSERT INTO "Company" AS company (cvr, name, "companyForm", "industryCode", "industryText", "sizeBand", employees, street, "postalCode", city,
        "advertisingProtected", "registerStatus", "municipalityCode", "ceasedOn", "registerUpdatedAt", "registerRecord", "updatedAt")
      SELECT cvr, name, "companyForm", "industryCode", "industryText", "sizeBand", employees, street, "postalCode", city,
        "advertisingProtected", "registerStatus", "municipalityCode", "ceasedOn", "registerUpdatedAt" AT TIME ZONE 'UTC', "registerRecord", ${now.toISOString()}::timestamptz AT TIME ZONE 'UTC'
      FROM page
      ON CONFLICT (cvr) DO UPDATE SET
        name = excluded.name, "companyForm" = excluded."companyForm", "industryCode" = excluded."industryCode", "industryText" = excluded."industryText",
        "sizeBand" = excluded."sizeBand", employees = excluded.employees, street = excluded.street, "postalCode" = excluded."postalCode", city = excluded.city,
        "advertisingProtected" = excluded."advertisingProtected", "registerStatus" = excluded."registerStatus", "municipalityCode" = excluded."municipalityCode",
        "ceasedOn" = excluded."ceasedOn", "registerUpdatedAt" = excluded."registerUpdatedAt", "registerRecord" = excluded."registerRecord", "updatedAt" = excluded."updatedAt"
      WHERE company."registerUpdatedAt" IS NULL OR company."registerUpdatedAt" < excluded."registerUpdatedAt"
      RETURNING 1
    )
    -- Every part of the statement sees the table as it was before it: the page's new companies.
    SELECT (SELECT count(*)::int FROM written) AS written, (SELECT count(*)::int FROM page WHERE NOT EXISTS (SELECT 1 FROM "Company" held WHERE held.cvr = page.cvr)) AS inserted`;
  return { written, inserted, unchanged: rows.length - written, skipped: 0 };
}

/** A page of production units in one statement, like writeCompanies; a unit whose company the CRM does not hold is skipped. */
async function writeProductionUnits(tx: Tx, page: UnitRow[]): Promise<PageCounts> {
  const rows = latestPerKey(page, (row) => row.pNumber);
  const formerCompanies = await companiesOfUnits(
    tx,
    rows.map((row) => row.pNumber),
  );
  const [{ known, written, inserted }] = await tx.$queryRaw<{ known: number; written: number; inserted: number }[]>`
    WITH page AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS document(
        "pNumber" text, cvr text, name text, street text, "postalCode" text, city text, active boolean, "municipalityCode" text, "municipalityName" text, "registerUpdatedAt" timestamptz)
    ), known AS (
      SELECT page.* FROM page JOIN "Company" USING (cvr)
    ), written AS (
      INSERT INTO "ProductionUnit" AS unit ("pNumber", cvr, name, street, "postalCode", city, active, "municipalityCode", "municipalityName", "registerUpdatedAt")
      SELECT "pNumber", cvr, name, street, "postalCode", city, active, "municipalityCode", "municipalityName", "registerUpdatedAt" AT TIME ZONE 'UTC' FROM known
      ON CONFLICT ("pNumber") DO UPDATE SET
        cvr = excluded.cvr, name = excluded.name, street = excluded.street, "postalCode" = excluded."postalCode", city = excluded.city,
        active = excluded.active, "municipalityCode" = excluded."municipalityCode", "municipalityName" = excluded."municipalityName", "registerUpdatedAt" = excluded."registerUpdatedAt"
      WHERE unit."registerUpdatedAt" IS NULL OR unit."registerUpdatedAt" < excluded."registerUpdatedAt"
      RETURNING 1
    )
    SELECT (SELECT count(*)::int FROM known) AS known, (SELECT count(*)::int FROM written) AS written,
      (SELECT count(*)::int FROM known WHERE NOT EXISTS (SELECT 1 FROM "ProductionUnit" held WHERE held."pNumber" = known."pNumber")) AS inserted`;
  await refreshUnitAddresses(tx, [...formerCompanies, ...rows.map((row) => row.cvr)]);
  return { written, inserted, unchanged: known - written, skipped: rows.length - known };
}

/** A page may hold a document twice only if it changed during the scroll; the later one wins (one statement cannot write a row twice). */
function latestPerKey<T>(rows: T[], key: (row: T) => string): T[] {
  return [...new Map(rows.map((row) => [key(row), row])).values()];
}

/** The CVR or P-number of a set-aside document whose hit has no id, when it is a plain number. */
function registerNumberOf(source: unknown): string | null {
  const value =
    typeof source === "object" && source !== null
      ? ((source as Record<string, unknown>).cvrNummer ?? (source as Record<string, unknown>).pNummer)
      : undefined;
  return Number.isSafeInteger(value) ? String(value) : null;
}

type CompanyRow = ReturnType<typeof companyRow>;
type UnitRow = ReturnType<typeof unitRow>;

/** The register's fields of a company; everything else on the row is the CRM's own and left alone. */
function companyRow(document: CompanyDocument, stamp: Date) {
  const record = registerRecordOf(document);
  const address = currentAddress(document);
  const employment = record.employment.monthly ?? record.employment.quarterly ?? record.employment.annual;
  return {
    cvr: String(document.cvrNummer).padStart(8, "0"),
    name: companyName(document)!,
    companyForm: record.companyForm?.text || null,
    industryCode: record.mainIndustry?.code ?? null,
    industryText: record.mainIndustry?.text || null,
    sizeBand: employment?.band ?? null,
    employees: employment?.employees ?? null,
    street: address && streetLine(address),
    postalCode: address?.postalCode ?? null,
    city: address?.city ?? null,
    advertisingProtected: document.reklamebeskyttet,
    registerStatus: record.status,
    municipalityCode: address?.municipalityCode ?? null,
    ceasedOn: record.ceasedOn,
    registerUpdatedAt: stamp.toISOString(),
    registerRecord: record,
  };
}

function unitRow(document: ProductionUnitDocument, stamp: Date) {
  const address = unitAddressOf(document);
  const status = normaliseStatus(document.produktionsEnhedMetadata?.sammensatStatus ?? null);
  const open = document.livsforloeb.length === 0 || document.livsforloeb.some((period) => period.periode.gyldigTil === null);
  return {
    pNumber: String(document.pNummer),
    cvr: unitCvr(document)!,
    name: unitName(document)!,
    street: address && streetLine(address),
    postalCode: address?.postalCode ?? null,
    city: address?.city ?? null,
    // The register's status where it gives one, else the unit's life periods.
    active: status ? status === "AKTIV" || status === "NORMAL" : open,
    municipalityCode: address?.municipalityCode ?? null,
    municipalityName: address?.municipalityName ?? null,
    registerUpdatedAt: stamp.toISOString(),
  };
}
