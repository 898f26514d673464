import type { Resolvers } from "../generated/graphql";
import type { MunicipalUnit } from "../generated/prisma/client.js";

/**
 * How a person is shown where a name alone is ambiguous (two Zeynep Christiansens work in BIF and
 * TMF): "Name (DEPARTMENT, unit)", or "Name (unit)" for units outside the departments. Always
 * with the unit, so a list never mixes bare and qualified names.
 */
function displayName(name: string, unit: Pick<MunicipalUnit, "name" | "department"> | null): string {
  if (!unit?.name) return name;
  return unit.department ? `${name} (${unit.department}, ${unit.name})` : `${name} (${unit.name})`;
}

export const peopleResolvers: Resolvers = {
  MunicipalEmployee: {
    displayName: async (employee, _, context) => displayName(employee.name, await context.loaders.unit.load(employee.unitId)),
  },
  MunicipalContact: {
    displayName: async (contact, _, context) => {
      const employee = await context.loaders.employee.load(contact.employeeId);
      const unit = employee ? await context.loaders.unit.load(employee.unitId) : null;
      // A caseworker the CRM does not know: the department and unit name the case carried.
      return displayName(
        contact.name,
        unit ??
          (contact.unit ? { name: contact.unit, department: contact.departments.length === 1 ? contact.departments[0] : null } : null),
      );
    },
  },
};
