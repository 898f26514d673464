import { crmConfig } from "../src/config";

describe("the CRM's broker URLs in production", () => {
  it("refuses the business events or the signals over unencrypted AMQP to the broker's host", () => {
    expect(() => crmConfig({ NODE_ENV: "production", CASE_EVENTS_URL: "amqp://crm:secret@broker.kk.dk:5672/kk" })).toThrow(
      /CASE_EVENTS_URL: ukrypteret forbindelse til en anden maskine afvises i produktion; brug amqps:\/\//,
    );
    expect(() =>
      crmConfig({
        NODE_ENV: "production",
        CASE_EVENTS_URL: "amqps://crm:secret@broker.kk.dk:5671/kk",
        NOTIFICATION_SIGNALS_URL: "amqp://crm:secret@signals.kk.dk",
      }),
    ).toThrow(/NOTIFICATION_SIGNALS_URL: ukrypteret/);
  });

  it("takes amqps:// in production and a local amqp:// anywhere", () => {
    expect(
      crmConfig({ NODE_ENV: "production", CASE_EVENTS_URL: "amqps://crm:secret@broker.kk.dk:5671/kk?heartbeat=30" }).CASE_EVENTS_URL,
    ).toBe("amqps://crm:secret@broker.kk.dk:5671/kk?heartbeat=30");
    expect(crmConfig({ NODE_ENV: "production", CASE_EVENTS_URL: "amqp://guest:guest@127.0.0.1:5672" }).CASE_EVENTS_URL).toBe(
      "amqp://guest:guest@127.0.0.1:5672",
    );
  });
});
