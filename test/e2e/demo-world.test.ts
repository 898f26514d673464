/**
 * A newcomer's first look: the README's café query, run through the gateway on the world
 * `npm start` serves, shows the CRM's side next to the departments' — a key account manager,
 * the café's contact persons, inquiries with notes and follow-ups — and nearly every company has
 * a contact person.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startGraph, type Graph } from "../harness/graph";

let graph: Graph;
beforeAll(async () => {
  graph = await startGraph();
});
afterAll(() => graph?.stop());

/** The README's first GraphQL example, as a newcomer pastes it. */
const README_QUERY = /```graphql\n([\s\S]*?)```/.exec(readFileSync(join(__dirname, "..", "..", "README.md"), "utf8"))![1];

describe("the README's café query", () => {
  it("shows the key account manager, contact persons, inquiries, notes and follow-ups next to the cases", async () => {
    expect(README_QUERY).toContain(`company(cvr: "${graph.world.showcase.restaurant}")`);
    const response = await graph.query(README_QUERY);
    expect(response.errors).toBeUndefined();
    const company = response.data!.company;
    expect(company.keyAccountManager).toEqual({ name: expect.any(String), email: expect.any(String) });
    expect(company.contacts.length).toBeGreaterThanOrEqual(1);
    expect(company.inquiries.length).toBeGreaterThanOrEqual(1);
    expect(company.inquiries.some((inquiry: { status: string }) => inquiry.status === "OPEN")).toBe(true);
    expect(company.notes.length).toBeGreaterThanOrEqual(company.inquiries.length);
    expect(company.followUps.length).toBe(company.inquiries.length);
    expect(company.cases.totalCount).toBeGreaterThan(0);
  });
});

describe("the demo world's contact persons", () => {
  it("leave few companies without one", async () => {
    const withoutContact = await graph.crmDatabase.prisma.company.count({ where: { contacts: { none: {} } } });
    expect(withoutContact).toBeLessThan(graph.world.companies.length * 0.1);
  });
});
