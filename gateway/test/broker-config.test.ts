import { gatewayConfig } from "../src/config";

describe("the gateway's signal broker URL in production", () => {
  it("refuses unencrypted AMQP to the broker's host and takes amqps://", () => {
    expect(() => gatewayConfig({ NODE_ENV: "production", NOTIFICATION_SIGNALS_URL: "amqp://gateway:secret@broker.kk.dk:5672" })).toThrow(
      /NOTIFICATION_SIGNALS_URL: ukrypteret forbindelse til en anden maskine afvises i produktion; brug amqps:\/\//,
    );
    expect(
      gatewayConfig({ NODE_ENV: "production", NOTIFICATION_SIGNALS_URL: "amqps://gateway:secret@broker.kk.dk:5671" })
        .NOTIFICATION_SIGNALS_URL,
    ).toBe("amqps://gateway:secret@broker.kk.dk:5671");
  });
});
