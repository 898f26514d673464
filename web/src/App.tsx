import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Provider, useQuery } from "urql";
import { graphClient } from "./client";
import { resumeSession, signOut, workspaceConfig, type Session, type WorkspaceConfig } from "./auth";
import { HeaderDocument } from "./generated/graphql";
import { EMPLOYEE_ROLE } from "./labels";
import { subscribeToNotifications, type LiveState } from "./live";
import { href, useRoute, type Route } from "./router";
import { Icon, Loading } from "./ui";
import { Login } from "./screens/Login";
import { MyCompanies } from "./screens/MyCompanies";
import { Search } from "./screens/Search";
import { CompanyPage } from "./screens/CompanyPage";
import { Inquiries } from "./screens/Inquiries";
import { Notifications } from "./screens/Notifications";
import { ServiceLevels } from "./screens/ServiceLevels";

/** Without the live stream, notifications are fetched again this often (and on every visit to the list). */
const REFETCH_MS = 30_000;

export function App() {
  const [config, setConfig] = useState<WorkspaceConfig | null>(null);
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  useEffect(() => {
    workspaceConfig()
      .catch(() => ({ oidc: null }))
      .then((loaded) => {
        setConfig(loaded);
        return resumeSession(loaded);
      })
      .then(setSession, () => setSession(null));
  }, []);
  const client = useMemo(() => (session ? graphClient(session.token) : null), [session]);
  if (session === undefined || !config) return <Loading what="din session" />;
  if (!session || !client) return <Login config={config} onSignedIn={setSession} />;
  return (
    <Provider value={client}>
      <Workspace
        session={session}
        onSignOut={() => {
          signOut();
          setSession(null);
        }}
      />
    </Provider>
  );
}

const NAVIGATION: { route: Route; label: string }[] = [
  { route: { name: "mine" }, label: "Mine virksomheder" },
  { route: { name: "soeg" }, label: "Søg" },
  { route: { name: "notifikationer" }, label: "Notifikationer" },
  { route: { name: "servicemaal" }, label: "Servicemål" },
];

function Workspace({ session, onSignOut }: { session: Session; onSignOut: () => void }) {
  const route = useRoute();
  const [header, refetchHeader] = useQuery({ query: HeaderDocument, requestPolicy: "cache-and-network" });
  const [live, setLive] = useState<LiveState>("connecting");
  const [notificationsVersion, setNotificationsVersion] = useState(0);
  const refreshUnread = useCallback(() => refetchHeader({ requestPolicy: "network-only" }), [refetchHeader]);
  const notificationArrived = useCallback(() => {
    refetchHeader({ requestPolicy: "network-only" });
    setNotificationsVersion((version) => version + 1);
  }, [refetchHeader]);
  useEffect(() => subscribeToNotifications(session.token, notificationArrived, setLive), [session.token, notificationArrived]);
  useEffect(() => {
    if (live !== "unavailable") return;
    const timer = setInterval(notificationArrived, REFETCH_MS);
    return () => clearInterval(timer);
  }, [live, notificationArrived]);

  // Focus moves to the new screen's heading, so a screen reader hears where it is.
  const main = useRef<HTMLElement>(null);
  useEffect(() => {
    main.current?.querySelector("h1")?.focus();
  }, [route]);

  const me = header.data?.me;
  const unread = me?.notifications.unreadCount ?? 0;
  return (
    <>
      <a className="skipnav" href="#indhold" onClick={(event) => (event.preventDefault(), main.current?.querySelector("h1")?.focus())}>
        Gå til sidens indhold
      </a>
      <header className="workspace-header">
        <div className="container header-row">
          <a className="brand" href={href({ name: "mine" })}>
            <Icon name="business" /> Virksomhedsoverblik
            <span className="brand-owner">Københavns Kommune</span>
          </a>
          <div className="who">
            <span>{me ? `${me.employee.name}, ${EMPLOYEE_ROLE[me.employee.role]}` : session.label}</span>
            <button type="button" className="button button-tertiary" onClick={onSignOut}>
              Log ud
            </button>
          </div>
        </div>
        <nav className="container" aria-label="Hovedmenu">
          <ul className="main-nav">
            {NAVIGATION.map((item) => (
              <li key={item.route.name}>
                <a href={href(item.route)} aria-current={route.name === item.route.name ? "page" : undefined}>
                  {item.label}
                  {item.route.name === "notifikationer" && (
                    <span className="badge badge-info unread" aria-label={`${unread} ulæste`}>
                      {unread}
                    </span>
                  )}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="indhold" ref={main} className="container">
        {route.name === "mine" && <MyCompanies />}
        {route.name === "soeg" && <Search />}
        {route.name === "virksomhed" && <CompanyPage key={route.cvr} cvr={route.cvr} />}
        {route.name === "henvendelser" && <Inquiries key={route.cvr} cvr={route.cvr} me={me?.employee.id} />}
        {route.name === "notifikationer" && <Notifications live={live} version={notificationsVersion} onUnreadChanged={refreshUnread} />}
        {route.name === "servicemaal" && <ServiceLevels />}
      </main>
    </>
  );
}
