import http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { cachedAnswer } from "../src/readiness-cache";
import { cappedMessage, MAX_ERROR_MESSAGE_LENGTH } from "../src/request-errors";

describe("the readiness answer is reused briefly", () => {
  it("checks the subgraphs once per interval, however often /ready is called", async () => {
    let now = 0;
    let checks = 0;
    const app = express();
    app.get(
      "/ready",
      cachedAnswer(2_000, () => now),
      (_req, res) => {
        checks++;
        res.status(503).json({ ready: false, check: checks });
      },
    );
    const server = http.createServer(app).listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ready`;
    try {
      for (let i = 0; i < 5; i++) {
        const response = await fetch(url);
        expect(response.status).toBe(503);
        expect(await response.json()).toEqual({ ready: false, check: 1 });
      }
      now += 2_000;
      expect(await (await fetch(url)).json()).toEqual({ ready: false, check: 2 });
      expect(checks).toBe(2);
    } finally {
      server.close();
    }
  });
});

describe("error messages", () => {
  it("are capped, so a huge invalid literal is not echoed back", () => {
    const message = `String cannot represent a non string value: ${"9".repeat(489_000)}`;
    const capped = cappedMessage({ message, extensions: { code: "GRAPHQL_VALIDATION_FAILED" } });
    expect(capped.message.length).toBeLessThan(MAX_ERROR_MESSAGE_LENGTH + 40);
    expect(capped.message).toMatch(/afkortet/);
    expect(capped.extensions).toEqual({ code: "GRAPHQL_VALIDATION_FAILED" });
    expect(cappedMessage({ message: "short" })).toEqual({ message: "short" });
  });
});
