import { CVR, UNKNOWN_VALID_CVR } from "./fixtures";
import { ADD_CONTACT, ADD_NOTE, ENROL, REGISTER_INQUIRY } from "./operations";
import { DATABASES, onlyError, startTestCrm, type TestCrm } from "./support";

const registerInput = (idempotencyKey: string, cvr = CVR.bikes) => ({
  idempotencyKey,
  cvr,
  channel: "PHONE",
  topic: "Question about a permit",
});

describe.each(DATABASES)("idempotent create mutations on %s", (kind) => {
  let crm: TestCrm;
  beforeAll(async () => {
    crm = await startTestCrm(kind);
  });
  afterAll(() => crm?.close());

  it("a retry with the same key returns the first result and creates nothing", async () => {
    const first = await crm.ok(REGISTER_INQUIRY, { input: registerInput("retry-1") });
    const second = await crm.ok(REGISTER_INQUIRY, { input: registerInput("retry-1") });
    expect(second.registerInquiry.id).toBe(first.registerInquiry.id);
    expect(await crm.db.prisma.inquiry.count({ where: { id: first.registerInquiry.id } })).toBe(1);

    const note = { idempotencyKey: "note-retry", cvr: CVR.bikes, summary: "Called back" };
    const a = await crm.ok(ADD_NOTE, { input: note });
    const b = await crm.ok(ADD_NOTE, { input: note });
    expect(b.addNote.id).toBe(a.addNote.id);
    expect(await crm.db.prisma.note.count({ where: { summary: "Called back" } })).toBe(1);

    const contact = { idempotencyKey: "contact-retry", cvr: CVR.bikes, name: "Bo Cykel", email: "bo@cykel.example", consent: true };
    const c1 = await crm.ok(ADD_CONTACT, { input: contact });
    const c2 = await crm.ok(ADD_CONTACT, { input: contact });
    expect(c2.addContact).toEqual(c1.addContact);
  });

  it("a retry is answered even when the request would no longer validate (enrolment exists now)", async () => {
    const input = { idempotencyKey: "enrol-retry", cvr: CVR.bikes, packageId: "growth" };
    const first = await crm.ok(ENROL, { input });
    const retry = await crm.ok(ENROL, { input });
    expect(retry.enrolInPackage.id).toBe(first.enrolInPackage.id);
    // A different key for the same enrolment is a user error, not a duplicate.
    const other = await crm.execute(ENROL, { input: { ...input, idempotencyKey: "enrol-other" } });
    expect(onlyError(other).extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "packageId" });
  });

  it("a key reused for a different request is rejected", async () => {
    await crm.ok(REGISTER_INQUIRY, { input: registerInput("reuse-1") });
    const changed = await crm.execute(REGISTER_INQUIRY, { input: { ...registerInput("reuse-1"), topic: "Something else" } });
    expect(onlyError(changed).extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "idempotencyKey" });
    const otherMutation = await crm.execute(ADD_NOTE, { input: { idempotencyKey: "reuse-1", cvr: CVR.bikes, summary: "x" } });
    expect(onlyError(otherMutation).extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "idempotencyKey" });
  });

  it("200 concurrent registerInquiry with distinct keys create exactly 200 inquiries", async () => {
    const before = await crm.db.prisma.inquiry.count({ where: { cvr: CVR.factory } });
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => crm.execute(REGISTER_INQUIRY, { input: registerInput(`distinct-${i}`, CVR.factory) })),
    );
    expect(results.filter((result) => result.errors)).toEqual([]);
    expect(new Set(results.map((result) => result.data!.registerInquiry.id)).size).toBe(200);
    expect((await crm.db.prisma.inquiry.count({ where: { cvr: CVR.factory } })) - before).toBe(200);
  });

  it("the same key sent 20 times concurrently creates one inquiry and answers all 20 with it", async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, () => crm.execute(REGISTER_INQUIRY, { input: registerInput("same-key", CVR.architect) })),
    );
    expect(results.filter((result) => result.errors)).toEqual([]);
    const ids = new Set(results.map((result) => result.data!.registerInquiry.id));
    expect(ids.size).toBe(1);
    expect(await crm.db.prisma.inquiry.count({ where: { cvr: CVR.architect } })).toBe(1);
    expect(await crm.db.prisma.idempotencyRecord.count({ where: { key: "same-key" } })).toBe(1);
  });

  it("concurrent first inquiries of a company the CRM does not know register it once", async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        crm.execute(REGISTER_INQUIRY, {
          input: { ...registerInput(`new-company-${i}`, UNKNOWN_VALID_CVR), companyName: "Ny Virksomhed ApS" },
        }),
      ),
    );
    expect(results.filter((result) => result.errors)).toEqual([]);
    expect(await crm.db.prisma.company.count({ where: { cvr: UNKNOWN_VALID_CVR } })).toBe(1);
    expect(await crm.db.prisma.inquiry.count({ where: { cvr: UNKNOWN_VALID_CVR } })).toBe(10);
  });
});
