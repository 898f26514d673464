import { useState, type FormEvent } from "react";
import { useQuery, type CombinedError } from "urql";
import {
  AddFollowUpDocument,
  AddNoteDocument,
  CompanyInquiriesDocument,
  HandOverInquiryDocument,
  InquiryFormDocument,
  RegisterInquiryDocument,
  type CompanyInquiriesQuery,
  type InquiryChannel,
  type InquiryFormQuery,
} from "../generated/graphql";
import { formatDate, formatDateTime } from "../format";
import { DEPARTMENT_SHORT, FOLLOW_UP_STATUS, INQUIRY_CHANNEL, INQUIRY_STATUS } from "../labels";
import { useIdempotentMutation } from "../idempotent";
import { href } from "../router";
import { Alert, errorMessages, GraphErrors, Loading } from "../ui";

type Form = InquiryFormQuery;
type Listed = NonNullable<CompanyInquiriesQuery["company"]>;
type Inquiry = Listed["inquiries"][number];

/** The graph's refusal of a field (BAD_USER_INPUT with extensions.field), shown at that field. */
function fieldErrors(error: CombinedError | undefined): Record<string, string> {
  const byField: Record<string, string> = {};
  for (const graphQLError of error?.graphQLErrors ?? []) {
    const field = graphQLError.extensions?.field;
    if (typeof field === "string") byField[field] ??= graphQLError.message;
  }
  return byField;
}

export function Inquiries({ cvr, me }: { cvr: string; me: string | undefined }) {
  const [form] = useQuery({ query: InquiryFormDocument, variables: { cvr } });
  const [list, refetchList] = useQuery({ query: CompanyInquiriesDocument, variables: { cvr }, requestPolicy: "cache-and-network" });
  const refresh = () => refetchList({ requestPolicy: "network-only" });
  const company = form.data?.company;
  return (
    <>
      <h1 tabIndex={-1}>Henvendelser{company ? `: ${company.name}` : ""}</h1>
      <p>
        <a href={href({ name: "virksomhed", cvr })}>Tilbage til virksomheden</a>
      </p>
      <GraphErrors error={form.error} />
      {form.fetching && !form.data && <Loading what="formularen" />}
      {form.data && company && <RegisterForm form={form.data} cvr={cvr} onRegistered={refresh} />}
      <section aria-labelledby="inquiries">
        <h2 id="inquiries">Virksomhedens henvendelser</h2>
        <GraphErrors error={list.error} />
        {list.data?.company?.inquiries.length === 0 && <p>Ingen henvendelser endnu.</p>}
        {list.data?.company?.inquiries.map((inquiry) => (
          <InquiryCard
            key={inquiry.id}
            inquiry={inquiry}
            notes={list.data!.company!.notes.filter((note) => note.inquiry?.id === inquiry.id)}
            followUps={list.data!.company!.followUps.filter((followUp) => followUp.inquiry?.id === inquiry.id)}
            cvr={cvr}
            employees={form.data?.employees ?? []}
            me={me}
            onChanged={refresh}
          />
        ))}
      </section>
    </>
  );
}

