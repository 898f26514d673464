/**
 * The one catalogue of what a person reads when the graph refuses or cannot answer: the kit,
 * the departments, the CRM and the gateway take their error messages from here, grouped by the
 * `extensions.code` each goes out with. Every text is Danish first with the English after it, so
 * a caseworker reads Danish and a developer or log search still finds the English.
 *
 * Hand-written rather than an i18n library: the texts are joined into one message (both
 * languages at once, whatever the client's Accept-Language), and typed functions catch a missing
 * placeholder at compile time.
 */

/** Danish, then English: the form of every refusal. */
const danishFirst = (danish: string, english: string, separator = " / "): string => `${danish}${separator}${english}`;

/** The refused value in a message, cut short: a client's megabyte of garbage is not echoed back. */
const shown = (value: string, max = 100): string => JSON.stringify(value.length > max ? `${value.slice(0, max)}…` : value);

/** Why a webhook endpoint is refused (the CRM's src/webhook/endpoint.ts names the problem). */
const webhookEndpointText = {
  "not-a-url": danishFirst("ikke en gyldig URL", "not a valid URL"),
  "too-long": danishFirst("længere end 2000 tegn", "longer than 2000 characters"),
  scheme: danishFirst("skal begynde med https://", "must begin with https://"),
  credentials: danishFirst("må ikke indeholde brugernavn eller adgangskode", "must not contain a user name or password"),
  "not-loopback": danishFirst("i udvikling og test kun http://127.0.0.1", "in development and tests only http://127.0.0.1"),
  "private-address": danishFirst(
    "navnet peger på en intern adresse (privat, loopback, link-local eller lignende); en webhook må kun nå offentlige adresser",
    "the name resolves to an internal address (private, loopback, link-local or similar); a webhook may reach public addresses only",
  ),
  unresolvable: danishFirst("navnet kan ikke slås op i DNS", "the name does not resolve in DNS"),
};

