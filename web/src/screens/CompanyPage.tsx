import { Fragment, useMemo, useState } from "react";
import { useMutation, useQuery } from "urql";
import {
  CompanyDocument,
  FollowCompanyDocument,
  FollowingDocument,
  UnfollowCompanyDocument,
  type CaseProgress,
  type CompanyQuery,
  type Department,
} from "../generated/graphql";
import { compareDanish, days, formatDate, formatDateTime, formatDecimal, formatNumber, formatPercent } from "../format";
import {
  CASE_PROGRESS,
  CASE_PROGRESS_ORDER,
  DEPARTMENT,
  DEPARTMENT_SHORT,
  departmentList,
  PACKAGE_SERVICE_STATUS,
  PACKAGE_STATUS,
  PERMIT_STATUS,
  registerStatus,
} from "../labels";
import { href } from "../router";
import { Alert, errorMessages, GraphErrors, Icon, Loading } from "../ui";

type Company = NonNullable<CompanyQuery["company"]>;
type CaseRow = NonNullable<Company["cases"]["edges"][number]["node"]>;

export function CompanyPage({ cvr }: { cvr: string }) {
  const [{ data, error, fetching }] = useQuery({ query: CompanyDocument, variables: { cvr }, requestPolicy: "cache-and-network" });
  const company = data?.company;
  if (fetching && !data) return <Loading what="virksomheden" />;
  if (!company) {
    return (
      <>
        <h1 tabIndex={-1}>Virksomhed {cvr}</h1>
        <GraphErrors error={error} />
        {!error && <p>Virksomheden med CVR {cvr} kendes ikke.</p>}
      </>
    );
  }
  const incomplete: Department[] = [
    ...company.cases.incompleteDepartments,
    ...company.permits.incompleteDepartments,
    ...company.timeline.incompleteDepartments,
    ...company.serviceScorecard.incompleteDepartments,
  ];
  return (
    <article className="company">
      <div className="title-row">
        <h1 tabIndex={-1}>{company.name}</h1>
        <div className="actions no-print">
          <FollowButton cvr={cvr} />
          <a className="button button-secondary" href={href({ name: "henvendelser", cvr })}>
            Henvendelser
          </a>
          <button type="button" className="button button-secondary" onClick={() => print()}>
            <Icon name="print" /> Udskriv mødebrief
          </button>
        </div>
      </div>
      <p className="subtle">
        CVR {company.cvr} · {registerStatus(company.register?.status)}
        {company.advertisingProtected && (
          <>
            {" "}
            · <span className="badge badge-warning">Reklamebeskyttet</span>
          </>
        )}
      </p>
      <GraphErrors error={error} incomplete={incomplete} />
      <div className="grid-2">
        <Facts company={company} />
        <People company={company} />
      </div>
      <Scorecard company={company} />
      <Cases cases={company.cases.edges.flatMap((edge) => (edge.node ? [edge.node] : []))} total={company.cases.totalCount} />
      <Permits company={company} />
      <Packages company={company} />
      <section aria-labelledby="timeline" className="timeline">
        <h2 id="timeline">Tidslinje</h2>
        <ol className="plain">
          {company.timeline.edges.map(({ node }) => (
            <li key={node.id}>
              <time dateTime={node.at}>{formatDate(node.at)}</time> {node.summary}
            </li>
          ))}
        </ol>
        {company.timeline.totalCount > company.timeline.edges.length && (
          <p className="subtle">
            De seneste {company.timeline.edges.length} af {formatNumber(company.timeline.totalCount)} hændelser.
          </p>
        )}
      </section>
    </article>
  );
}

