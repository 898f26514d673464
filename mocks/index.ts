// Public API of @company-graph/mocks: the seeded world generator and the simulated department systems.
export { generateWorld, type World, type WorldOptions, type Case, type Permit, type CaseOf, type PermitOf } from "./generator/index";
export {
  PROFILES,
  PROFILE_NAMES,
  DEFAULT_SEED,
  DEFAULT_NOW,
  CITY_COMPANIES,
  isProfileName,
  type Profile,
  type ProfileName,
} from "./generator/profiles";
export { SHOWCASE_CVRS, type Showcase } from "./generator/showcase";
export { demoEmployee, demoUsers, EMPLOYEE_ROLE, type DemoUser, type EmployeeUserRole } from "./generator/demo-users";
export type { Company, Address, ProductionUnit, Segment } from "./generator/companies";
export type { CompanyEnd } from "./generator/fates";
export { Random } from "./generator/random";
export { FIRST_NAMES, SURNAMES } from "./generator/people";
export type { Unit, Employee, EmployeeRole, CaseworkerRef, Person } from "./generator/people";
export type { CommonCase, CommonPermit } from "./generator/cases";
export type { PermitKind } from "./generator/permits";
export {
  createDepartmentSimulator,
  createSimulators,
  allHandlers,
  defaultBaseUrl,
  MAX_BATCH,
  type DepartmentSimulator,
  type DepartmentSimulatorOptions,
  type ContractHolds,
  type Problem,
  type CaseList,
  type PermitList,
  type Health,
} from "./shared/department-api";
export { Faults, FaultSettingsError, validateFaults, type FaultSettings } from "./shared/faults";
export { RequestLog, type RequestLogEntry } from "./shared/request-log";
export { DepartmentStore } from "./shared/store";
export { ServiceLevelStatistics, type ServiceLevelQuery, type ServiceLevelReport, type ServiceStatistics } from "./shared/statistics";
export { startSimulatorServers, DEFAULT_CVR_CREDENTIALS, type SimulatorServers, type SimulatorServerOptions } from "./server";
export { readSimulatorConfig, type SimulatorConfig } from "./main";
export { CaseEventBroker, type LoggedEvent, type EventPage, type DeadLetter } from "./broker/case-events";
export { NotificationSignalLog, type LoggedSignal, type SignalPage } from "./broker/notification-signals";
export { amqpPublisher, embeddedPublisher, type CaseEventPublisher, type OutgoingEvent } from "./broker/publishers";
export { CaseEventOutbox } from "./shared/case-event-outbox";
export { CaseChanges, CaseChangeRefused } from "./shared/case-changes";
export {
  CvrRegister,
  MAX_RESULT_WINDOW,
  CVR_INDEX,
  CompanyNotFound,
  parseKeepAlive,
  type CvrRegisterOptions,
  type CvrRequest,
  type CompanyChange,
  type CompanySearchResponse,
  type ProductionUnitSearchResponse,
  type EsError,
} from "./cvr/register";
export { filterSource, sourceFilter, type SourceFilter } from "./cvr/source-filter";
export { cvrDocuments, type Vrvirksomhed, type VrproduktionsEnhed, type CvrDocuments } from "./cvr/documents";
