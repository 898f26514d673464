/**
 * "A new notification for employee X": what the CRM announces to every gateway replica when a
 * Notification row is committed, so the replica holding X's live stream resolves it through the
 * graph. Ids only, never the notification's content: a signal that reaches the wrong replica or
 * is read off the broker tells nothing of the change.
 */
export interface NotificationSignal {
  employeeId: string;
  notificationId: string;
}

/** The fanout exchange of the signals on AMQP; each gateway replica binds an exclusive queue of its own. */
export const NOTIFICATION_SIGNALS_EXCHANGE = "crm.notifikationer";

/** The simulated broker's path for the signals (mocks/broker). */
export const NOTIFICATION_SIGNALS_PATH = "/notification-signals";

const ID = /^[\w.:@-]{1,200}$/;

/**
 * A signal from its JSON text, or undefined when it is not one: whatever the broker hands over is
 * checked, since a signal only ever names whom to look up, a malformed one is dropped.
 */
export function parseNotificationSignal(text: string): NotificationSignal | undefined {
  if (text.length > 1_000) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  const { employeeId, notificationId } = value as Record<string, unknown>;
  if (typeof employeeId !== "string" || !ID.test(employeeId) || typeof notificationId !== "string" || !ID.test(notificationId))
    return undefined;
  return { employeeId, notificationId };
}
