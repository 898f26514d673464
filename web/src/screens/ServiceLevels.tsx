import { useState, type FormEvent } from "react";
import { useQuery } from "urql";
import { ServiceLevelsDocument, type Department, type ServiceLevelRowFragment } from "../generated/graphql";
import { formatDate, formatNumber, formatPercent } from "../format";
import { DEPARTMENT, DEPARTMENT_SHORT } from "../labels";
import { GraphErrors, Loading } from "../ui";

const isoDay = (date: Date) => date.toISOString().slice(0, 10);
function lastQuarter(): { from: string; to: string } {
  const to = new Date();
  const from = new Date(to);
  from.setUTCDate(from.getUTCDate() - 90);
  return { from: isoDay(from), to: isoDay(to) };
}

export function ServiceLevels() {
  const [period, setPeriod] = useState(lastQuarter);
  const [draft, setDraft] = useState(period);
  const [department, setDepartment] = useState<Department | "">("");
  const [{ data, error, fetching }] = useQuery({ query: ServiceLevelsDocument, variables: { ...period, department: department || null } });
  const report = data?.serviceLevels;
  const apply = (event: FormEvent) => {
    event.preventDefault();
    setPeriod(draft);
  };
  return (
    <>
      <h1 tabIndex={-1}>Servicemål</h1>
      <p className="font-lead">Sagsbehandlingstid mod måltid pr. forvaltning og ydelse for en periode, over alle virksomheder.</p>
      <form className="filters" onSubmit={apply}>
        <div className="form-group">
          <label className="form-label" htmlFor="from">
            Fra
          </label>
          <input
            id="from"
            type="date"
            className="form-input"
            value={draft.from}
            onChange={(event) => setDraft({ ...draft, from: event.target.value })}
          />
        </div>
        <div className="form-group">
          <label className="form-label" htmlFor="to">
            Til
          </label>
          <input
            id="to"
            type="date"
            className="form-input"
            value={draft.to}
            onChange={(event) => setDraft({ ...draft, to: event.target.value })}
          />
        </div>
        <div className="form-group">
          <label className="form-label" htmlFor="department">
            Forvaltning
          </label>
          <select
            id="department"
            className="form-select"
            value={department}
            onChange={(event) => setDepartment(event.target.value as Department | "")}
          >
            <option value="">Alle</option>
            {(Object.keys(DEPARTMENT) as Department[]).map((value) => (
              <option key={value} value={value}>
                {DEPARTMENT[value]}
              </option>
            ))}
          </select>
        </div>
        <div className="form-group">
          <button type="submit" className="button button-primary">
            Vis perioden
          </button>
        </div>
      </form>
      <GraphErrors error={error} incomplete={report?.incompleteDepartments} />
      {fetching && !data && <Loading what="servicemål" />}
      {report && (
        <>
          <h2>
            {formatDate(report.from)} – {formatDate(report.to)}
          </h2>
          <Chart rows={report.departments} />
          <LevelTable caption="Pr. forvaltning" rows={report.departments} label={(row) => DEPARTMENT_SHORT[row.department]} />
          <LevelTable
            caption="Pr. ydelse"
            rows={report.services.filter(hadCases)}
            label={(row) => `${row.service?.nameDa ?? ""} (${row.department})`}
          />
          {report.services.some((row) => !hadCases(row)) && (
            <p className="subtle">
              {formatNumber(report.services.filter((row) => !hadCases(row)).length)} ydelser uden sager i perioden er udeladt.
            </p>
          )}
        </>
      )}
    </>
  );
}

const hadCases = (row: Row) => row.casesOpened > 0 || row.casesDecided > 0 || row.companiesServed > 0;

type Row = ServiceLevelRowFragment & { service?: { id: string; nameDa: string } | null };

function LevelTable({ caption, rows, label }: { caption: string; rows: readonly Row[]; label: (row: Row) => string }) {
  return (
    <div className="table--responsive-scroll">
      <table className="table table--zebra table--compact">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{caption === "Pr. ydelse" ? "Ydelse" : "Forvaltning"}</th>
            <th scope="col" className="numeric">
              Oprettet
            </th>
            <th scope="col" className="numeric">
              Afgjort
            </th>
            <th scope="col" className="numeric">
              Median dage
            </th>
            <th scope="col" className="numeric">
              Måltid
            </th>
            <th scope="col" className="numeric">
              Over måltid
            </th>
            <th scope="col" className="numeric">
              Virksomheder
            </th>
            <th scope="col" className="numeric">
              Med key account manager
            </th>
            <th scope="col" className="numeric">
              Tilfredshed
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.service?.id ?? row.department}>
              <th scope="row">{label(row)}</th>
              <td className="numeric">{formatNumber(row.casesOpened)}</td>
              <td className="numeric">{formatNumber(row.casesDecided)}</td>
              <td className="numeric">{formatNumber(row.processingTime.medianDays)}</td>
              <td className="numeric">{formatNumber(row.processingTime.targetDays)}</td>
              <td className="numeric">{formatPercent(row.processingTime.sharePastTarget)}</td>
              <td className="numeric">{formatNumber(row.companiesServed)}</td>
              <td className="numeric">{formatPercent(row.keyAccountManagerShare)}</td>
              <td className="numeric">
                {row.satisfaction.responses
                  ? `${formatNumber(row.satisfaction.overall)} (${formatNumber(row.satisfaction.responses)})`
                  : "–"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Share of decided cases past target per department, as bars; the table above says the same in numbers. */
function Chart({ rows }: { rows: readonly Row[] }) {
  const barHeight = 28;
  const labelWidth = 200;
  const width = 640;
  const height = rows.length * (barHeight + 12) + 24;
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby="chart-title chart-desc" width="100%">
        <title id="chart-title">Andel afgjorte sager over måltid pr. forvaltning</title>
        <desc id="chart-desc">
          {rows.map((row) => `${DEPARTMENT_SHORT[row.department]}: ${formatPercent(row.processingTime.sharePastTarget)}`).join("; ")}
        </desc>
        {rows.map((row, index) => {
          const share = row.processingTime.sharePastTarget ?? 0;
          const y = index * (barHeight + 12) + 8;
          const barWidth = (width - labelWidth - 70) * share;
          return (
            <g key={row.department}>
              <text x={0} y={y + barHeight * 0.7} className="chart-label">
                {DEPARTMENT_SHORT[row.department]}
              </text>
              <rect x={labelWidth} y={y} width={Math.max(barWidth, 1)} height={barHeight} className={share > 0.2 ? "bar bar-bad" : "bar"} />
              <text x={labelWidth + barWidth + 8} y={y + barHeight * 0.7} className="chart-value">
                {formatPercent(row.processingTime.sharePastTarget)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>Andel af periodens afgjorte sager, der tog længere end ydelsens måltid.</figcaption>
    </figure>
  );
}