const badUserInput = {
  notEmpty: (field: string) => danishFirst(`${field} må ikke være tom`, `${field} must not be empty`),
  tooLong: (field: string, maxLength: number) =>
    danishFirst(`${field} er længere end ${maxLength} tegn`, `${field} is longer than ${maxLength} characters`),
  notAnEmail: (value: string) =>
    danishFirst(`${shown(value)} er ikke en gyldig e-mailadresse`, `${shown(value)} is not a valid e-mail address`),
  notAPhoneNumber: (value: string) =>
    danishFirst(`${shown(value)} er ikke et gyldigt telefonnummer`, `${shown(value)} is not a valid phone number`),
  idempotencyKeyLength: danishFirst("idempotencyKey skal være 1 til 200 tegn", "idempotencyKey must be 1 to 200 characters"),
  idempotencyKeyReused: (key: string, operation: string) =>
    danishFirst(
      `idempotencyKey ${shown(key)} er allerede brugt til en anden forespørgsel (${operation})`,
      `idempotencyKey ${shown(key)} was already used for a different request (${operation})`,
    ),
  score: (field: string) => danishFirst(`${field} skal være et helt tal fra 1 til 5`, `${field} must be a whole number from 1 to 5`),
  notAPointInTime: (field: string) => danishFirst(`${field} er ikke et gyldigt tidspunkt`, `${field} is not a valid point in time`),
  notInTheFuture: (field: string) => danishFirst(`${field} må ikke ligge i fremtiden`, `${field} must not be in the future`),
  notInThePast: (field: string) => danishFirst(`${field} må ikke ligge i fortiden`, `${field} must not be in the past`),
  beforeReceipt: (field: string, receivedAt: string, inquiryId: string) =>
    danishFirst(
      `${field} må ikke ligge før henvendelsen blev modtaget (${receivedAt})`,
      `${field} must not be earlier than inquiry "${inquiryId}" was received`,
    ),
  zeroOrMore: (field: string, value: number) =>
    danishFirst(`${field} skal være 0 eller mere, men er ${value}`, `${field} must be 0 or more, got ${value}`),
  pageSize: (field: string, max: number, value: number) =>
    danishFirst(`${field} skal være mellem 0 og ${max}, men er ${value}`, `${field} must be between 0 and ${max}, got ${value}`),
  notACursor: (cursor: string) =>
    danishFirst(`${shown(cursor)} er ikke en markør, denne liste har givet`, `${shown(cursor)} is not a cursor this list gave out`),
  cursorOfAnotherList: (list: string, argumentName: string) =>
    danishFirst(
      `Markøren hører til en anden liste eller et andet filter end ${list}; start forfra uden ${argumentName}`,
      `the cursor belongs to another list or filter than this ${list}`,
    ),
  periodReversed: (from: string, to: string) =>
    danishFirst(`from (${from}) må ikke ligge efter to (${to})`, `from (${from}) must not be after to (${to})`),
  periodTooLong: (maxDays: number) =>
    danishFirst(`perioden må højst spænde over ${maxDays} dage`, `the period may span at most ${maxDays} days`),
  dateTimeFormat: (scalar: string, example: string, got: string) =>
    danishFirst(`${scalar} skal være en ISO 8601-værdi som ${example} (fik ${got})`, `${scalar} must be ISO 8601 such as ${example}`),
  yearOutOfRange: (scalar: string, firstYear: number, lastYear: number, got: string) =>
    danishFirst(
      `${scalar} skal ligge i årene ${firstYear}–${lastYear} (fik ${got})`,
      `${scalar} must lie in the years ${firstYear} to ${lastYear}`,
    ),
  notALegalReference: (field: string, minLettersAndDigits: number, value: string) =>
    danishFirst(
      `${field} skal være en egentlig henvisning, fx "Erhvervsfremmeloven § 10" eller et sagsnummer: mindst ${minLettersAndDigits} bogstaver eller cifre, heraf mindst ét ciffer (fik ${JSON.stringify(value.slice(0, 40))})`,
      `${field} must be a real reference such as a statute's section or a case number`,
    ),
  unsafeText: (field: string) =>
    danishFirst(
      `Argumentet ${field} indeholder et NUL-tegn eller et ufuldstændigt surrogattegn og kan ikke modtages`,
      `The argument ${field} contains a NUL character or a lone surrogate`,
    ),
  noSuchOperation: (name: string) =>
    danishFirst(`Dokumentet har ingen operation ved navn "${name}"`, `The document has no operation named "${name}"`),
  operationNameNeeded: danishFirst(
    "Dokumentet har flere operationer: angiv operationName",
    "The document has several operations: give operationName",
  ),
  cprFormat: danishFirst("subjectCpr skal have formen DDMMÅÅ-NNNN", "subjectCpr must look like DDMMYY-NNNN"),
  notAnAccessLogBatch: (issues: string) => danishFirst(`ikke en samling adgangslogninger: ${issues}`, `not an access-log batch: ${issues}`),
  noCompany: (cvr: string) =>
    danishFirst(`CRM'et har ingen virksomhed med CVR-nummer ${cvr}`, `The CRM has no company with CVR number ${cvr}`),
  outreachNeedsKnownCompany: (cvr: string) =>
    danishFirst(
      `CRM'et kender ikke CVR ${cvr}, så reklamebeskyttelsen kan ikke afgøres; en opsøgende henvendelse kræver en kendt virksomhed`,
      `the CRM does not know CVR ${cvr}, so its advertising protection cannot be checked`,
    ),
  noCompanyGiveName: (cvr: string) =>
    danishFirst(
      `CRM'et har ingen virksomhed med CVR-nummer ${cvr}; angiv companyName for at registrere den`,
      `The CRM has no company with CVR number ${cvr}; give companyName to register it`,
    ),
  companyCeased: (name: string, ceasedOn: string) =>
    danishFirst(`${name} er ophørt ifølge CVR (${ceasedOn})`, "the company ceased according to the CVR register"),
  noService: (id: string) => danishFirst(`Ingen tjeneste i kataloget har id ${shown(id)}`, `No catalogue service has id ${shown(id)}`),
  noPackage: (id: string, known: readonly string[]) =>
    danishFirst(
      `Ingen servicepakke har id ${shown(id)}; kendte: ${known.join(", ")}`,
      `No service package has id ${shown(id)}; known: ${known.join(", ")}`,
    ),
  alreadyEnrolled: (cvr: string, packageId: string) =>
    danishFirst(
      `Virksomheden ${cvr} er allerede tilmeldt pakken "${packageId}"`,
      `Company ${cvr} is already enrolled in package "${packageId}"`,
    ),
  noEmployee: (id: string) => danishFirst(`Ingen kommunal medarbejder har id ${shown(id)}`, `No municipal employee has id ${shown(id)}`),
  noContact: (id: string) => danishFirst(`Ingen kontaktperson har id ${shown(id)}`, `No contact person has id ${shown(id)}`),
  noFollowUp: (id: string) => danishFirst(`Ingen opfølgning har id ${shown(id)}`, `No follow-up has id ${shown(id)}`),
  noInquiry: (id: string) => danishFirst(`Ingen henvendelse har id ${shown(id)}`, `No inquiry has id ${shown(id)}`),
  inquiryOfAnotherCompany: (id: string) =>
    danishFirst(`Henvendelsen "${id}" hører til en anden virksomhed`, `Inquiry "${id}" belongs to another company`),
  caseOfAnotherCompany: (caseId: string | null) =>
    danishFirst(`Sagen "${caseId}" hører til en anden virksomhed`, `Case "${caseId}" belongs to another company`),
  partFieldBesideParts: (partField: string, beside: string) =>
    danishFirst(
      `Angiv ${partField} for hver del, ikke ${beside} ved siden af parts`,
      `give each part its own ${partField} instead of ${beside} beside parts`,
    ),
  partCount: (max: number, count: number) =>
    danishFirst(`En henvendelse har 1 til ${max} dele`, `an inquiry has 1 to ${max} parts, got ${count}`),
  serviceInSeveralParts: (serviceId: string) =>
    danishFirst(`Tjenesten "${serviceId}" står i flere dele af henvendelsen`, `service "${serviceId}" is in more than one part`),
  serviceOfAnotherDepartment: (serviceId: string, owner: string, given: string) =>
    danishFirst(`Tjenesten "${serviceId}" hører til ${owner}, ikke ${given}`, `service "${serviceId}" belongs to ${owner}, not ${given}`),
  noInquiryPart: (partId: string) => danishFirst(`Ingen del af en henvendelse har id "${partId}"`, `no inquiry part has id "${partId}"`),
  partOfAnotherInquiry: (partId: string) =>
    danishFirst(`Delen "${partId}" hører til en anden henvendelse`, `part "${partId}" belongs to another inquiry`),
  partIdNeeded: danishFirst(
    "Angiv partId, eller inquiryId for en henvendelse med én del",
    "give partId, or inquiryId of an inquiry with one part",
  ),
  partIdNeededForSeveral: (inquiryId: string, parts: number) =>
    danishFirst(`Henvendelsen "${inquiryId}" har ${parts} dele: angiv partId`, `inquiry "${inquiryId}" has ${parts} parts: give partId`),
  partClosedNoHandOver: (partId: string) =>
    danishFirst(`Delen "${partId}" er afsluttet og kan ikke overdrages`, `inquiry part "${partId}" is closed and cannot be handed over`),
  partAlreadyWith: (partId: string, employeeId: string) =>
    danishFirst(
      `Delen "${partId}" ligger allerede hos "${employeeId}"`,
      `inquiry part "${partId}" is already with employee "${employeeId}"`,
    ),
  partAlreadyClosed: (partId: string) =>
    danishFirst(`Delen "${partId}" er allerede afsluttet`, `inquiry part "${partId}" is already closed`),
  basisFieldRequired: (field: string, kind: string) =>
    danishFirst(`${field} skal udfyldes for ${kind}`, `${field} is required for ${kind}`),
  basisFieldNotForKind: (field: string, kind: string) =>
    danishFirst(`${field} hører ikke til ${kind}`, `${field} does not belong to ${kind}`),
  followLimitReached: (max: number) =>
    danishFirst(
      `Du følger allerede ${max} virksomheder, det højeste antal; hold op med at følge en anden først`,
      `You already follow ${max} companies, the most allowed; unfollow another first`,
    ),
  tooManyValues: (field: string, max: number) => `${field}: ${danishFirst(`højst ${max} værdier`, `at most ${max} values`)}`,
  invalidValue: (field: string, value: string) => `${field}: ${danishFirst(`"${value}" er ikke gyldig`, `"${value}" is not valid`)}`,
  industryCodeDigits: `filter.industryCode: ${danishFirst("1 til 6 cifre", "1 to 6 digits")}`,
  webhookEndpoint: (problem: string) =>
    `input.url: ${webhookEndpointText[problem as keyof typeof webhookEndpointText] ?? webhookEndpointText["not-a-url"]}`,
  webhookKindsEmpty: `input.kinds: ${danishFirst("angiv mindst én slags ændring", "give at least one kind of change")}`,
  noWebhookSubscription: (id: string) =>
    danishFirst(`Du har intet webhook-abonnement med id ${shown(id)}`, `You have no webhook subscription with id ${shown(id)}`),
  webhookAlreadyRegistered: (id: string) =>
    danishFirst(
      `Du har allerede et webhook-abonnement til denne URL (${id}); ret det, eller hent en ny hemmelighed med rotateWebhookSecret`,
      `You already have a webhook subscription to this URL (${id}); use it, or get a new secret with rotateWebhookSecret`,
    ),
  webhookLimit: (max: number) =>
    danishFirst(
      `Du har allerede ${max} webhook-abonnementer, det højeste antal`,
      `You already have ${max} webhook subscriptions, the most allowed`,
    ),
  surveyAlreadyAnswered: (id: string) =>
    danishFirst(`Tilfredshedsmålingen "${id}" er allerede besvaret`, `Survey invitation "${id}" has already been answered`),
  noSurveyInvitation: (id: string, cvr: string) =>
    danishFirst(`Ingen tilfredshedsmåling "${id}" for virksomheden ${cvr}`, `No survey invitation "${id}" for company ${cvr}`),
};