function Facts({ company }: { company: Company }) {
  const register = company.register;
  const address = company.address;
  const rows: [string, string][] = [
    ["Adresse", address ? [address.street, [address.postalCode, address.city].filter(Boolean).join(" ")].filter(Boolean).join(", ") : "–"],
    ["Virksomhedsform", register?.companyForm?.text ?? company.companyForm ?? "–"],
    ["Branche", register?.mainIndustry ? `${register.mainIndustry.text} (${register.mainIndustry.code})` : (company.industry?.text ?? "–")],
    ["Stiftet", formatDate(register?.foundedOn)],
    ...(register?.ceasedOn ? ([["Ophørt", formatDate(register.ceasedOn)]] as [string, string][]) : []),
    ["Binavne", register?.secondaryNames.length ? register.secondaryNames.join(", ") : "Ingen"],
    ["Ansatte", company.sizeBandText ?? formatNumber(company.employees)],
    ["Segment", company.segmentText ?? "–"],
    ["Telefon", register?.phone ?? "–"],
    ["E-mail", register?.email ?? "–"],
    ["Seneste kontakt", formatDateTime(company.lastContactAt)],
  ];
  return (
    <section aria-labelledby="facts">
      <h2 id="facts">Stamdata</h2>
      {!register && <p className="subtle">Virksomheden er ikke hentet fra CVR-registret.</p>}
      <dl className="facts">
        {rows.map(([term, value]) => (
          <Fragment key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </Fragment>
        ))}
      </dl>
      {company.description && <p>{company.description}</p>}
    </section>
  );
}

