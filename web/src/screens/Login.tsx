import { useEffect, useState, type FormEvent } from "react";
import { demoUsers, signIn, type DemoUser, type Session } from "../auth";
import { Alert, Loading } from "../ui";

export function Login({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
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
      <p className="font-lead">Københavns Kommunes overblik over virksomhederne: sager, tilladelser og henvendelser på tværs af forvaltningerne.</p>
      {users === undefined && <Loading what="brugere" />}
      {users === null && (
        <Alert kind="info" heading="Log ind med kommunens login er ikke sat op">
          <p>Denne installation udsteder ingen udviklingsbrugere, og log ind via kommunens OpenID Connect-udbyder findes endnu ikke i arbejdsområdet.</p>
        </Alert>
      )}
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
            <select id="demo-user" className="form-select" value={chosen} onChange={(event) => setChosen(event.target.value)} aria-describedby={error ? "demo-user-hint demo-user-error" : "demo-user-hint"}>
              <option value="">Vælg en bruger</option>
              {users.map((user) => (
                <option key={user.user} value={user.user}>
                  {user.label}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button button-primary">
            Log ind
          </button>
        </form>
      )}
      {users && users.length === 0 && error && <Alert kind="error" heading="Kunne ikke hente brugerne">{error}</Alert>}
    </main>
  );
}