const forbidden = {
  needsIdentity: (coordinate: string) =>
    danishFirst(`${coordinate} kræver en verificeret identitet`, `${coordinate} needs a verified identity`),
  notInPartnerGrant: (coordinate: string) =>
    danishFirst(
      `${coordinate} er ikke en del af denne integrationspartners adgang`,
      `${coordinate} is not part of this integration partner's grant`,
    ),
  personalDataOnlyFor: (coordinate: string, department: string, why: string) =>
    danishFirst(
      `${coordinate} er persondata, som kun sagsbehandlere (CASEWORKER) i ${department} må se`,
      `${coordinate} is personal data only CASEWORKER of ${department} may see (${why})`,
    ),
  onlyFor: (coordinate: string, roles: readonly string[]) =>
    danishFirst(`${coordinate} er kun for ${roles.join(", ")}`, `${coordinate} is only for ${roles.join(", ")}`),
  withheldUnlogged: (coordinate: string) =>
    danishFirst(
      `${coordinate} tilbageholdes, fordi adgangsloggen ikke kunne registrere læsningen`,
      `${coordinate} is withheld because the access log could not record this read`,
    ),
  partnerNeedsTrustedDocument: danishFirst(
    "Integrationspartnere må kun køre betroede operationer: send extensions.persistedQuery.sha256Hash for en operation i manifestet",
    "(integration partners may only run trusted operations: send extensions.persistedQuery.sha256Hash of an operation in the manifest)",
    " ",
  ),
  operationNotInPartnerGrant: (operationName: string | null | undefined) =>
    danishFirst(
      `Operationen ${JSON.stringify(operationName)} er ikke en del af denne integrationspartners adgang`,
      `The operation ${JSON.stringify(operationName)} is not part of this integration partner's grant`,
    ),
  accessLogFromAnotherSubgraph: (caller: string, claimed: string) =>
    danishFirst(
      `Adgangsloggen tager kun imod læsninger fra den kaldende subgraf (${caller}), ikke fra ${claimed}`,
      "(the access log takes reads only from the calling subgraph)",
      " ",
    ),
  accessLogNotPersonal: (field: string, subgraph: string) =>
    danishFirst(
      `${field} er ikke persondata i ${subgraph}s politiktabel`,
      `(${field} is not personal data in ${subgraph}'s policy table)`,
      " ",
    ),
  accessLogNotReadable: (field: string, audience: string, role: string) =>
    danishFirst(
      `${field} må kun læses af ${audience}; en sådan læsning logges ikke for ${role}`,
      `(${field} is readable only by ${audience})`,
      " ",
    ),
  notAnEmployee: (userId: string) =>
    danishFirst(
      `Brugeren "${userId}" er ikke en medarbejder i CRM'et og kan ikke registrere noget`,
      `user "${userId}" is not a municipal employee known to the CRM`,
    ),
  onlyAssignersName: (roles: readonly string[], field: string) =>
    danishFirst(
      "Kun frontfunktionen og key account managers må give opgaver til andre end sig selv",
      `only ${roles.join(" and ")} may name another employee in ${field}`,
    ),
  onlyAssignersHandOver: (roles: readonly string[]) =>
    danishFirst(
      "Kun delens ejer, frontfunktionen og key account managers må overdrage den",
      `only the part's owner, ${roles.join(" and ")} may hand it over`,
    ),
  onlyOwnerUnitCloses: danishFirst(
    "Kun delens ejer og ejerens kolleger i samme enhed må afslutte den",
    "only the part's owner or a colleague in the owner's unit may close it",
  ),
  noChangeScope: danishFirst(
    "Integrationspartnerens adgang giver ikke ret til at følge virksomhedernes ændringer (grant.changes)",
    "the integration partner's grant does not let it follow the companies' changes (grant.changes)",
  ),
  outsideChangeScope: (field: string, values: readonly string[]) =>
    danishFirst(
      `${field}: ${values.join(", ")} ligger uden for integrationspartnerens adgang`,
      `${field}: ${values.join(", ")} is outside the integration partner's grant`,
    ),
  ownAlertsOnly: danishFirst(
    "En key account manager ser kun advarslerne for sine egne virksomheder",
    "a key account manager sees the alerts of their own companies only",
  ),
};

