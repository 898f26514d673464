import type { z } from "zod";
import type { components } from "../../generated/cvr-api";
import type { companyDocumentSchema, productionUnitDocumentSchema } from "./register-contract";

/**
 * The register's OpenAPI description (mocks/cvr/openapi.yaml, typed by `npm run generate`) and
 * the zod contract the sync validates with (register-contract.ts), held together at compile
 * time: the build fails when one drifts from the other. Two checks, because the contract is
 * deliberately more lenient than the description (it takes a number where a code should be a
 * string, a date-time where a date is meant) but must never be stricter:
 * - every document the description allows is accepted by the contract's input type;
 * - every field the contract reads exists in the description, at the same place.
 */
type Schemas = components["schemas"];

/** The body of a search the CRM sends, as the description types it. */
export type CvrSearchRequest = Schemas["SearchRequest"];

type DescribedCompany = Schemas["CompanySearchResponse"]["hits"]["hits"][number]["_source"]["Vrvirksomhed"];
type DescribedProductionUnit = Schemas["ProductionUnitSearchResponse"]["hits"]["hits"][number]["_source"]["VrproduktionsEnhed"];

/** Compiles only when every value of Described is a value of Contract; the error names the field that differs. */
type AcceptedBy<Contract, Described extends Contract> = Described;

/** What a field holds, without null, undefined or the array around it. */
type Held<T> = NonNullable<T> extends readonly (infer Item)[] ? NonNullable<Item> : NonNullable<T>;

/** The dotted paths of the fields Read has and Described lacks (never when Described has them all). */
type FieldsNotDescribed<Read, Described, Path extends string = ""> =
  Held<Read> extends object
    ? {
        [Field in keyof Held<Read> & string]-?: Field extends keyof Held<Described>
          ? FieldsNotDescribed<Held<Read>[Field], Held<Described>[Field], `${Path}${Field}.`>
          : `${Path}${Field}`;
      }[keyof Held<Read> & string]
    : never;

/** Compiles only when Missing is never; the error names the first field the description lacks. */
type NoneMissing<Missing extends never> = Missing;

type _RegisterContractMatchesOpenApi = [
  AcceptedBy<z.input<typeof companyDocumentSchema>, DescribedCompany>,
  AcceptedBy<z.input<typeof productionUnitDocumentSchema>, DescribedProductionUnit>,
  NoneMissing<FieldsNotDescribed<z.input<typeof companyDocumentSchema>, DescribedCompany>>,
  NoneMissing<FieldsNotDescribed<z.input<typeof productionUnitDocumentSchema>, DescribedProductionUnit>>,
];
