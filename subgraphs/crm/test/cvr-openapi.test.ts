/**
 * mocks/cvr/openapi.yaml describes the CVR register as it really answers: every real-shaped answer
 * of the corpus (test/fixtures/cvr-corpus, shapes cited in its README) and every document the
 * simulator serves is valid against it. With the compile-time check of
 * src/services/cvr/register-openapi.ts (every document the description allows is accepted by the
 * sync's contract), a real document the contract would refuse cannot hide behind the description.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CvrRegister, generateWorld } from "@company-graph/mocks";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { parse } from "yaml";

const description = parse(readFileSync(join(__dirname, "..", "..", "..", "mocks", "cvr", "openapi.yaml"), "utf8")) as {
  components: unknown;
};
// OpenAPI 3.1's schemas are JSON Schema 2020-12; strict off for the OpenAPI-only words (e.g. a schema's example).
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ $id: "cvr", components: description.components });
const schema = (name: string) => ajv.getSchema(`cvr#/components/schemas/${name}`)!;
const problems = (name: string, value: unknown) => {
  const validate = schema(name);
  return validate(value) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
};

const CORPUS = join(__dirname, "fixtures", "cvr-corpus");

describe("the CVR register's OpenAPI description", () => {
  it.each(readdirSync(CORPUS).filter((file) => file.endsWith(".json")))("accepts the real-shaped answer %s", (file) => {
    const answer = JSON.parse(readFileSync(join(CORPUS, file), "utf8"));
    expect(problems(file.startsWith("produktionsenhed") ? "ProductionUnitSearchResponse" : "CompanySearchResponse", answer)).toEqual([]);
  });

  it("accepts every document the simulator serves", () => {
    const world = generateWorld({ profile: "small" });
    const register = new CvrRegister(world, {
      baseUrl: "http://cvr.simulator.test",
      username: "kommune",
      password: "s3cret",
      clock: () => Date.parse(world.now),
    });
    const companies = world.companies.flatMap((company) =>
      problems("Vrvirksomhed", register.company(company.cvr)).map((problem) => `${company.cvr}${problem}`),
    );
    const units = world.companies
      .flatMap((company) => company.productionUnits)
      .flatMap((unit) =>
        problems("VrproduktionsEnhed", register.productionUnit(unit.pNumber)).map((problem) => `${unit.pNumber}${problem}`),
      );
    expect([...new Set(companies)].slice(0, 10)).toEqual([]);
    expect([...new Set(units)].slice(0, 10)).toEqual([]);
  });

  it("refuses what the real register never sends: a company without its CVR number, a status that is not text", () => {
    const answer = JSON.parse(readFileSync(join(CORPUS, "virksomhed-foreign-address.json"), "utf8"));
    const document = answer.hits.hits[0]._source.Vrvirksomhed;
    expect(problems("Vrvirksomhed", { ...document, cvrNummer: undefined })).toContain(" must have required property 'cvrNummer'");
    expect(problems("Vrvirksomhed", { ...document, virksomhedMetadata: { ...document.virksomhedMetadata, sammensatStatus: 7 } })).toContain(
      "/virksomhedMetadata/sammensatStatus must be string",
    );
  });
});