const unauthenticated = {
  missingToken: danishFirst(
    "Log ind kræves: vælg en bruger under »Act as« i explorer'en, eller send Authorization: Bearer <token> (i udvikling laver `npm run token` et).",
    "Authentication required: pick a user under »Act as« in the explorer, or send Authorization: Bearer <token> (in development `npm run token` mints one)",
    " — ",
  ),
  malformedHeader: danishFirst(
    "Authorization-headeren skal have formen 'Bearer <token>'",
    "The Authorization header must be 'Bearer <token>'",
  ),
  unverifiable: danishFirst("Tokenet kunne ikke verificeres", "The token could not be verified"),
  invalidToken: (reason: string, hint?: string) => danishFirst("Ugyldigt token", `Invalid token: ${reason}${hint ? `; ${hint}` : ""}`),
  noVerifiedUser: danishFirst("Anmodningen bærer ingen bruger", "the request carries no verified user"),
  /** A subgraph reached other than through the gateway; the token check's reason follows it. */
  onlyTheGateway: danishFirst("Denne subgraf svarer kun gatewayen", "This subgraph answers only the gateway", " — "),
};

const retryIn = (danish: string, english: string, seconds: number) =>
  danishFirst(`${danish}; prøv igen om ${seconds} s`, `${english}; retry in ${seconds} s`);

