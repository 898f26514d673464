import { createLogger } from "@company-graph/kit/observability";
import type { Prisma, PrismaClient } from "../../generated/prisma/client.js";
import { type CvrClient, type CvrIndex, CvrRegisterError, type Vrvirksomhed, type VrproduktionsEnhed } from "./cvr-client";
import { addressOf, registerRecordOf, unitAddressOf } from "./register-record";
import { syncMetrics } from "./sync-metrics";

/** Companies first: a production unit needs its company. */
const INDEXES: readonly CvrIndex[] = ["virksomhed", "produktionsenhed"];
const FIELD: Record<CvrIndex, string> = { virksomhed: "Vrvirksomhed.sidstOpdateret", produktionsenhed: "VrproduktionsEnhed.sidstOpdateret" };
/** A scroll that expires under us restarts from the stored position; past this many times the run gives up until the next. */
const MAX_SCROLL_RESTARTS = 3;

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
}

export interface CvrSyncRun {
  /** Companies written (new or changed in the register). */
  companies: number;
  productionUnits: number;
  /** Documents read that the CRM already held as they are (the one at the stored position, a page read again after a crash). */
  unchanged: number;
  /** Production units of a company the CRM does not hold. */
  skipped: number;
  scrollRestarts: number;
}

export interface CvrSyncStatus {
  /** The last run failed (the graph keeps serving the data of the last successful one). */
  failing: boolean;
  lastError: string | null;
  lastSuccessAt: Date | null;
}

/**
 * Keeps the CRM's companies and production units current from the CVR register: each index is
 * read from its stored position (the sidstOpdateret of the last document applied; none: the
 * initial load) by scroll, in the register's order. A page and the position after it are written
 * in one transaction (one insert-or-update statement per page), so a crash in the middle of a
 * scroll loses nothing, and the next run re-reads from that position (gte) and at most one page
 * again, whose documents are left alone as unchanged (same sidstOpdateret), so nothing is
 * duplicated. Only one page and the next, which the register prepares meanwhile, are in memory.
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
  private lastPositions = new Map<CvrIndex, Date | null>();
  status: CvrSyncStatus = { failing: false, lastError: null, lastSuccessAt: null };

  constructor(private readonly options: CvrSyncOptions) {
    this.now = options.now ?? (() => new Date());
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
    const result: CvrSyncRun = { companies: 0, productionUnits: 0, unchanged: 0, skipped: 0, scrollRestarts: 0 };
    try {
      for (const index of INDEXES) await this.syncIndex(index, result);
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
    this.logger.info({ ...result, ms: finished.getTime() - started.getTime() }, `synced ${result.companies} companies and ${result.productionUnits} production units from the CVR register`);
    return result;
  }

  private async syncIndex(index: CvrIndex, result: CvrSyncRun): Promise<void> {
    const { db, client } = this.options;
    for (let restarts = 0; ; restarts++) {
      const state = await db.cvrSyncState.findUnique({ where: { index } });
      const position = state?.position ?? null;
      this.lastPositions.set(index, position);
      const query = position ? { bool: { filter: [{ range: { [FIELD[index]]: { gte: position.toISOString() } } }] } } : { match_all: {} };
      try {
        let page = await client.openScroll(index, query, this.pageSize, this.keepAlive);
        while (page.documents.length > 0) {
          // The register prepares the next page while this one is written; a crash or a failed
          // write loses only that page, which the next run reads again from the stored position.
          const next = page.scrollId && page.documents.length >= this.pageSize ? client.continueScroll(index, page.scrollId, this.keepAlive) : undefined;
          next?.catch(() => undefined);
          await this.applyPage(index, page.documents, result);
          if (!next) break;
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

  private async applyPage(index: CvrIndex, documents: (Vrvirksomhed | VrproduktionsEnhed)[], result: CvrSyncRun): Promise<void> {
    const position = new Date(Math.max(...documents.map((document) => Date.parse(document.sidstOpdateret))));
    const now = this.now();
    const counts = await this.options.db.$transaction(
      async (tx) => {
        const page = index === "virksomhed" ? await writeCompanies(tx, documents as Vrvirksomhed[], now) : await writeProductionUnits(tx, documents as VrproduktionsEnhed[]);
        await tx.cvrSyncState.upsert({ where: { index }, create: { index, position, applied: page.written }, update: { position, applied: { increment: page.written } } });
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
  unchanged: number;
  skipped: number;
}

/**
 * A page of companies in one statement: an insert-or-update from the page as one JSON parameter
 * (per-row Prisma writes cost ~1.3 ms a company on PGlite, this ~0.35 ms). Only the register's
 * columns are named, so the CRM's own stay as they are; a row the register has not changed since
 * it was written (same sidstOpdateret) is left alone.
 */
