import { completeCvr } from "@company-graph/domain";
import type { SeedWorld } from "./fixture-seed";

/** Valid CVR numbers from consecutive serials (skipping serials with no check digit). */
function cvrs(count: number, firstSerial = 3_000_000): string[] {
  const result: string[] = [];
  for (let serial = firstSerial; result.length < count; serial++) {
    const cvr = completeCvr(String(serial));
    if (cvr) result.push(cvr);
  }
  return result;
}

const [ARCHITECT, BIKES, FACTORY, ...FILLERS] = cvrs(63);
export const CVR = { architect: ARCHITECT, bikes: BIKES, factory: FACTORY };
export const FILLER_CVRS = FILLERS;
export const UNKNOWN_VALID_CVR = cvrs(1, 9_000_000)[0];

export const EMPLOYEE = {
  front: "e-front-freja",
  startup: "e-startup-soren",
  growth: "e-growth-gitte",
  kam: "e-kam-karen",
  jobConsultant: "e-job-jonas",
  tmfCaseworker: "e-tmf-tove",
};

const address = (street: string, postalCode = "1620", city = "København V") => ({ street, postalCode, city });

/** A small hand-made world: the three companies of the report's worked examples and 60 fillers. */
export const FIXTURE_WORLD: SeedWorld = {
  units: [
    { id: "kes-front", name: "Erhvervsservice, front", kind: "FRONT_OFFICE", department: "BIF", packageId: null },
    {
      id: "kes-startup-growth",
      name: "Virksomhedsteam opstart og vækst",
      kind: "CONSULTANT_TEAM",
      department: "BIF",
      packageId: "startup",
    },
    { id: "bif-hr-team", name: "Virksomhedsteam HR", kind: "CONSULTANT_TEAM", department: "BIF", packageId: "hr" },
    { id: "bif-jobcentre", name: "Jobcenter København", kind: "DEPARTMENT", department: "BIF", packageId: null },
    { id: "tmf-roads", name: "Center for Trafik og Byliv", kind: "DEPARTMENT", department: "TMF", packageId: null },
  ],
  employees: [
    {
      id: EMPLOYEE.front,
      name: "Freja Frontmann",
      unitId: "kes-front",
      email: "freja@kk.example",
      phone: "+45 33 66 00 01",
      role: "FRONT_OFFICE_AGENT",
    },
    {
      id: EMPLOYEE.startup,
      name: "Søren Starter",
      unitId: "kes-startup-growth",
      email: "soren@kk.example",
      phone: "+45 33 66 00 02",
      role: "CONSULTANT",
    },
    { id: EMPLOYEE.growth, name: "Gitte Grow", unitId: "kes-startup-growth", email: "gitte@kk.example", phone: null, role: "CONSULTANT" },
    {
      id: EMPLOYEE.kam,
      name: "Karen Kontoansvarlig",
      unitId: "bif-hr-team",
      email: "karen@kk.example",
      phone: "+45 33 66 00 04",
      role: "KEY_ACCOUNT_MANAGER",
    },
    {
      id: EMPLOYEE.jobConsultant,
      name: "Jonas Jobkonsulent",
      unitId: "bif-jobcentre",
      email: "jonas@kk.example",
      phone: null,
      role: "JOB_CONSULTANT",
    },
    { id: EMPLOYEE.tmfCaseworker, name: "Tove Trafik", unitId: "tmf-roads", email: "tove@kk.example", phone: null, role: "CASEWORKER" },
  ],
  companies: [
    {
      cvr: ARCHITECT,
      name: "Arkitekt Anna Holm",
      companyForm: "Enkeltmandsvirksomhed",
      industry: { code: "711100", text: "Arkitektvirksomhed" },
      sizeBand: "ANTAL_1_1",
      employees: 1,
      address: address("Vesterbrogade 10"),
      productionUnits: [{ pNumber: "1017000001", name: "Arkitekt Anna Holm", address: address("Vesterbrogade 10") }],
      advertisingProtected: true,
      segment: "entrepreneur",
    },
    {
      cvr: BIKES,
      name: "Cykelsmeden ApS",
      companyForm: "Anpartsselskab",
      industry: { code: "476410", text: "Detailhandel med cykler" },
      sizeBand: "ANTAL_10_19",
      employees: 14,
      address: address("Nørrebrogade 55", "2200", "København N"),
      productionUnits: [
        { pNumber: "1017000002", name: "Cykelsmeden Nørrebro", address: address("Nørrebrogade 55", "2200", "København N") },
        { pNumber: "1017000003", name: "Cykelsmeden Amager", address: address("Amagerbrogade 120", "2300", "København S") },
      ],
      advertisingProtected: false,
      segment: "SME",
    },
    {
      cvr: FACTORY,
      name: "Nordhavn Produktion A/S",
      companyForm: "Aktieselskab",
      industry: { code: "108900", text: "Fremstilling af andre fødevarer" },
      sizeBand: "ANTAL_200_499",
      employees: 340,
      address: address("Sundkrogsgade 5", "2150", "Nordhavn"),
      productionUnits: [{ pNumber: "1017000004", name: "Nordhavn Produktion", address: address("Sundkrogsgade 5", "2150", "Nordhavn") }],
      advertisingProtected: false,
      segment: "large",
    },
    ...FILLERS.map((cvr, i) => ({
      cvr,
      name: `Filler ${String(i + 1).padStart(3, "0")} ${i % 2 ? "Café" : "Tømrer"} ApS`,
      companyForm: "Anpartsselskab",
      industry:
        i % 2 ? { code: "563010", text: "Restauranter og caféer" } : { code: "433200", text: "Tømrer- og bygningssnedkervirksomhed" },
      sizeBand: "ANTAL_2_4",
      employees: 3,
      address: address(`Testvej ${i + 1}`),
      productionUnits: [{ pNumber: String(2_000_000_000 + i), name: `Filler ${i + 1}`, address: null }],
      advertisingProtected: false,
      segment: "SME",
    })),
  ],
};