const rateLimited = {
  loginFailures: (seconds: number) =>
    danishFirst(
      `For mange mislykkede logins fra denne adresse; prøv igen om ${seconds} s`,
      `(too many failed logins from this address; try again in ${seconds} s)`,
      " ",
    ),
  requests: (seconds: number) => retryIn("For mange forespørgsler fra denne bruger", "Too many requests from this user", seconds),
  concurrent: (seconds: number) =>
    retryIn("For mange samtidige forespørgsler fra denne bruger", "Too many concurrent requests from this user", seconds),
  refusedOperations: (seconds: number) =>
    retryIn(
      "For mange afviste forespørgsler (for komplekse) fra denne bruger",
      "Too many operations refused as too complex from this user",
      seconds,
    ),
  costlyOperations: (seconds: number) =>
    retryIn("For mange krævende forespørgsler fra denne bruger", "Too many costly operations from this user", seconds),
  costlyOperationsFromAddress: (seconds: number) =>
    retryIn("For mange krævende forespørgsler fra denne adresse", "Too many costly operations from this address", seconds),
};

const stream = {
  tooManyForUser: (max: number) =>
    danishFirst(
      `Du har allerede ${max} åbne notifikationsstrømme; luk en, før du åbner en ny`,
      `You already have ${max} open notification streams; close one before opening another`,
    ),
  tooManyForGateway: danishFirst(
    "Gatewayen har ikke plads til flere notifikationsstrømme lige nu; prøv igen om lidt",
    "The gateway holds as many notification streams as it can now; retry shortly",
  ),
  notEventStream: danishFirst(
    "/graphql/stream svarer kun med Server-Sent Events: send Accept: text/event-stream",
    "/graphql/stream answers with Server-Sent Events only: send Accept: text/event-stream",
  ),
  subscribeOnStream: danishFirst(
    "Abonnementer (subscription) serveres på /graphql/stream med Server-Sent Events, ikke på /graphql",
    "Subscriptions are served at /graphql/stream over Server-Sent Events, not at /graphql",
  ),
  subscriptionsOnly: danishFirst(
    "/graphql/stream tager kun abonnementer (subscription); send forespørgsler og ændringer til /graphql",
    "/graphql/stream takes subscriptions only; send queries and mutations to /graphql",
  ),
  tokenExpired: danishFirst(
    "Dit token er udløbet, så strømmen er lukket; forbind igen med et nyt token og Last-Event-ID",
    "Your token expired, so the stream was closed; reconnect with a new token and Last-Event-ID",
  ),
  draining: danishFirst(
    "Gatewayen lukker ned; forbind igen med Last-Event-ID, så får du det, du mangler",
    "The gateway is shutting down; reconnect with Last-Event-ID to get what you missed",
  ),
  unreadable: (detail: string) =>
    danishFirst(
      "Forespørgslen kunne ikke læses som et abonnement over Server-Sent Events",
      `The request could not be read as a subscription over Server-Sent Events: ${detail}`,
    ),
  behind: danishFirst(
    "Strømmen kom for langt bagud; forbind igen med Last-Event-ID, så får du det, du mangler",
    "The stream fell too far behind; reconnect with Last-Event-ID to get what you missed",
  ),
};

