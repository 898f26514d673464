import { createLogger } from "@company-graph/kit";
import type { Prisma, PrismaClient } from "../generated/prisma/client.js";
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
  companies: number;
  productionUnits: number;
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
 * in one transaction, so a crash in the middle of a scroll loses nothing, and the next run
 * re-reads from that position (gte) and applies at most one page again — the same values, so
 * nothing is duplicated. Only the register's fields are written: contacts, key account managers,
 * inquiries, notes, segment and description are the CRM's own. A ceased or moved-away company
 * stays, marked by registerStatus, ceasedOn and municipalityCode.
 */
export class CvrSync {
  private readonly now: () => Date;
  private readonly pageSize: number;
  private readonly keepAlive: string;
  private readonly logger = createLogger("CRM subgraph", { component: "cvr-sync" });
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
    const result: CvrSyncRun = { companies: 0, productionUnits: 0, skipped: 0, scrollRestarts: 0 };
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
          await this.applyPage(index, page.documents, result);
          if (!page.scrollId || page.documents.length < this.pageSize) break;
          page = await client.continueScroll(index, page.scrollId, this.keepAlive);
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
    const position = new Date(documents.reduce((latest, document) => (document.sidstOpdateret > latest ? document.sidstOpdateret : latest), documents[0].sidstOpdateret));
    let applied = 0;
    let skipped = 0;
    await this.options.db.$transaction(
      async (tx) => {
        if (index === "virksomhed") {
          await applyCompanies(tx, documents as Vrvirksomhed[]);
          applied = documents.length;
        } else {
          const units = documents as VrproduktionsEnhed[];
          const cvrs = [...new Set(units.map((unit) => String(unit.produktionsEnhedMetadata.nyesteCvrNummerRelation).padStart(8, "0")))];
          const known = new Set((await tx.company.findMany({ where: { cvr: { in: cvrs } }, select: { cvr: true } })).map((company) => company.cvr));
          const applicable = units.filter((unit) => known.has(String(unit.produktionsEnhedMetadata.nyesteCvrNummerRelation).padStart(8, "0")));
          await applyProductionUnits(tx, applicable);
          applied = applicable.length;
          skipped = units.length - applicable.length;
        }
        await tx.cvrSyncState.upsert({ where: { index }, create: { index, position, applied }, update: { position, applied: { increment: applied } } });
      },
      { timeout: 120_000 },
    );
    this.lastPositions.set(index, position);
    if (index === "virksomhed") result.companies += applied;
    else result.productionUnits += applied;
    result.skipped += skipped;
    syncMetrics.documents(index, "applied", applied);
    syncMetrics.documents(index, "skipped", skipped);
    await this.options.afterPage?.(index, applied);
  }

  private lagSeconds(index: CvrIndex): number | null {
    const position = this.lastPositions.get(index);
    return position ? Math.max(0, (this.now().getTime() - position.getTime()) / 1000) : null;
  }
}

type Tx = Prisma.TransactionClient;

/** New companies in one insert (the initial load is almost all new), known ones updated one by one. */
async function applyCompanies(tx: Tx, documents: Vrvirksomhed[]): Promise<void> {
  const rows = latestPerKey(documents.map((document) => companyRow(document)), (row) => row.cvr);
  const existing = new Set((await tx.company.findMany({ where: { cvr: { in: rows.map((row) => row.cvr) } }, select: { cvr: true } })).map((row) => row.cvr));
  await tx.company.createMany({ data: rows.filter((row) => !existing.has(row.cvr)) });
  for (const { cvr, ...data } of rows.filter((row) => existing.has(row.cvr))) await tx.company.update({ where: { cvr }, data });
}

async function applyProductionUnits(tx: Tx, documents: VrproduktionsEnhed[]): Promise<void> {
  const rows = latestPerKey(documents.map((document) => unitRow(document)), (row) => row.pNumber);
  const existing = new Set((await tx.productionUnit.findMany({ where: { pNumber: { in: rows.map((row) => row.pNumber) } }, select: { pNumber: true } })).map((row) => row.pNumber));
  await tx.productionUnit.createMany({ data: rows.filter((row) => !existing.has(row.pNumber)) });
  for (const { pNumber, ...data } of rows.filter((row) => existing.has(row.pNumber))) await tx.productionUnit.update({ where: { pNumber }, data });
}

/** A page may hold a document twice only if it changed during the scroll; the later one wins. */
function latestPerKey<T>(rows: T[], key: (row: T) => string): T[] {
  return [...new Map(rows.map((row) => [key(row), row])).values()];
}

/** The register's fields of a company; everything else on the row is the CRM's own and left alone. */
function companyRow(document: Vrvirksomhed) {
  const cvr = String(document.cvrNummer).padStart(8, "0");
  const record = registerRecordOf(document);
  const address = addressOf(document.virksomhedMetadata.nyesteBeliggenhedsadresse);
  const employment = record.employment.monthly ?? record.employment.quarterly ?? record.employment.annual;
  const data = {
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
    ceasedOn: record.ceasedOn ? new Date(`${record.ceasedOn}T00:00:00Z`) : null,
    registerUpdatedAt: new Date(document.sidstOpdateret),
    registerRecord: record as unknown as Prisma.InputJsonValue,
  };
  return { cvr, ...data };
}

function unitRow(document: VrproduktionsEnhed) {
  const pNumber = String(document.pNummer);
  const address = unitAddressOf(document);
  const data = {
    cvr: String(document.produktionsEnhedMetadata.nyesteCvrNummerRelation).padStart(8, "0"),
    name: document.produktionsEnhedMetadata.nyesteNavn.navn,
    street: `${address.street} ${address.houseNumber}`,
    postalCode: address.postalCode,
    city: address.city,
    active: document.produktionsEnhedMetadata.sammensatStatus === "Aktiv",
    municipalityCode: address.municipalityCode,
    registerUpdatedAt: new Date(document.sidstOpdateret),
  };
  return { pNumber, ...data };
}
