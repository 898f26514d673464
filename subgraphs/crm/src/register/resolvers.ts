import type { Resolvers } from "../generated/graphql";
import { type RegisterAddress, type RegisterEmployment, type RegisterRecord, streetLine } from "../services/cvr/register-record";
import { employeeBandText } from "../i18n/messages";
import { languageOfContext } from "../i18n/context";

/** The register record (src/services/cvr/register-record.ts) kept on the company row; the resolvers below read it. */
type CvrCompanyData = RegisterRecord & { cvr: string };

const addressOf = (address: RegisterAddress) => ({
  street: streetLine(address),
  floor: address.floor,
  door: address.door,
  careOf: address.careOf,
  postalCode: address.postalCode,
  city: address.city,
  // A foreign address lies in no Danish municipality.
  municipality: address.municipalityCode ? { code: address.municipalityCode, name: address.municipalityName } : null,
  period: address.period,
});

const BASES = [
  ["monthly", "MONTHLY"],
  ["quarterly", "QUARTERLY"],
  ["annual", "ANNUAL"],
] as const;

function latestEmployment(record: RegisterRecord) {
  for (const [series, basis] of BASES) {
    const figures: RegisterEmployment | null = record.employment[series];
    if (figures) return { ...figures, basis };
  }
  return null;
}

export const registerResolvers: Resolvers = {
  Company: {
    register: (company): CvrCompanyData | null =>
      company.registerRecord ? { ...(company.registerRecord as unknown as RegisterRecord), cvr: company.cvr } : null,
  },
  CvrEmployment: {
    bandText: (figures, _, context) => employeeBandText(figures.band ?? null, languageOfContext(context)),
  },
  CvrCompanyData: {
    name: (record) => record.names.find((name) => name.period.to === null)?.name ?? record.names.at(-1)?.name ?? "",
    address: (record) => {
      const current = record.addresses.find((address) => address.period?.to === null) ?? record.addresses.at(-1);
      return current ? addressOf(current) : null;
    },
    employment: (record) => latestEmployment(record),
    nameHistory: (record) => record.names,
    addressHistory: (record) => record.addresses.map(addressOf),
    productionUnits: (record, _, context) => context.loaders.productionUnitsByCvr.load(record.cvr),
  },
  CvrProductionUnit: {
    address: (unit) =>
      unit.street === null && unit.postalCode === null && unit.city === null
        ? null
        : {
            street: unit.street,
            postalCode: unit.postalCode,
            city: unit.city,
            municipality: unit.municipalityCode ? { code: unit.municipalityCode, name: unit.municipalityName } : null,
            period: null,
          },
  },
};