const OPERATION_LIMITS = {
  depth: "dybde",
  cost: "anslået pris",
  aliases: "aliasser",
  directives: "direktiver",
  tokens: "symboler",
} as const;

const operationTooComplex = {
  limit: (limit: keyof typeof OPERATION_LIMITS, measured: number | undefined, maximum: number) =>
    danishFirst(
      `Forespørgslen er for kompleks: ${OPERATION_LIMITS[limit]} ${measured === undefined ? `mere end ${maximum}` : measured}, højst ${maximum} tilladt`,
      `The operation is too complex: ${limit} ${measured ?? `over ${maximum}`}, at most ${maximum} allowed`,
    ),
};

const unavailable = {
  /** A department's own system did not answer (SOURCE_UNAVAILABLE, SOURCE_TIMEOUT, SOURCE_BAD_RESPONSE). */
  source: (department: string, timedOut: boolean) =>
    danishFirst(
      `${department}s sagssystem ${timedOut ? "svarer ikke i tide" : "er ikke tilgængeligt"}; ${department}s data mangler i dette svar`,
      `${department}'s case system is ${timedOut ? "not answering in time" : "unavailable"}; ${department} data is missing from this answer`,
    ),
  /** A subgraph did not answer the gateway (SUBGRAPH_UNAVAILABLE, SUBGRAPH_TIMEOUT). */
  subgraph: (subgraph: string, why: "unavailable" | "timeout" | "deadline") =>
    danishFirst(
      `Subgrafen ${subgraph} ${{ unavailable: "er ikke tilgængelig", timeout: "svarede ikke i tide", deadline: "svarede ikke inden forespørgslens frist" }[why]}; dens del af svaret mangler`,
      `The ${subgraph} subgraph ${{ unavailable: "is unavailable", timeout: "did not answer in time", deadline: "did not answer within this request's deadline" }[why]}; its part of this answer is missing`,
    ),
};

const request = {
  payloadTooLarge: (limit: number) =>
    danishFirst(
      `Forespørgslen er større end de ${limit} bytes, gatewayen modtager`,
      `The request body is larger than the ${limit} bytes the gateway accepts`,
    ),
  subgraphPayloadTooLarge: (limit: number) =>
    danishFirst(
      `Forespørgslen er større end de ${limit} bytes, subgrafen modtager`,
      `The request body is larger than the ${limit} bytes the subgraph accepts`,
    ),
  unsupportedEncoding: (encoding: string) =>
    danishFirst(
      `Forespørgslens indkodning ${shown(encoding)} understøttes ikke`,
      `The request body's content encoding ${shown(encoding)} is not supported`,
    ),
  notJson: danishFirst("Forespørgslen er ikke gyldig JSON", "The request body is not valid JSON"),
  noTrustedOperation: (id: unknown) =>
    danishFirst(`Ingen betroet operation har id'et ${JSON.stringify(id)}`, `No trusted operation has the id ${JSON.stringify(id)}`),
  internal: danishFirst("Intern fejl: forespørgslen kunne ikke gennemføres", "Internal error: the request could not be completed"),
  notFound: danishFirst("Her er intet: gatewayen svarer GraphQL på /graphql", "Nothing here: the gateway answers GraphQL at /graphql"),
  subgraphNotFound: danishFirst(
    "Her er intet: subgrafen svarer GraphQL på /graphql",
    "Nothing here: the subgraph answers GraphQL at /graphql",
  ),
  truncated: "… (afkortet / truncated)",
};

