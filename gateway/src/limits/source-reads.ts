/**
 * Fields whose resolver needs every department's case and permit index of the company (they
 * `@requires` them in the supergraph): selecting any of them sends one entity fetch to each of
 * the four department subgraphs, each a call to its department system. A test keeps this list
 * equal to the supergraph's.
 */
export const DEPARTMENT_INDEX_FIELDS: ReadonlySet<string> = new Set([
  "Company.alerts",
  "Company.cases",
  "Company.lastContactAt",
  "Company.municipalContacts",
  "Company.packageProgress",
  "Company.permits",
  "Company.serviceScorecard",
  "Company.timeline",
]);

/** The department systems one read of the indexes calls. */
const DEPARTMENT_SYSTEMS = 4;

/**
 * The cost of one call to a department system, in the units of the field cost (one field of the
 * answer). Calibrated on measured work (docs/access-control.md, Cost): the company view makes 4
 * department calls and answers about 2,100 fields; a document of 30 aliased companies each
 * asking for municipalContacts made 120 calls and 145 subgraph fetches while its fields cost
 * only 3,090. At 500 a call the view costs 4,128 and a document within the limit (10,000) can
 * make at most about four views' worth of department calls.
 */
const SOURCE_CALL_COST = 500;

/**
 * What one selection of department-index fields costs: a read of every department system. It
 * is paid once per place in the document (each alias is a fetch of its own) and not multiplied
 * by the list around it, because the gateway fetches a list's companies from each department in
 * one batched fetch (the departments answer them with one call each).
 */
export const DEPARTMENT_READ_COST = DEPARTMENT_SYSTEMS * SOURCE_CALL_COST;
