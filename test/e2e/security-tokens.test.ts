// The tokens between gateway and subgraphs, and user-token lifetimes.
// Each test replays what someone on the internal network could see (the gateway's own fetches,
// recorded at the subgraph) and shows it is good for nothing but the fetch it was minted for.
import { DEPARTMENT_POLICIES } from "@company-graph/kit/department";
import { documentHash, signAccessLogBatch, variablesHash } from "@company-graph/kit/auth";
import { policy as crmPolicy, SUBGRAPH_POLICIES } from "@company-graph/crm";
import { startGraph, type Graph, type ObservedFetch } from "../harness/graph";

let graph: Graph;
beforeAll(async () => {
  graph = await startGraph();
});
afterAll(() => graph?.stop());

type SubgraphName = "crm" | "bif" | "tmf" | "kff" | "okf";
const BIF_CASEWORKER = { role: "CASEWORKER", department: "BIF" } as const;
const SICK_PAY = `query CaseworkerLooksUp($cvr: ID!) { company(cvr: $cvr) { name cases(department: BIF, first: 100) { edges { node { ... on BifCase { details { ... on SickPayRefund { healthNote employee { cpr } } } } } } } } }`;

/** A company with a sick-pay refund case in BIF. */
function sickPayCompany(): string {
  const sourceCase = (graph.world.cases.BIF as { cvr: string; caseType: string }[]).find(
    (candidate) => candidate.caseType === "sick-pay-refund",
  );
  if (!sourceCase) throw new Error("the world has no sick-pay refund case");
  return sourceCase.cvr;
}

/** Runs an operation through the gateway and returns what the subgraph received from it. */
async function observedFetches(subgraph: SubgraphName, run: () => Promise<{ errors?: unknown[] }>): Promise<ObservedFetch[]> {
  const observed = graph.observeSubgraph(subgraph);
  const response = await run();
  expect(response.errors).toBeUndefined();
  expect(observed.length).toBeGreaterThan(0);
  return [...observed];
}

async function post(url: string, token: string | undefined, body: unknown) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { "x-gateway-token": token } : {}) },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

const urlOf = (subgraph: SubgraphName) => (graph.subgraphUrls as Record<SubgraphName, string>)[subgraph];
const accessLogUrl = () => urlOf("crm").replace(/\/graphql$/, "/internal/access-log");
const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString("utf8"));
const accessLogCount = () => graph.crmDatabase.prisma.accessLogEntry.count();

