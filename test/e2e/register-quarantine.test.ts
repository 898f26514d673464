import { startGraph, type Graph } from "../harness/graph";

// A register document the CRM's sync sets aside is listed for the development unit and the
// auditor in the graph — which document, why (a code and a Danish text) and when — never its
// content, and for nobody else.
let graph: Graph;

beforeAll(async () => {
  graph = await startGraph();
});
afterAll(() => graph.stop());

const QUARANTINE = `{ registerQuarantine { total documents { registerId index reason reasonText at } } }`;
const CAFE = "36509120";
const POISONED_NAME = "Kanalkanten\u0000Hemmelig ApS";

describe("Query.registerQuarantine", () => {
  it("is empty while the register behaves", async () => {
    const response: any = await graph.queryAs("AUDITOR", QUARANTINE);
    expect(response.errors).toBeUndefined();
    expect(response.data.registerQuarantine).toEqual({ total: 0, documents: [] });
  });

  it("lists a document the sync set aside with its register id, index, reason code and Danish reason, and no content", async () => {
    // Changed in place on the graph's clock: the simulator's change() stamps the wall clock, which runs ahead of the world's.
    const document = graph.cvr.register.company(CAFE)!;
    document.navne.at(-1)!.navn = POISONED_NAME;
    document.sidstIndlaest = new Date(graph.world.now).toISOString();
    const run = await graph.cvr.sync.run();
    expect(run.quarantined).toBe(1);
    for (const role of ["AUDITOR", "ANALYST"] as const) {
      const response: any = await graph.queryAs(role, QUARANTINE);
      expect(response.errors).toBeUndefined();
      expect(response.data.registerQuarantine).toEqual({
        total: 1,
        documents: [
          {
            registerId: String(document.enhedsNummer),
            index: "VIRKSOMHED",
            reason: "CONTROL_CHARACTERS",
            reasonText: expect.stringContaining("styretegn"),
            at: expect.any(String),
          },
        ],
      });
      expect(JSON.stringify(response)).not.toContain("Hemmelig");
    }
    const english: any = await graph.queryAs("AUDITOR", QUARANTINE, {}, { "accept-language": "en" });
    expect(english.data.registerQuarantine.documents[0].reasonText).toContain("control character");
    // The company keeps what the register said before.
    const company: any = await graph.query(`query($cvr: ID!) { company(cvr: $cvr) { name } }`, { cvr: CAFE });
    expect(company.data.company.name).not.toContain("Hemmelig");
  });

  it("is refused with FORBIDDEN to the roles that serve companies and to partners", async () => {
    for (const role of ["FRONT_OFFICE", "KEY_ACCOUNT_MANAGER", "CASEWORKER", "PARTNER"] as const) {
      const response: any = await graph.queryAs(role, QUARANTINE);
      expect([role, response.data?.registerQuarantine ?? null, response.errors?.[0]?.extensions?.code]).toEqual([role, null, "FORBIDDEN"]);
    }
  });
});