/**
 * Every refusal text, by the code it goes out with. Server codes Apollo Server raises itself
 * (BAD_REQUEST, PERSISTED_QUERY_NOT_FOUND, GRAPHQL_VALIDATION_FAILED) are under `request` and in
 * validation-messages.ts.
 */
export const refusal = {
  badUserInput,
  forbidden,
  unauthenticated,
  rateLimited,
  operationTooComplex,
  unavailable,
  request,
  stream,
} satisfies Record<string, Record<string, string | ((...args: never[]) => string)>>;

/**
 * graphql-js's validation, parse and variable messages (English only) in Danish, matched on
 * their fixed wording; the English original follows as it is. A message no pattern knows still
 * gets a Danish head, so no refusal a client sees starts in English.
 */
const GRAPHQL_MESSAGES: readonly (readonly [RegExp, (...groups: string[]) => string])[] = [
  [/^Cannot query field "([^"]+)" on type "([^"]+)"/, (field, type) => `Feltet "${field}" findes ikke på typen "${type}"`],
  [/^Unknown argument "([^"]+)" on field "([^"]+)"/, (argument, field) => `Feltet "${field}" har intet argument "${argument}"`],
  [
    /^Unknown argument "([^"]+)" on directive "([^"]+)"/,
    (argument, directive) => `Direktivet "${directive}" har intet argument "${argument}"`,
  ],
  [
    /^Field "([^"]+)" argument "([^"]+)" of type "([^"]+)" is required, but it was not provided/,
    (field, argument, type) => `Feltet "${field}" kræver argumentet "${argument}" af typen "${type}"`,
  ],
  [/^Unknown type "([^"]+)"/, (type) => `Typen "${type}" findes ikke`],
  [/^Unknown fragment "([^"]+)"/, (fragment) => `Fragmentet "${fragment}" findes ikke`],
  [/^Unknown directive "([^"]+)"/, (directive) => `Direktivet "${directive}" findes ikke`],
  [/^Variable "\$([^"]+)" is not defined/, (variable) => `Variablen $${variable} er ikke erklæret`],
  [/^Variable "\$([^"]+)" is never used/, (variable) => `Variablen $${variable} bruges ikke`],
  [
    /^Variable "\$([^"]+)" of required type "([^"]+)" was not provided/,
    (variable, type) => `Variablen $${variable} af typen "${type}" mangler`,
  ],
  [
    /^Variable "\$([^"]+)" of non-null type "([^"]+)" must not be null/,
    (variable, type) => `Variablen $${variable} af typen "${type}" må ikke være null`,
  ],
  [
    /^Variable "\$([^"]+)" of type "([^"]+)" used in position expecting type "([^"]+)"/,
    (variable, type, expected) => `Variablen $${variable} af typen "${type}" bruges, hvor typen "${expected}" ventes`,
  ],
  [
    /^Variable "\$([^"]+)" cannot be non-input type "([^"]+)"/,
    (variable, type) => `Variablen $${variable} kan ikke have typen "${type}", som ikke er en inputtype`,
  ],
  [
    /^Field "([^"]+)" must not have a selection since type "([^"]+)" has no subfields/,
    (field, type) => `Feltet "${field}" kan ikke have en udvælgelse, da typen "${type}" ikke har underfelter`,
  ],
  [
    /^Field "([^"]+)" of type "([^"]+)" must have a selection of subfields/,
    (field, type) => `Feltet "${field}" af typen "${type}" skal have en udvælgelse af underfelter`,
  ],
  [/^Field "([^"]+)" of required type "([^"]+)" was not provided/, (field, type) => `Feltet "${field}" af typen "${type}" mangler`],
  [/^Field "([^"]+)" is not defined by type "([^"]+)"/, (field, type) => `Feltet "${field}" findes ikke på inputtypen "${type}"`],
  [/^Expected value of type "([^"]+)", found/, (type) => `Værdien har ikke typen "${type}"`],
  [/^(Int|Float|String|Boolean|ID) cannot represent/, (type) => `Værdien kan ikke læses som ${type}`],
  [/^Enum "([^"]+)" cannot represent/, (type) => `Værdien er ikke en af enumtypen "${type}"s værdier`],
  [/^Value "([^"]+)" does not exist in "([^"]+)" enum/, (value, type) => `Værdien "${value}" findes ikke i enumtypen "${type}"`],
  [
    /^There can be only one (argument|variable|operation|fragment) named "([^"]+)"/,
    (what, name) =>
      `Der må kun være ${{ argument: "ét argument", variable: "én variabel", operation: "én operation", fragment: "ét fragment" }[what]} ved navn "${name}"`,
  ],
  [/^This anonymous operation must be the only defined operation/, () => "En unavngiven operation skal være dokumentets eneste"],
  [/^Fragment "([^"]+)" is never used/, (fragment) => `Fragmentet "${fragment}" bruges ikke`],
  [/^Fields "([^"]+)" conflict because/, (field) => `Felterne "${field}" er i konflikt; brug forskellige aliasser`],
  [/^Fragment cannot be spread here/, () => "Fragmentet kan ikke bruges her"],
  [/^Directive "([^"]+)" may not be used on/, (directive) => `Direktivet "${directive}" kan ikke bruges her`],
  [/^The "([^"]+)" definition is not executable/, (definition) => `Definitionen "${definition}" kan ikke udføres`],
  [/^GraphQL introspection is not allowed/, () => "Introspektion er slået fra"],
  [/^Syntax Error/, () => "Syntaksfejl i dokumentet"],
  // Apollo Server's own refusals of the HTTP request (BAD_REQUEST), before any document is read.
  [/^Operation batching disabled/, () => "Send én operation pr. forespørgsel, ikke en liste af operationer"],
  [/^`(variables|extensions)` in a POST body/, (member) => `${member} i forespørgslen skal være et JSON-objekt`],
  [/^`operationName` in a POST body must be a string/, () => "operationName skal være en tekst"],
  [/^GET requests only support query operations/, () => "En GET-forespørgsel kan kun læse (query); send ændringer med POST"],
  [
    /^This operation has been blocked as a potential Cross-Site Request Forgery/,
    () => "Forespørgslen er afvist som mulig CSRF: send Content-Type: application/json eller headeren Apollo-Require-Preflight",
  ],
  [
    /^GraphQL (operations must contain a non-empty `query`|queries must be strings)/,
    () => "Forespørgslen skal have et dokument som tekst i query",
  ],
  [
    /^POST body missing, invalid Content-Type, or JSON object has no keys/,
    () => "Forespørgslen mangler sin JSON-krop (Content-Type: application/json)",
  ],
];