function RegisterForm({ form, cvr, onRegistered }: { form: Form; cvr: string; onRegistered: () => void }) {
  const [topic, setTopic] = useState("");
  const [channel, setChannel] = useState<InquiryChannel>("PHONE");
  const [services, setServices] = useState<string[]>([]);
  const [needs, setNeeds] = useState("");
  const [serviceFilter, setServiceFilter] = useState("");
  const [confirming, setConfirming] = useState(false);
  const [missing, setMissing] = useState<Record<string, string>>({});
  const [state, register, newIntent] = useIdempotentMutation(RegisterInquiryDocument);
  const [registered, setRegistered] = useState<string | null>(null);
  const changed = () => {
    newIntent();
    setRegistered(null);
  };
  const refusedProtected = state.error?.graphQLErrors.some((error) => error.extensions?.reason === "ADVERTISING_PROTECTED");
  // The refusal of outreach to a protected company is said once, above the form.
  const byField = { ...missing, ...(refusedProtected ? {} : fieldErrors(state.error)) };
  const chosen = form.services.filter((service) => services.includes(service.id));
  // The catalogue has about a hundred services: the chosen ones are listed, others once searched for.
  const searched = serviceFilter.trim().toLocaleLowerCase("da");

  const review = (event: FormEvent) => {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!topic.trim()) problems.topic = "Skriv, hvad henvendelsen handler om.";
    if (!services.length) problems.parts = "Vælg mindst én ydelse.";
    setMissing(problems);
    if (!Object.keys(problems).length) setConfirming(true);
  };
  const send = async () => {
    const result = await register({
      cvr,
      channel,
      topic: topic.trim(),
      ...(needs.trim() ? { needs: needs.trim() } : {}),
      parts: services.map((serviceId) => ({ serviceId })),
    });
    setConfirming(false);
    if (result.data) {
      setRegistered(result.data.registerInquiry.id);
      setTopic("");
      setServices([]);
      setServiceFilter("");
      setNeeds("");
      newIntent();
      onRegistered();
    }
  };
  const general = state.error && !Object.keys(fieldErrors(state.error)).length ? errorMessages(state.error) : [];

  return (
    <section aria-labelledby="register">
      <h2 id="register">Registrér en henvendelse</h2>
      {form.company?.advertisingProtected && (
        <Alert kind="info" heading="Virksomheden er reklamebeskyttet">
          Opsøgende kontakt kræver samtykke eller et lovligt grundlag.
        </Alert>
      )}
      {registered && (
        <Alert kind="success" heading="Henvendelsen er registreret">
          Den står nu øverst på listen herunder, hvor du kan overdrage den.
        </Alert>
      )}
      {refusedProtected && (
        <Alert kind="error" heading="Afvist: virksomheden er reklamebeskyttet">
          {errorMessages(state.error).join(" ")}
        </Alert>
      )}
      {general.length > 0 && !refusedProtected && (
        <Alert kind="error" heading="Henvendelsen blev ikke registreret">
          {general.join(" ")}{" "}
          {state.error?.networkError && (
            <button type="button" className="button button-secondary" onClick={send}>
              Prøv igen
            </button>
          )}
        </Alert>
      )}
      {!confirming ? (
        <form onSubmit={review} noValidate>
          <div className={`form-group${byField.topic ? " form-error" : ""}`}>
            <label className="form-label" htmlFor="topic">
              Emne
            </label>
            {byField.topic && (
              <span className="form-error-message" id="topic-error">
                {byField.topic}
              </span>
            )}
            <input
              id="topic"
              className="form-input input-width-xl"
              value={topic}
              aria-invalid={Boolean(byField.topic)}
              aria-describedby={byField.topic ? "topic-error" : undefined}
              onChange={(event) => (setTopic(event.target.value), changed())}
            />
          </div>
          <div className={`form-group${byField.channel ? " form-error" : ""}`}>
            <label className="form-label" htmlFor="channel">
              Kanal
            </label>
            {byField.channel && (
              <span className="form-error-message" id="channel-error">
                {byField.channel}
              </span>
            )}
            <select
              id="channel"
              className="form-select"
              value={channel}
              aria-describedby={byField.channel ? "channel-error" : undefined}
              onChange={(event) => (setChannel(event.target.value as InquiryChannel), changed())}
            >
              {(Object.keys(INQUIRY_CHANNEL) as InquiryChannel[]).map((value) => (
                <option key={value} value={value}>
                  {INQUIRY_CHANNEL[value]}
                </option>
              ))}
            </select>
          </div>
          <fieldset
            className={`form-group${byField.parts ? " form-error" : ""}`}
            aria-describedby={byField.parts ? "parts-error" : undefined}
          >
            <legend className="form-label">Ydelser (en eller flere)</legend>
            {byField.parts && (
              <span className="form-error-message" id="parts-error">
                {byField.parts}
              </span>
            )}
            <label className="form-label" htmlFor="service-filter">
              Find ydelse
            </label>
            <span className="form-hint" id="service-filter-hint">
              Skriv en del af navnet; {form.services.length} ydelser i kataloget.
            </span>
            <input
              id="service-filter"
              className="form-input input-width-l"
              type="search"
              autoComplete="off"
              aria-describedby="service-filter-hint"
              value={serviceFilter}
              onChange={(event) => setServiceFilter(event.target.value)}
            />
            <div className="service-choices">
              {form.services
                .filter(
                  (service) =>
                    services.includes(service.id) || (searched.length >= 2 && service.nameDa.toLocaleLowerCase("da").includes(searched)),
                )
                .map((service) => (
                  <div key={service.id} className="form-group-checkbox">
                    <input
                      id={`service-${service.id}`}
                      type="checkbox"
                      className="form-checkbox"
                      checked={services.includes(service.id)}
                      onChange={(event) => (
                        setServices(event.target.checked ? [...services, service.id] : services.filter((id) => id !== service.id)),
                        changed()
                      )}
                    />
                    <label htmlFor={`service-${service.id}`}>
                      {service.nameDa} <span className="subtle">({DEPARTMENT_SHORT[service.department]})</span>
                    </label>
                  </div>
                ))}
            </div>
          </fieldset>
          <div className="form-group">
            <label className="form-label" htmlFor="needs">
              Virksomhedens behov (valgfrit)
            </label>
            <textarea
              id="needs"
              className="form-input input-width-xl"
              rows={3}
              value={needs}
              onChange={(event) => (setNeeds(event.target.value), changed())}
            />
          </div>
          <button type="submit" className="button button-primary">
            Gennemse henvendelsen
          </button>
        </form>
      ) : (
        <div className="confirmation" role="group" aria-labelledby="confirm-heading">
          <h3 id="confirm-heading" tabIndex={-1} ref={(heading) => heading?.focus()}>
            Bekræft henvendelsen
          </h3>
          <dl className="facts">
            <dt>Virksomhed</dt>
            <dd>
              {form.company?.name} (CVR {cvr})
            </dd>
            <dt>Emne</dt>
            <dd>{topic}</dd>
            <dt>Kanal</dt>
            <dd>{INQUIRY_CHANNEL[channel]}</dd>
            <dt>Ydelser</dt>
            <dd>
              <ul className="plain">
                {chosen.map((service) => (
                  <li key={service.id}>
                    {service.nameDa} ({DEPARTMENT_SHORT[service.department]})
                  </li>
                ))}
              </ul>
            </dd>
            {needs.trim() && (
              <>
                <dt>Behov</dt>
                <dd>{needs}</dd>
              </>
            )}
          </dl>
          <button type="button" className="button button-primary" onClick={send} disabled={state.fetching}>
            Send henvendelsen
          </button>{" "}
          <button type="button" className="button button-secondary" onClick={() => setConfirming(false)}>
            Ret
          </button>
        </div>
      )}
    </section>
  );
}