async function writeCompanies(tx: Tx, documents: Vrvirksomhed[], now: Date): Promise<PageCounts> {
  const rows = latestPerKey(documents.map(companyRow), (row) => row.cvr);
  const [{ written }] = await tx.$queryRaw<{ written: number }[]>`
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
    SELECT count(*)::int AS written FROM written`;
  return { written, unchanged: rows.length - written, skipped: 0 };
}

/** A page of production units in one statement, like writeCompanies; a unit whose company the CRM does not hold is skipped. */
async function writeProductionUnits(tx: Tx, documents: VrproduktionsEnhed[]): Promise<PageCounts> {
  const rows = latestPerKey(documents.map(unitRow), (row) => row.pNumber);
  const [{ known, written }] = await tx.$queryRaw<{ known: number; written: number }[]>`
    WITH page AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS document(
        "pNumber" text, cvr text, name text, street text, "postalCode" text, city text, active boolean, "municipalityCode" text, "registerUpdatedAt" timestamptz)
    ), known AS (
      SELECT page.* FROM page JOIN "Company" USING (cvr)
    ), written AS (
      INSERT INTO "ProductionUnit" AS unit ("pNumber", cvr, name, street, "postalCode", city, active, "municipalityCode", "registerUpdatedAt")
      SELECT "pNumber", cvr, name, street, "postalCode", city, active, "municipalityCode", "registerUpdatedAt" AT TIME ZONE 'UTC' FROM known
      ON CONFLICT ("pNumber") DO UPDATE SET
        cvr = excluded.cvr, name = excluded.name, street = excluded.street, "postalCode" = excluded."postalCode", city = excluded.city,
        active = excluded.active, "municipalityCode" = excluded."municipalityCode", "registerUpdatedAt" = excluded."registerUpdatedAt"
      WHERE unit."registerUpdatedAt" IS NULL OR unit."registerUpdatedAt" < excluded."registerUpdatedAt"
      RETURNING 1
    )
    SELECT (SELECT count(*)::int FROM known) AS known, (SELECT count(*)::int FROM written) AS written`;
  return { written, unchanged: known - written, skipped: rows.length - known };
}

/** A page may hold a document twice only if it changed during the scroll; the later one wins (one statement cannot write a row twice). */
function latestPerKey<T>(rows: T[], key: (row: T) => string): T[] {
  return [...new Map(rows.map((row) => [key(row), row])).values()];
}

/** The register's fields of a company; everything else on the row is the CRM's own and left alone. */
function companyRow(document: Vrvirksomhed) {
  const record = registerRecordOf(document);
  const address = addressOf(document.virksomhedMetadata.nyesteBeliggenhedsadresse);
  const employment = record.employment.monthly ?? record.employment.quarterly ?? record.employment.annual;
  return {
    cvr: String(document.cvrNummer).padStart(8, "0"),
    name: document.virksomhedMetadata.nyesteNavn.navn,
    companyForm: record.companyForm?.text ?? null,
    industryCode: record.mainIndustry?.code ?? null,
    industryText: record.mainIndustry?.text ?? null,
    sizeBand: employment?.band ?? null,
    employees: employment?.employees ?? null,
    street: `${address.street} ${address.houseNumber}`,
    postalCode: address.postalCode,
    city: address.city,
    advertisingProtected: document.reklamebeskyttet,
    registerStatus: record.status,
    municipalityCode: address.municipalityCode,
    ceasedOn: record.ceasedOn,
    registerUpdatedAt: new Date(document.sidstOpdateret).toISOString(),
    registerRecord: record,
  };
}

function unitRow(document: VrproduktionsEnhed) {
  const address = unitAddressOf(document);
  return {
    pNumber: String(document.pNummer),
    cvr: String(document.produktionsEnhedMetadata.nyesteCvrNummerRelation).padStart(8, "0"),
    name: document.produktionsEnhedMetadata.nyesteNavn.navn,
    street: `${address.street} ${address.houseNumber}`,
    postalCode: address.postalCode,
    city: address.city,
    active: document.produktionsEnhedMetadata.sammensatStatus === "Aktiv",
    municipalityCode: address.municipalityCode,
    registerUpdatedAt: new Date(document.sidstOpdateret).toISOString(),
  };
}
