import { useEffect } from "react";
import { useMutation, useQuery } from "urql";
import { MarkNotificationsReadDocument, NotificationsDocument } from "../generated/graphql";
import { formatDateTime, formatNumber } from "../format";
import { DEPARTMENT_SHORT, NOTIFICATION_KIND } from "../labels";
import type { LiveState } from "../live";
import { href } from "../router";
import { Alert, GraphErrors, Loading } from "../ui";

const LIVE_TEXT: Record<LiveState, string> = {
  connecting: "Forbinder til live opdatering …",
  live: "Live: nye notifikationer vises, så snart de kommer.",
  unavailable: "Live opdatering ikke tilgængelig: listen hentes igen hvert halve minut og hver gang, du åbner siden.",
};

export function Notifications({ live, version, onUnreadChanged }: { live: LiveState; version: number; onUnreadChanged: () => void }) {
  const [{ data, error, fetching }, refetch] = useQuery({ query: NotificationsDocument, requestPolicy: "network-only" });
  const [marking, mark] = useMutation(MarkNotificationsReadDocument);
  useEffect(() => {
    if (version > 0) refetch({ requestPolicy: "network-only" });
  }, [version, refetch]);
  const notifications = data?.me?.notifications;
  // The header's unread count follows the list whenever the list is fresher.
  const unreadCount = notifications?.unreadCount;
  useEffect(() => {
    if (unreadCount !== undefined) onUnreadChanged();
  }, [unreadCount, onUnreadChanged]);
  const unreadIds = notifications?.edges.filter((edge) => !edge.node.read).map((edge) => edge.node.id) ?? [];
  const markRead = async (ids: string[]) => {
    await mark({ ids });
    refetch({ requestPolicy: "network-only" });
  };
  return (
    <>
      <h1 tabIndex={-1}>Notifikationer</h1>
      <p className={`live-state live-${live}`} role="status">
        {LIVE_TEXT[live]}
      </p>
      <GraphErrors error={error ?? marking.error} />
      {fetching && !data && <Loading what="notifikationer" />}
      {notifications && (
        <>
          <p>
            {formatNumber(notifications.unreadCount)} ulæste af {formatNumber(notifications.totalCount)}.{" "}
            {unreadIds.length > 0 && (
              <button type="button" className="button button-secondary" onClick={() => markRead(unreadIds)} disabled={marking.fetching}>
                Markér alle som læst
              </button>
            )}
          </p>
          {notifications.edges.length === 0 && (
            <Alert kind="info">Ingen notifikationer. Følg en virksomhed for at få besked, når dens sager og tilladelser ændrer sig.</Alert>
          )}
          <ul className="notifications plain">
            {notifications.edges.map(({ node }) => (
              <li key={node.id} className={node.read ? "read" : "unread"}>
                <p className="notification-head">
                  {!node.read && <span className="badge badge-info">Ny</span>} <strong>{NOTIFICATION_KIND[node.kind]}</strong> ·{" "}
                  {node.department ? <>{DEPARTMENT_SHORT[node.department]} · </> : null}
                  <a href={href({ name: "virksomhed", cvr: node.company.cvr })}>{node.company.name}</a>
                </p>
                <p>{node.text}</p>
                <p className="subtle">
                  <time dateTime={node.occurredAt}>{formatDateTime(node.occurredAt)}</time>
                  {!node.read && (
                    <>
                      {" "}
                      <button type="button" className="function-link" onClick={() => markRead([node.id])}>
                        Markér som læst
                        <span className="sr-only">
                          : {NOTIFICATION_KIND[node.kind]}, {node.company.name}
                        </span>
                      </button>
                    </>
                  )}
                </p>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
