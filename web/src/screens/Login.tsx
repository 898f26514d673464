import { useEffect, useState, type FormEvent } from "react";
import { demoUsers, signIn, signInWithOidc, type DemoUser, type Session, type WorkspaceConfig } from "../auth";
import { Alert, Loading } from "../ui";

export function Login({ config, onSignedIn }: { config: WorkspaceConfig; onSignedIn: (session: Session) => void }) {
  const [users, setUsers] = useState<DemoUser[] | null | undefined>(undefined);
  const [chosen, setChosen] = useState("");
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    demoUsers().then(setUsers, (failure: Error) => {
      setUsers([]);
      setError(failure.message);
    });
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const user = users?.find((candidate) => String(candidate.user) === chosen);
    if (!user) return setError("Vælg en bruger.");
    setError(null);
    try {
      onSignedIn(await signIn(user));
    } catch (failure) {
      setError((failure as Error).message);
    }
  };

  return (
    <main id="indhold" className="container login">
      <h1>Virksomhedsoverblik</h1>
      <p className="font-lead">
        Københavns Kommunes overblik over virksomhederne: sager, tilladelser og henvendelser på tværs af forvaltningerne.
      </p>
      {config.oidc && (
        <p>
          <button
            type="button"
            className="button button-primary"
            onClick={() => signInWithOidc(config.oidc!).catch((failure: Error) => setError(`Log ind mislykkedes: ${failure.message}`))}
          >
            Log ind med kommunens login
          </button>
        </p>
      )}
      {users === undefined && <Loading what="brugere" />}
      {users === null && !config.oidc && (
        <Alert kind="info" heading="Ingen måde at logge ind på">
          <p>
            Denne installation har hverken kommunens login (WEB_OIDC_ISSUER og WEB_OIDC_CLIENT_ID på gatewayen) eller udviklingsbrugere.
          </p>
        </Alert>
      )}
      {users === null && error && <Alert kind="error">{error}</Alert>}
      {users && users.length > 0 && (
        <form onSubmit={submit} noValidate>
          <div className={`form-group${error ? " form-error" : ""}`}>
            <label className="form-label" htmlFor="demo-user">
              Log ind som (udvikling)
            </label>
            <span className="form-hint" id="demo-user-hint">
              Udviklingsudstederen laver et token til den valgte demobruger. Valget huskes, til fanen lukkes.
            </span>
            {error && (
              <span className="form-error-message" id="demo-user-error">
                <span className="sr-only">Fejl: </span>
                {error}
              </span>
            )}
            <select
              id="demo-user"
              className="form-select"
              value={chosen}
              onChange={(event) => setChosen(event.target.value)}
              aria-describedby={error ? "demo-user-hint demo-user-error" : "demo-user-hint"}
            >
              <option value="">Vælg en bruger</option>
              {users.map((user) => (
                <option key={user.user} value={user.user}>
                  {user.label}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className={`button ${config.oidc ? "button-secondary" : "button-primary"}`}>
            Log ind som demobruger
          </button>
        </form>
      )}
      {users && users.length === 0 && error && (
        <Alert kind="error" heading="Kunne ikke hente brugerne">
          {error}
        </Alert>
      )}
    </main>
  );
}