function People({ company }: { company: Company }) {
  const manager = company.keyAccountManager;
  return (
    <section aria-labelledby="people">
      <h2 id="people">Kontakter</h2>
      <h3>Key account manager</h3>
      {manager ? (
        <p>
          {manager.displayName}
          <br />
          {manager.email}
          {manager.phone && ` · ${manager.phone}`}
        </p>
      ) : (
        <p>Ingen fast kontaktperson.</p>
      )}
      <h3>Virksomhedens kontaktpersoner</h3>
      {company.contacts.length === 0 ? (
        <p>Ingen registreret.</p>
      ) : (
        <ul className="plain">
          {company.contacts.map((contact) => (
            <li key={contact.id}>
              {contact.name}
              {contact.role && `, ${contact.role}`}
              {[contact.phone, contact.email].filter(Boolean).length > 0 &&
                ` · ${[contact.phone, contact.email].filter(Boolean).join(" · ")}`}
              {!contact.consent && " (uden samtykke)"}
            </li>
          ))}
        </ul>
      )}
      <h3>Kommunens kontakter</h3>
      <ul className="plain people-municipal">
        {company.municipalContacts.contacts.slice(0, 6).map((contact) => (
          <li key={contact.employeeId}>
            {contact.displayName}
            {contact.caseCount > 0 && ` · ${formatNumber(contact.caseCount)} ${contact.caseCount === 1 ? "sag" : "sager"}`} · senest{" "}
            {formatDate(contact.latestContactAt)}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Scorecard({ company }: { company: Company }) {
  const scorecard = company.serviceScorecard;
  return (
    <section aria-labelledby="scorecard">
      <h2 id="scorecard">Servicemål for virksomheden</h2>
      <ul className="scorecard">
        <li>
          <strong>Fast kontaktperson:</strong> {scorecard.hasFixedContactPerson ? "Ja" : "Nej"}
        </li>
        <li>
          <strong>Åbne sager over måltid:</strong> {formatNumber(scorecard.openCasesPastTarget)}
        </li>
        <li>
          <strong>Overskredne opfølgninger:</strong> {formatNumber(scorecard.overdueFollowUps.length)}
        </li>
        <li>
          <strong>Seneste tilfredshed:</strong>{" "}
          {scorecard.latestSatisfaction
            ? `${scorecard.latestSatisfaction.overall} af 5 (${formatDate(scorecard.latestSatisfaction.respondedAt)})`
            : "Ingen besvarelse"}
        </li>
      </ul>
      <table className="table table--compact">
        <caption className="sr-only">Sagsbehandlingstid pr. forvaltning</caption>
        <thead>
          <tr>
            <th scope="col">Forvaltning</th>
            <th scope="col" className="numeric">
              Sager
            </th>
            <th scope="col" className="numeric">
              Median dage
            </th>
            <th scope="col" className="numeric">
              Median måltid
            </th>
            <th scope="col" className="numeric">
              Over måltid
            </th>
          </tr>
        </thead>
        <tbody>
          {scorecard.departments.map((score) => (
            <tr key={score.department}>
              <th scope="row">{DEPARTMENT_SHORT[score.department]}</th>
              <td className="numeric">{formatNumber(score.cases)}</td>
              <td className="numeric">{formatDecimal(score.medianProcessingDays)}</td>
              <td className="numeric">{formatDecimal(score.medianTargetProcessingDays)}</td>
              <td className="numeric">{formatNumber(score.pastTarget)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="table table--compact">
        <caption>
          Løbende orientering det seneste år: målt på forvaltningernes hændelser, så kun sager, som CRM&apos;et har hørt om, tæller med
        </caption>
        <thead>
          <tr>
            <th scope="col">Forvaltning</th>
            <th scope="col" className="numeric">
              Åbne sager
            </th>
            <th scope="col" className="numeric">
              Orienteret inden for løftet
            </th>
            <th scope="col" className="numeric">
              Andel
            </th>
            <th scope="col" className="numeric">
              Median dage mellem orienteringer
            </th>
          </tr>
        </thead>
        <tbody>
          {scorecard.ongoingUpdates.map(({ department, figures }) => (
            <tr key={department}>
              <th scope="row">{DEPARTMENT_SHORT[department]}</th>
              <td className="numeric">{formatNumber(figures.openCases)}</td>
              <td className="numeric">{formatNumber(figures.updatedWithinPromise)}</td>
              <td className="numeric">{formatPercent(figures.shareUpdatedWithinPromise)}</td>
              <td className="numeric">{formatDecimal(figures.medianDaysBetweenUpdates)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

type SortKey = "department" | "progress" | "openedAt" | "caseworker" | "processing";
const SORTS: Record<SortKey, (a: CaseRow, b: CaseRow) => number> = {
  department: (a, b) => compareDanish(DEPARTMENT_SHORT[a.department], DEPARTMENT_SHORT[b.department]),
  progress: (a, b) => CASE_PROGRESS_ORDER.indexOf(a.progress) - CASE_PROGRESS_ORDER.indexOf(b.progress),
  openedAt: (a, b) => a.openedAt.localeCompare(b.openedAt),
  caseworker: (a, b) => compareDanish(a.caseworker.name, b.caseworker.name),
  processing: (a, b) => a.processingDays - a.targetProcessingDays - (b.processingDays - b.targetProcessingDays),
};

function Cases({ cases, total }: { cases: CaseRow[]; total: number }) {
  const [sort, setSort] = useState<{ key: SortKey; ascending: boolean }>({ key: "openedAt", ascending: false });
  const [department, setDepartment] = useState<Department | "">("");
  const [progress, setProgress] = useState<CaseProgress | "">("");
  const [openOnly, setOpenOnly] = useState(false);
  const [expanded, setExpanded] = useState<string | null>(null);
  const shown = useMemo(() => {
    const filtered = cases.filter(
      (row) => (!department || row.department === department) && (!progress || row.progress === progress) && (!openOnly || row.isOpen),
    );
    return filtered.sort((a, b) => (sort.ascending ? 1 : -1) * SORTS[sort.key](a, b));
  }, [cases, department, progress, openOnly, sort]);
  const departments = [...new Set(cases.map((row) => row.department))];
  const header = (key: SortKey, label: string, numeric = false) => (
    <th
      scope="col"
      className={numeric ? "numeric" : undefined}
      aria-sort={sort.key === key ? (sort.ascending ? "ascending" : "descending") : "none"}
    >
      <button type="button" className="sort-button" onClick={() => setSort({ key, ascending: sort.key === key ? !sort.ascending : true })}>
        {label}
        <Icon name={sort.key === key ? (sort.ascending ? "sort-table-ascending" : "sort-table-descending") : "sort-table-none"} />
      </button>
    </th>
  );
  return (
    <section aria-labelledby="cases">
      <h2 id="cases">Sager ({formatNumber(total)})</h2>
      <div className="filters no-print">
        <div className="form-group">
          <label className="form-label" htmlFor="filter-department">
            Forvaltning
          </label>
          <select
            id="filter-department"
            className="form-select"
            value={department}
            onChange={(event) => setDepartment(event.target.value as Department | "")}
          >
            <option value="">Alle</option>
            {departments.map((value) => (
              <option key={value} value={value}>
                {DEPARTMENT_SHORT[value]}
              </option>
            ))}
          </select>
        </div>
        <div className="form-group">
          <label className="form-label" htmlFor="filter-progress">
            Fremdrift
          </label>
          <select
            id="filter-progress"
            className="form-select"
            value={progress}
            onChange={(event) => setProgress(event.target.value as CaseProgress | "")}
          >
            <option value="">Alle</option>
            {CASE_PROGRESS_ORDER.map((value) => (
              <option key={value} value={value}>
                {CASE_PROGRESS[value]}
              </option>
            ))}
          </select>
        </div>
        <div className="form-group form-group-checkbox">
          <input
            id="filter-open"
            type="checkbox"
            className="form-checkbox"
            checked={openOnly}
            onChange={(event) => setOpenOnly(event.target.checked)}
          />
          <label htmlFor="filter-open">Kun åbne sager</label>
        </div>
      </div>
      <p className="sr-only" aria-live="polite">
        {shown.length} af {cases.length} sager vises
      </p>
      <div className="table--responsive-scroll">
        <table className="table table--zebra cases-table">
          <caption className="sr-only">Virksomhedens sager i alle forvaltninger; vælg en kolonne for at sortere</caption>
          <thead>
            <tr>
              <th scope="col">Sag</th>
              {header("department", "Forvaltning")}
              {header("progress", "Fremdrift")}
              {header("openedAt", "Oprettet")}
              {header("caseworker", "Sagsbehandler")}
              {header("processing", "Behandlingstid / mål", true)}
            </tr>
          </thead>
          <tbody>
            {shown.map((row) => (
              <Fragment key={row.id}>
                <tr className={row.isPastTarget ? "past-target" : undefined}>
                  <td>
                    <button
                      type="button"
                      className="function-link"
                      aria-expanded={expanded === row.id}
                      aria-controls={`case-${row.id}`}
                      onClick={() => setExpanded(expanded === row.id ? null : row.id)}
                    >
                      {row.title}
                    </button>
                    <div className="subtle">{row.service.nameDa}</div>
                  </td>
                  <td>{DEPARTMENT_SHORT[row.department]}</td>
                  <td>{CASE_PROGRESS[row.progress]}</td>
                  <td>{formatDate(row.openedAt)}</td>
                  <td>{row.caseworker.name}</td>
                  <td className="numeric">
                    {formatNumber(row.processingDays)} / {formatNumber(row.targetProcessingDays)} dage
                    {row.isPastTarget && <div className="badge badge-error">Over mål</div>}
                  </td>
                </tr>
                {expanded === row.id && (
                  <tr id={`case-${row.id}`} className="details-row">
                    <td colSpan={6}>
                      <dl className="facts">
                        <dt>Sagsnummer</dt>
                        <dd>{row.caseNumber}</dd>
                        <dt>Status</dt>
                        <dd>{row.statusText}</dd>
                        <dt>Forvaltning</dt>
                        <dd>{DEPARTMENT[row.department]}</dd>
                        <dt>Afgjort</dt>
                        <dd>{formatDate(row.decidedAt)}</dd>
                        <dt>Afsluttet</dt>
                        <dd>{formatDate(row.closedAt)}</dd>
                        <dt>Seneste orientering</dt>
                        <dd>{row.lastUpdateSentAt ? formatDate(row.lastUpdateSentAt) : "Ingen sendt"}</dd>
                        <dt>Sagsbehandler</dt>
                        <dd>
                          {row.caseworker.name}, {row.caseworker.unit.name} · {row.caseworker.phone} · {row.caseworker.email}
                        </dd>
                      </dl>
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      </div>
      {shown.length === 0 && <p>Ingen sager matcher filtrene.</p>}
    </section>
  );
}

function Permits({ company }: { company: Company }) {
  const permits = company.permits.edges.map((edge) => edge.node);
  return (
    <section aria-labelledby="permits">
      <h2 id="permits">Tilladelser ({formatNumber(company.permits.totalCount)})</h2>
      {permits.length === 0 ? (
        <p>Ingen tilladelser.</p>
      ) : (
        <ul className="plain permits">
          {permits.map((permit) => (
            <li key={permit.id}>
              <details className="details">
                <summary className="details-summary">
                  {permit.kindText} · {DEPARTMENT_SHORT[permit.issuingDepartment]} · {PERMIT_STATUS[permit.status]}
                  {permit.validTo ? ` · udløber ${formatDate(permit.validTo)}` : " · uden udløb"}
                  {permit.status === "ACTIVE" &&
                    permit.daysUntilExpiry != null &&
                    permit.daysUntilExpiry <= 30 &&
                    ` (om ${days(permit.daysUntilExpiry)})`}
                </summary>
                <div className="details-text">
                  <p>
                    {permit.service.nameDa}: meddelt {formatDate(permit.grantedAt)}, gyldig fra {formatDate(permit.validFrom)}
                    {permit.validTo ? ` til ${formatDate(permit.validTo)}` : ""}.
                  </p>
                  {permit.conditions.length > 0 && (
                    <ul>
                      {permit.conditions.map((condition) => (
                        <li key={condition}>{condition}</li>
                      ))}
                    </ul>
                  )}
                </div>
              </details>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Packages({ company }: { company: Company }) {
  if (!company.packageProgress.length) return null;
  return (
    <section aria-labelledby="packages">
      <h2 id="packages">Servicepakker</h2>
      {company.packageProgress.map((progress) => {
        const done = progress.services.filter((service) => service.status === "DONE").length;
        return (
          <div key={progress.package.id} className="package">
            <h3>
              {progress.package.nameDa}: {PACKAGE_STATUS[progress.status]}
            </h3>
            {progress.incompleteDepartments.length > 0 && (
              <p className="subtle">{departmentList(progress.incompleteDepartments)} svarer ikke: status kan være for lav.</p>
            )}
            <progress
              max={progress.services.length}
              value={done}
              aria-label={`${progress.package.nameDa}: ${done} af ${progress.services.length} ydelser færdige`}
            />
            <ul className="plain">
              {progress.services.map((service) => (
                <li key={service.service.id}>
                  {service.service.nameDa} ({DEPARTMENT_SHORT[service.department]}): {PACKAGE_SERVICE_STATUS[service.status]}
                </li>
              ))}
            </ul>
            {progress.notices.map((notice) => (
              <p key={notice}>{notice}</p>
            ))}
          </div>
        );
      })}
    </section>
  );
}

function FollowButton({ cvr }: { cvr: string }) {
  const [{ data }, refetch] = useQuery({ query: FollowingDocument, requestPolicy: "cache-and-network" });
  const [followed, follow] = useMutation(FollowCompanyDocument);
  const [unfollowed, unfollow] = useMutation(UnfollowCompanyDocument);
  const mine = data?.me?.following.edges.find((edge) => edge.node.company.cvr === cvr)?.node;
  const result = followed.data?.followCompany ?? unfollowed.data?.unfollowCompany;
  const state = result?.company.cvr === cvr ? result : mine;
  const error = followed.error ?? unfollowed.error;
  if (state?.asKeyAccountManager) return <span className="badge badge-info">Din kunde (følges)</span>;
  const following = state?.following ?? false;
  return (
    <>
      <button
        type="button"
        className="button button-secondary"
        aria-pressed={following}
        disabled={followed.fetching || unfollowed.fetching}
        onClick={async () => {
          await (following ? unfollow({ cvr }) : follow({ cvr }));
          refetch({ requestPolicy: "network-only" });
        }}
      >
        {following ? "Følger – stop med at følge" : "Følg virksomheden"}
      </button>
      {error && <Alert kind="error">{errorMessages(error).join(" ")}</Alert>}
    </>
  );
}