describe("a gateway token", () => {
  it("is bound to its subgraph, its fetch's document and variables and its operation, and lives at most 30 s", async () => {
    const [seen] = await observedFetches("bif", () => graph.queryAs(BIF_CASEWORKER, SICK_PAY, { cvr: sickPayCompany() }));
    const claims = claimsOf(seen.gatewayToken!);
    expect(claims).toMatchObject({
      iss: "company-graph-gateway",
      aud: "bif",
      doc: documentHash(seen.query!),
      vars: variablesHash(seen.variables),
      optype: "query",
      role: "CASEWORKER",
      department: "BIF",
      opname: "CaseworkerLooksUp",
    });
    expect(claims.opid).toMatch(/^[0-9a-f-]{36}$/);
    expect(claims.exp - claims.iat).toBeLessThanOrEqual(30);
  });

  it("observed for BIF cannot be used on TMF, the CRM or any other subgraph", async () => {
    const [seen] = await observedFetches("bif", () => graph.queryAs(BIF_CASEWORKER, SICK_PAY, { cvr: sickPayCompany() }));
    const body = { query: seen.query, variables: seen.variables };
    // The fetch it was minted for, replayed as it was, still answers: the token holds for it alone.
    expect((await post(urlOf("bif"), seen.gatewayToken, body)).status).toBe(200);
    for (const other of ["tmf", "crm", "kff", "okf"] as const) {
      for (const attempt of [body, { query: `{ _service { sdl } }` }]) {
        const { status, body: answer } = await post(urlOf(other), seen.gatewayToken, attempt);
        expect([other, status, answer.errors[0].extensions.code]).toEqual([other, 401, "UNAUTHENTICATED"]);
        expect(answer.errors[0].message).toMatch(/meant for "bif", not for "/);
        expect(answer.data).toBeUndefined();
      }
    }
  });

  it("for one document cannot run another on the same subgraph", async () => {
    const [seen] = await observedFetches("bif", () => graph.queryAs(BIF_CASEWORKER, SICK_PAY, { cvr: sickPayCompany() }));
    const others = [
      `{ _service { sdl } }`,
      `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Company { cvr bifCaseIndex { id caseworkerId } } } }`,
      `${seen.query} `,
    ];
    for (const query of others) {
      const { status, body } = await post(urlOf("bif"), seen.gatewayToken, { query, variables: seen.variables });
      expect([status, body.errors[0].extensions.code]).toEqual([401, "UNAUTHENTICATED"]);
      expect(body.errors[0].message).toMatch(/minted for another document/);
    }
  });

  it("minted for a query cannot run a mutation", async () => {
    const cvr = sickPayCompany();
    const [seen] = await observedFetches("crm", () => graph.query(`query CompanyName($cvr: ID!) { company(cvr: $cvr) { name } }`, { cvr }));
    expect(claimsOf(seen.gatewayToken!).optype).toBe("query");
    const MUTATION = `mutation { __typename }`;
    // The observed token: refused for any document but its own, a mutation included.
    const replayed = await post(urlOf("crm"), seen.gatewayToken, { query: MUTATION });
    expect([replayed.status, replayed.body.errors[0].extensions.code]).toEqual([401, "UNAUTHENTICATED"]);
    // Even a token minted for exactly this document runs it only if minted for a mutation: the
    // subgraph checks the parsed operation's type against the signed one.
    const asQuery = await fetch(urlOf("crm"), {
      method: "POST",
      headers: await graph.gatewayHeaders("crm", MUTATION, { operationType: "query" }),
      body: JSON.stringify({ query: MUTATION }),
    });
    const refused: any = await asQuery.json();
    expect([asQuery.status, refused.errors[0].extensions.code]).toEqual([403, "FORBIDDEN"]);
    expect(refused.errors[0].message).toMatch(/minted for a query, not for a mutation/);
    expect(refused.data ?? undefined).toBeUndefined();
    const asMutation = await fetch(urlOf("crm"), {
      method: "POST",
      headers: await graph.gatewayHeaders("crm", MUTATION, { operationType: "mutation" }),
      body: JSON.stringify({ query: MUTATION }),
    });
    expect(await asMutation.json()).toEqual({ data: { __typename: "Mutation" } });
  });

  it("for a mutation cannot be replayed with other variables, whatever their order", async () => {
    const [victimCompany, otherCompany] = graph.world.companies.map((company) => company.cvr);
    const ADD_NOTE = `mutation AddNote($input: AddNoteInput!) { addNote(input: $input) { id } }`;
    const input = { idempotencyKey: "replay-victim", cvr: victimCompany, summary: "Ringede om byggetilladelse" };
    const [seen] = await observedFetches("crm", () => graph.query(ADD_NOTE, { input }));
    expect(claimsOf(seen.gatewayToken!).vars).toEqual(expect.any(String));
    const notesBefore = await graph.crmDatabase.prisma.note.count();
    const replays = [
      { ...seen.variables, input: { ...(seen.variables!.input as object), cvr: otherCompany, idempotencyKey: "replay-attacker" } },
      { ...seen.variables, input: { ...(seen.variables!.input as object), summary: "Noget andet" } },
      { ...seen.variables, extra: true },
      {},
    ];
    for (const variables of replays) {
      const { status, body } = await post(urlOf("crm"), seen.gatewayToken, { query: seen.query, variables });
      expect([status, body.errors[0].extensions.code]).toEqual([401, "UNAUTHENTICATED"]);
      expect(body.errors[0].message).toMatch(/minted for other variables/);
    }
    expect(await graph.crmDatabase.prisma.note.count()).toBe(notesBefore);
    expect(await graph.crmDatabase.prisma.note.count({ where: { cvr: otherCompany, summary: input.summary } })).toBe(0);
    // The same values with their keys in another order are the same fetch: an idempotent replay, no second note.
    const reordered = Object.fromEntries(
      Object.entries(seen.variables!).map(([name, value]) => [name, Object.fromEntries(Object.entries(value as object).reverse())]),
    );
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(seen.variables));
    expect((await post(urlOf("crm"), seen.gatewayToken, { query: seen.query, variables: reordered })).status).toBe(200);
    expect(await graph.crmDatabase.prisma.note.count()).toBe(notesBefore);
  });

  it("of an entity fetch cannot fetch other entities", async () => {
    const [seen] = await observedFetches("bif", () => graph.queryAs(BIF_CASEWORKER, SICK_PAY, { cvr: sickPayCompany() }));
    const representations = seen.variables!.representations as Record<string, unknown>[];
    const otherCompany = graph.world.companies.map((company) => company.cvr).find((cvr) => cvr !== sickPayCompany())!;
    const forged = representations.map((representation) =>
      representation.cvr ? { ...representation, cvr: otherCompany } : { ...representation, id: `${String(representation.id)}-other` },
    );
    const { status, body } = await post(urlOf("bif"), seen.gatewayToken, {
      query: seen.query,
      variables: { ...seen.variables, representations: forged },
    });
    expect([status, body.errors[0].extensions.code]).toEqual([401, "UNAUTHENTICATED"]);
  });

  it("names the operation whose caches a fetch shares: the signed id, not the x-operation-id header", async () => {
    const cvr = sickPayCompany();
    const query = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Company { cvr bifCaseIndex { id } } } }`;
    const variables = { representations: [{ __typename: "Company", cvr }] };
    const body = JSON.stringify({ query, variables });
    const requestLog = graph.simulators.BIF.requestLog;
    const send = async (signedOperationId: string, header: string) => {
      const headers = {
        ...(await graph.gatewayHeaders("bif", query, { operationId: signedOperationId, variables })),
        "x-operation-id": header,
      };
      const response = await fetch(urlOf("bif"), { method: "POST", headers, body });
      expect(response.status).toBe(200);
    };
    requestLog.reset();
    await send("operation-a", "victim");
    expect(requestLog.count()).toBe(1);
    // Another operation naming the first one's id in the header reads nothing from its cache…
    await send("operation-b", "operation-a");
    expect(requestLog.count()).toBe(2);
    // …while the signed id shares the cache whatever the header says.
    await send("operation-a", "anything");
    expect(requestLog.count()).toBe(2);
  });
});

describe("the CRM's access log", () => {
  /** A BIF token of a real fetch, as a department forwards it with its batch. */
  async function observedBifToken(actor: Parameters<Graph["queryAs"]>[0]): Promise<string> {
    const [seen] = await observedFetches("bif", () =>
      graph.queryAs(actor, `query($cvr: ID!) { company(cvr: $cvr) { cases(department: BIF, first: 1) { totalCount } } }`, {
        cvr: sickPayCompany(),
      }),
    );
    return seen.gatewayToken!;
  }

  /** Posts a batch as the department the token was minted for would: signed with its access-log key. */
  async function postSigned(token: string, batch: Record<string, unknown>, signAs = claimsOf(token).aud as string) {
    const body = JSON.stringify(batch);
    const response = await fetch(accessLogUrl(), {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-gateway-token": token,
        ...signAccessLogBatch(graph.accessLogSecret, signAs, token, body),
      },
      body,
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  it("refuses a captured token's entry with an invented data subject: only the department that served the read signs its entries", async () => {
    const token = await observedBifToken(BIF_CASEWORKER);
    const invented = {
      subgraph: "bif",
      reads: [{ subjectCvr: "36509120", subjectCpr: "010190-1234", fields: ["SickPayRefund.healthNote"] }],
    };
    const before = await accessLogCount();
    // The token alone, as seen on the network.
    const unsigned = await post(accessLogUrl(), token, invented);
    expect([unsigned.status, unsigned.body.errors[0].extensions.code]).toEqual([401, "UNAUTHENTICATED"]);
    expect(unsigned.body.errors[0].message).toMatch(/no signature of the calling subgraph/);
    // A genuine signature of another batch, or for another operation's token, or by another subgraph's key, does not carry over.
    const genuine = signAccessLogBatch(
      graph.accessLogSecret,
      "bif",
      token,
      JSON.stringify({ ...invented, reads: [{ ...invented.reads[0], subjectCpr: "020202-2222" }] }),
    );
    const otherToken = await observedBifToken(BIF_CASEWORKER);
    const forgeries = [
      genuine,
      signAccessLogBatch(graph.accessLogSecret, "bif", otherToken, JSON.stringify(invented)),
      signAccessLogBatch(graph.accessLogSecret, "kff", token, JSON.stringify(invented)),
      signAccessLogBatch("another secret of at least thirty-two characters", "bif", token, JSON.stringify(invented)),
    ];
    for (const signature of forgeries) {
      const response = await fetch(accessLogUrl(), {
        method: "POST",
        headers: { "content-type": "application/json", "x-gateway-token": token, ...signature },
        body: JSON.stringify(invented),
      });
      expect(response.status).toBe(401);
    }
    expect(await accessLogCount()).toBe(before);
    expect(await graph.crmDatabase.prisma.accessLogEntry.count({ where: { subjectCpr: { in: ["010190-1234", "020202-2222"] } } })).toBe(0);
  });

  it("refuses a signed entry for a field outside the caller's policy table", async () => {
    const token = await observedBifToken(BIF_CASEWORKER);
    const before = await accessLogCount();
    for (const fields of [
      ["Company.name"],
      ["AlcoholLicenceCase.vetting"],
      ["SickPayRefund.refundAmountDkk"],
      ["SickPayRefund.healthNote", "AlcoholLicenceCase.manager"],
    ]) {
      const { status, body } = await postSigned(token, { subgraph: "bif", reads: [{ subjectCvr: "36509120", fields }] });
      expect([fields, status, body.errors[0].extensions.code]).toEqual([fields, 403, "FORBIDDEN"]);
    }
    // Naming another subgraph in the body does not make the caller that subgraph.
    const posing = await postSigned(token, {
      subgraph: "kff",
      reads: [{ subjectCvr: "36509120", fields: ["AlcoholLicenceCase.vetting"] }],
    });
    expect(posing.status).toBe(403);
    expect(await accessLogCount()).toBe(before);
  });

  it("refuses reads the token's user could not have made, and callers that guard no personal data", async () => {
    const keyAccountManager = await observedBifToken("KEY_ACCOUNT_MANAGER");
    const [tmfFetch] = await observedFetches("tmf", () =>
      graph.query(`query($cvr: ID!) { company(cvr: $cvr) { cases(department: TMF, first: 1) { totalCount } } }`, { cvr: sickPayCompany() }),
    );
    const before = await accessLogCount();
    const batch = { reads: [{ subjectCvr: "36509120", subjectCpr: "010190-1234", fields: ["SickPayRefund.healthNote"] }] };
    expect((await postSigned(keyAccountManager, batch)).status).toBe(403);
    expect((await postSigned(tmfFetch.gatewayToken!, batch)).status).toBe(403);
    expect((await post(accessLogUrl(), undefined, batch)).status).toBe(401);
    expect(await accessLogCount()).toBe(before);
  });

  it("takes the caller and the actor from the verified token, the subject and fields from the department's signed batch", async () => {
    const token = await observedBifToken(BIF_CASEWORKER);
    const claims = claimsOf(token);
    const { status } = await postSigned(token, {
      subgraph: "bif",
      reads: [{ subjectCvr: "36509120", subjectCpr: "030303-3333", fields: ["SickPayRefund.healthNote"] }],
    });
    expect(status).toBe(204);
    const [row] = await graph.crmDatabase.prisma.accessLogEntry.findMany({
      where: { subjectCpr: "030303-3333" },
      orderBy: { at: "desc" },
      take: 1,
    });
    expect(row).toMatchObject({
      subgraph: "bif",
      userId: claims.sub,
      role: "CASEWORKER",
      department: "BIF",
      operationId: claims.opid,
      fields: ["SickPayRefund.healthNote"],
    });
  });

  it("records a signed batch once: the same batch posted again, or with its timestamp or signature respelled, writes nothing more", async () => {
    const token = await observedBifToken(BIF_CASEWORKER);
    const body = JSON.stringify({
      subgraph: "bif",
      reads: [{ subjectCvr: "36509120", subjectCpr: "040404-4444", fields: ["SickPayRefund.healthNote"] }],
    });
    const signature = signAccessLogBatch(graph.accessLogSecret, "bif", token, body);
    const replays = [
      signature,
      signature,
      // The same moment and signature written otherwise: they verify as the original does.
      { ...signature, "webhook-timestamp": `00${signature["webhook-timestamp"]}` },
      { ...signature, "webhook-signature": `${signature["webhook-signature"]} ${signature["webhook-signature"]}` },
    ];
    for (const headers of replays) {
      const response = await fetch(accessLogUrl(), {
        method: "POST",
        headers: { "content-type": "application/json", "x-gateway-token": token, ...headers },
        body,
      });
      expect(response.status).toBe(204);
    }
    expect(await graph.crmDatabase.prisma.accessLogEntry.count({ where: { subjectCpr: "040404-4444" } })).toBe(1);
    // Another batch of the same operation is its own entry.
    expect(
      (
        await postSigned(token, {
          subgraph: "bif",
          reads: [{ subjectCvr: "36509120", subjectCpr: "050505-5555", fields: ["SickPayRefund.healthNote"] }],
        })
      ).status,
    ).toBe(204);
    expect(await graph.crmDatabase.prisma.accessLogEntry.count({ where: { subjectCpr: { in: ["040404-4444", "050505-5555"] } } })).toBe(2);
  });

  it("knows every subgraph's own policy table", () => {
    expect(SUBGRAPH_POLICIES).toEqual({ crm: crmPolicy, bif: DEPARTMENT_POLICIES.BIF, tmf: {}, kff: DEPARTMENT_POLICIES.KFF, okf: {} });
  });
});

describe("user tokens", () => {
  it.each([
    ["exp = 1e300", () => graph.tokenFor("KEY_ACCOUNT_MANAGER", { ttlSeconds: 1e300 }), /longer than the 43200 s/],
    ["a lifetime of 13 hours", () => graph.tokenFor("KEY_ACCOUNT_MANAGER", { ttlSeconds: 13 * 3600 }), /longer than the 43200 s/],
  ])("with %s are UNAUTHENTICATED", async (_name, token, message) => {
    const response = await graph.query(`{ companies(first: 1) { totalCount } }`, {}, { authorization: `Bearer ${token()}` });
    expect(response.errors?.map((error) => error.extensions?.code)).toEqual(["UNAUTHENTICATED"]);
    expect(response.errors?.[0].message).toMatch(message);
    expect(response.data ?? null).toBeNull();
  });

  it("of twelve hours are accepted", async () => {
    const response = await graph.query(
      `{ companies(first: 1) { totalCount } }`,
      {},
      { authorization: `Bearer ${graph.tokenFor("KEY_ACCOUNT_MANAGER", { ttlSeconds: 12 * 3600 })}` },
    );
    expect(response.errors).toBeUndefined();
  });
});

describe("failed logins", () => {
  it("are counted in /metrics by reason", async () => {
    await graph.query(
      `{ companies(first: 1) { totalCount } }`,
      {},
      { authorization: `Bearer ${graph.tokenFor("KEY_ACCOUNT_MANAGER", { ttlSeconds: 1e300 })}` },
    );
    const metrics = await (await fetch(`${graph.gatewayBase}/metrics`)).text();
    expect(metrics).toMatch(/^gateway_authentication_failures_total\{reason="lifetime-exceeded"\} [1-9]\d*$/m);
  });
});