/**
 * Codes whose messages come from graphql-js or Apollo Server rather than from this catalogue (the
 * gateway's one BAD_REQUEST of its own, unreadable JSON, never reaches formatError).
 */
const GRAPHQL_CODES = new Set(["GRAPHQL_VALIDATION_FAILED", "GRAPHQL_PARSE_FAILED", "BAD_REQUEST"]);

/**
 * A client-facing error of graphql-js or Apollo Server made Danish first: validation, parse and
 * request (BAD_REQUEST) errors always, a
 * BAD_USER_INPUT only when it is graphql-js's own variable message (ours are Danish first already).
 */
export function danishFirstGraphQLMessage(message: string, code: unknown): string {
  const ours = !GRAPHQL_CODES.has(String(code)) && !(code === "BAD_USER_INPUT" && message.startsWith('Variable "$'));
  if (ours) return message;
  const invalid = invalidVariable(message);
  if (invalid) return invalid;
  for (const [pattern, danish] of GRAPHQL_MESSAGES) {
    const match = pattern.exec(message);
    if (match) return danishFirst(danish(...match.slice(1)), message);
  }
  return danishFirst("Forespørgslen er ugyldig", message);
}

const INVALID_VARIABLE = /^Variable "\$([_A-Za-z][_0-9A-Za-z]*)" got invalid value /;

/**
 * `Variable "$input" got invalid value <value> at "input.occurredAt"; <reason>`, the reason
 * Danish first already when one of our scalars refused the value. The value is the client's own
 * and may hold any text ("; " or ' at "' included), so the message is cut with indexOf, never a
 * backtracking pattern, and the path is named only when it is plainly there.
 */
function invalidVariable(message: string): string | undefined {
  const variable = INVALID_VARIABLE.exec(message)?.[1];
  if (!variable) return undefined;
  const semicolon = message.indexOf("; ");
  const head = semicolon < 0 ? message : message.slice(0, semicolon);
  const at = head.endsWith('"') ? head.lastIndexOf(' at "') : -1;
  return danishFirst(`Variablen $${variable} har en ugyldig værdi${at < 0 ? "" : ` i ${head.slice(at + 5, -1)}`}`, message);
}
