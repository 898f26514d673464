-- Every new notification, whatever inserted it (a case event, a sweeper, a later code path), is
-- announced on the channel notification_added when its transaction commits (NOTIFY is delivered
-- on commit and dropped on rollback). The payload carries ids only: the CRM forwards it to the
-- gateways (src/notification/signals.ts), which resolve the notification through the graph.
CREATE FUNCTION "notification_added_signal"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('notification_added', json_build_object('notificationId', NEW."id", 'employeeId', NEW."employeeId")::text);
  RETURN NULL;
END;
$$;

CREATE TRIGGER "Notification_added_signal" AFTER INSERT ON "Notification" FOR EACH ROW EXECUTE FUNCTION "notification_added_signal"();
