import type { DetailsTypeByCaseType } from "@company-graph/kit/department";
import type { TmfSourceCase } from "./source/tmf-client";

/**
 * The GraphQL type (a member of schema.graphql's TmfCaseDetails) of each case type of TMF's system;
 * the kit resolves everything else, and refuses a schema whose union has other types.
 */
export const detailsTypeByCaseType: DetailsTypeByCaseType<TmfSourceCase> = {
  building: "BuildingCase",
  "environmental-approval": "EnvironmentalApproval",
  "soil-waste-notification": "SoilWasteNotification",
  excavation: "ExcavationPermitCase",
  "scaffolding-container": "ScaffoldingContainerCase",
  "outdoor-serving": "OutdoorServingCase",
  "event-city-space": "EventCitySpaceCase",
  "parking-licence": "ParkingLicenceCase",
  "tmf-service": "TechnicalService",
};
