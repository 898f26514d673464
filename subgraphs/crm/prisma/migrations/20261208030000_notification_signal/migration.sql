-- Every new notification, whatever inserted it (a case event, a sweeper, a later code path), is
-- announced on the channel notification_added when its transaction commits (NOTIFY is delivered
-- on commit and dropped on rollback). The payload carries ids only: the CRM forwards it to the
-- gateways (src/notification/signals.ts), which resolve the notification through the graph.
-- The body's semicolons are written \073 in an E'' string: @prisma/adapter-pg runs a migration
-- split at every semicolon, which would cut a dollar-quoted body apart.
CREATE FUNCTION "notification_added_signal"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  PERFORM pg_notify(''notification_added'', json_build_object(''notificationId'', NEW."id", ''employeeId'', NEW."employeeId")::text)\073
  RETURN NULL\073
END\073
';

CREATE TRIGGER "Notification_added_signal" AFTER INSERT ON "Notification" FOR EACH ROW EXECUTE FUNCTION "notification_added_signal"();
