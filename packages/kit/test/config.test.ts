import { refusePlainBrokerUrls } from "../src/config";

describe("broker URLs in production", () => {
  const names = ["CASE_EVENTS_URL", "NOTIFICATION_SIGNALS_URL"];
  const production = { NODE_ENV: "production" };

  it("refuses amqp:// and http:// to another host, naming each variable, Danish first", () => {
    const check = () =>
      refusePlainBrokerUrls(
        { CASE_EVENTS_URL: "amqp://crm:secret@broker.kk.dk:5672/kk", NOTIFICATION_SIGNALS_URL: "http://10.0.0.7:4109" },
        names,
        production,
      );
    expect(check).toThrow(
      /^Ugyldig konfiguration \/ Invalid configuration:\n {2}CASE_EVENTS_URL: ukrypteret forbindelse til en anden maskine afvises i produktion; brug amqps:\/\/ \/ unencrypted connection/,
    );
    expect(check).toThrow(/\n {2}NOTIFICATION_SIGNALS_URL: ukrypteret/);
  });

  it("never repeats the password it refuses", () => {
    let message = "";
    try {
      refusePlainBrokerUrls({ CASE_EVENTS_URL: "amqp://crm:hemmelig@broker.kk.dk" }, names, production);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain("CASE_EVENTS_URL");
    expect(message).not.toContain("hemmelig");
  });

  it.each([
    ["amqps to another host", "amqps://crm:secret@broker.kk.dk:5671/kk?heartbeat=30"],
    ["https to another host", "https://broker.kk.dk"],
    ["amqp to 127.0.0.1", "amqp://guest:guest@127.0.0.1:5672"],
    ["amqp to 127.x", "amqp://guest:guest@127.1.2.3:5672"],
    ["amqp to localhost", "amqp://guest:guest@LOCALHOST:5672"],
    ["amqp to ::1", "amqp://guest:guest@[::1]:5672"],
    ["unset", undefined],
  ])("accepts %s", (_case, url) => {
    expect(() => refusePlainBrokerUrls({ CASE_EVENTS_URL: url }, names, production)).not.toThrow();
  });

  it("does not take a look-alike host for loopback", () => {
    for (const url of ["amqp://u:p@127.0.0.1.nip.io", "amqp://u:p@localhost.evil.example", "amqp://u:p@[::ffff:10.0.0.1]"]) {
      expect(() => refusePlainBrokerUrls({ CASE_EVENTS_URL: url }, names, production)).toThrow(/CASE_EVENTS_URL: ukrypteret/);
    }
  });

  it("leaves development and tests alone", () => {
    for (const NODE_ENV of [undefined, "development", "test"]) {
      expect(() => refusePlainBrokerUrls({ CASE_EVENTS_URL: "amqp://guest:guest@broker.kk.dk" }, names, { NODE_ENV })).not.toThrow();
    }
  });
});