function InquiryCard({
  inquiry,
  notes,
  followUps,
  cvr,
  employees,
  me,
  onChanged,
}: {
  inquiry: Inquiry;
  notes: Listed["notes"];
  followUps: Listed["followUps"];
  cvr: string;
  employees: Form["employees"];
  me: string | undefined;
  onChanged: () => void;
}) {
  return (
    <article className="inquiry" aria-labelledby={`inquiry-${inquiry.id}`}>
      <h3 id={`inquiry-${inquiry.id}`}>
        {inquiry.topic} <span className="badge badge-info">{INQUIRY_STATUS[inquiry.status]}</span>
      </h3>
      <p className="subtle">
        Modtaget {formatDateTime(inquiry.receivedAt)} · {INQUIRY_CHANNEL[inquiry.channel]} · registreret af{" "}
        {inquiry.registeredBy.displayName}
      </p>
      <table className="table table--compact">
        <caption className="sr-only">Henvendelsens dele</caption>
        <thead>
          <tr>
            <th scope="col">Ydelse</th>
            <th scope="col">Status</th>
            <th scope="col">Ejer</th>
            <th scope="col">Overdrag</th>
          </tr>
        </thead>
        <tbody>
          {inquiry.parts.map((part) => (
            <tr key={part.id}>
              <td>
                {part.service?.nameDa ?? "Frontens eget svar"}
                {part.department && <div className="subtle">{DEPARTMENT_SHORT[part.department]}</div>}
              </td>
              <td>{INQUIRY_STATUS[part.status]}</td>
              <td>{part.owner.displayName}</td>
              <td>
                {part.status !== "CLOSED" && (
                  <HandOver
                    partId={part.id}
                    label={part.service?.nameDa ?? inquiry.topic}
                    employees={employees.filter((employee) => employee.id !== part.owner.id)}
                    onDone={onChanged}
                  />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {notes.length > 0 && (
        <>
          <h4>Notater</h4>
          <ul className="plain">
            {notes.map((note) => (
              <li key={note.id}>
                {formatDateTime(note.occurredAt)}, {note.author.displayName}: {note.summary}
              </li>
            ))}
          </ul>
        </>
      )}
      {followUps.length > 0 && (
        <>
          <h4>Opfølgninger</h4>
          <ul className="plain">
            {followUps.map((followUp) => (
              <li key={followUp.id}>
                {followUp.description}: frist {formatDate(followUp.deadline)}, {followUp.owner.displayName} (
                {FOLLOW_UP_STATUS[followUp.status]})
              </li>
            ))}
          </ul>
        </>
      )}
      <div className="grid-2 no-print">
        <AddNote cvr={cvr} inquiryId={inquiry.id} onDone={onChanged} />
        <AddFollowUp cvr={cvr} inquiryId={inquiry.id} me={me} onDone={onChanged} />
      </div>
    </article>
  );
}

function HandOver({
  partId,
  label,
  employees,
  onDone,
}: {
  partId: string;
  label: string;
  employees: Form["employees"];
  onDone: () => void;
}) {
  const [to, setTo] = useState("");
  const [note, setNote] = useState("");
  const [state, handOver, newIntent] = useIdempotentMutation(HandOverInquiryDocument);
  const id = `handover-${partId}`;
  const byField = fieldErrors(state.error);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await handOver({ partId, toEmployeeId: to, ...(note.trim() ? { note: note.trim() } : {}) });
    if (result.data) {
      newIntent();
      onDone();
    }
  };
  const message = byField.toEmployeeId ?? (to ? errorMessages(state.error).join(" ") : "");
  return (
    <form onSubmit={submit} className="inline-form" aria-label={`Overdrag ${label}`}>
      <label className="form-label" htmlFor={id}>
        Ny ejer
      </label>
      {message && (
        <span className="form-error-message" id={`${id}-error`}>
          {message}
        </span>
      )}
      <select
        id={id}
        className="form-select"
        value={to}
        aria-describedby={message ? `${id}-error` : undefined}
        onChange={(event) => (setTo(event.target.value), newIntent())}
      >
        <option value="">Vælg medarbejder</option>
        {employees.map((employee) => (
          <option key={employee.id} value={employee.id}>
            {employee.displayName}
          </option>
        ))}
      </select>
      <label className="form-label" htmlFor={`${id}-note`}>
        Besked til den nye ejer
      </label>
      <input id={`${id}-note`} className="form-input" value={note} onChange={(event) => (setNote(event.target.value), newIntent())} />
      <button type="submit" className="button button-secondary" disabled={!to || state.fetching}>
        Overdrag
      </button>
    </form>
  );
}

function AddNote({ cvr, inquiryId, onDone }: { cvr: string; inquiryId: string; onDone: () => void }) {
  const [summary, setSummary] = useState("");
  const [state, add, newIntent] = useIdempotentMutation(AddNoteDocument);
  const id = `note-${inquiryId}`;
  const message = errorMessages(state.error).join(" ");
  return (
    <form
      onSubmit={async (event) => {
        event.preventDefault();
        const result = await add({ cvr, inquiryId, summary });
        if (result.data) {
          setSummary("");
          newIntent();
          onDone();
        }
      }}
    >
      <div className={`form-group${message ? " form-error" : ""}`}>
        <label className="form-label" htmlFor={id}>
          Nyt notat
        </label>
        {message && (
          <span className="form-error-message" id={`${id}-error`}>
            {message}
          </span>
        )}
        <textarea
          id={id}
          className="form-input"
          rows={2}
          value={summary}
          aria-describedby={message ? `${id}-error` : undefined}
          onChange={(event) => (setSummary(event.target.value), newIntent())}
        />
      </div>
      <button type="submit" className="button button-secondary" disabled={state.fetching}>
        Gem notat
      </button>
    </form>
  );
}

function AddFollowUp({ cvr, inquiryId, me, onDone }: { cvr: string; inquiryId: string; me: string | undefined; onDone: () => void }) {
  const [description, setDescription] = useState("");
  const [deadline, setDeadline] = useState("");
  const [state, add, newIntent] = useIdempotentMutation(AddFollowUpDocument);
  const id = `followup-${inquiryId}`;
  const byField = fieldErrors(state.error);
  const general = Object.keys(byField).length ? "" : errorMessages(state.error).join(" ");
  return (
    <form
      onSubmit={async (event) => {
        event.preventDefault();
        // The deadline is the end of the chosen day where the user is; the graph refuses one in the past.
        const result = await add({
          cvr,
          inquiryId,
          description,
          deadline: deadline ? new Date(`${deadline}T23:59:00`).toISOString() : "",
          ...(me ? { ownerId: me } : {}),
        });
        if (result.data) {
          setDescription("");
          setDeadline("");
          newIntent();
          onDone();
        }
      }}
    >
      {general && <Alert kind="error">{general}</Alert>}
      <div className={`form-group${byField.description ? " form-error" : ""}`}>
        <label className="form-label" htmlFor={`${id}-description`}>
          Ny opfølgning
        </label>
        {byField.description && (
          <span className="form-error-message" id={`${id}-description-error`}>
            {byField.description}
          </span>
        )}
        <input
          id={`${id}-description`}
          className="form-input"
          value={description}
          aria-describedby={byField.description ? `${id}-description-error` : undefined}
          onChange={(event) => (setDescription(event.target.value), newIntent())}
        />
      </div>
      <div className={`form-group${byField.deadline ? " form-error" : ""}`}>
        <label className="form-label" htmlFor={`${id}-deadline`}>
          Frist
        </label>
        {byField.deadline && (
          <span className="form-error-message" id={`${id}-deadline-error`}>
            {byField.deadline}
          </span>
        )}
        <input
          id={`${id}-deadline`}
          type="date"
          className="form-input"
          value={deadline}
          aria-describedby={byField.deadline ? `${id}-deadline-error` : undefined}
          onChange={(event) => (setDeadline(event.target.value), newIntent())}
        />
      </div>
      <button type="submit" className="button button-secondary" disabled={state.fetching}>
        Gem opfølgning
      </button>
    </form>
  );
}
