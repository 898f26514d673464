import { startGraph, type Graph } from "../harness/graph";

// Through the gateway, a company is found by the street of any of its active shops (production
// units), as the CRM syncs them from the register: Cykelhjørnet's head office is on Nørrebrogade,
// one of its shops on Østerbrogade.
let graph: Graph;

beforeAll(async () => {
  graph = await startGraph();
});
afterAll(() => graph.stop());

const SEARCH = `query($search: String) { companies(search: $search, first: 100) { edges { node { cvr name register { address { street } } } } } }`;

it("finds Cykelhjørnet by its Østerbro shop's street, typed with or without ø", async () => {
  const bikes = graph.world.showcase.bicycleRetailer;
  for (const search of ["Østerbrogade 92", "Osterbrogade 92", "oesterbrogade 92"]) {
    const response: any = await graph.query(SEARCH, { search });
    expect(response.errors).toBeUndefined();
    const found = response.data.companies.edges.find((edge: any) => edge.node.cvr === bikes);
    expect([search, found?.node.name]).toEqual([search, "Cykelhjørnet ApS"]);
    expect(found.node.register.address.street).not.toMatch(/Østerbrogade/);
  }
});
