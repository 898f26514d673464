import type { TmfCaseDetails } from "../generated/graphql";

/** TMF's details types by the system's case type; the common case fields are resolved in the kit. */
export const detailsTypeByCaseType: Record<string, NonNullable<TmfCaseDetails["__typename"]>> = {
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
