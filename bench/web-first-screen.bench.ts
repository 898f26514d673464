// Virksomhedsoverblik's first screen on the small profile: the whole graph in this process (the
// test harness, as `npm start` runs it), the gateway serving web/dist, Debian's Chromium. Each of
// five runs opens /app/ in a fresh context (empty cache) until the log-in form is usable (the demo
// users loaded), then logs in as the key account manager until "Mine virksomheder" lists the first company.
import { join } from "node:path";
import { startGraph } from "../test/harness/graph";
import { launchChromium } from "../test/browser/chromium";

const RUNS = 5;

it("measures the first screen", async () => {
  const graph = await startGraph({ explorer: { environment: "development" }, webAppDir: join(__dirname, "..", "web", "dist") });
  const browser = await launchChromium();
  const loginReady: number[] = [];
  const firstScreen: number[] = [];
  try {
    for (let run = 0; run < RUNS; run++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "da-DK" });
      const page = await context.newPage();
      const opened = performance.now();
      await page.goto(`${graph.gatewayBase}/app/`);
      await page.locator("#demo-user option").nth(1).waitFor({ state: "attached" });
      loginReady.push(performance.now() - opened);
      const value = await page.locator("#demo-user option", { hasText: /^Key account manager/ }).getAttribute("value");
      await page.selectOption("#demo-user", value!);
      const loggingIn = performance.now();
      await page.getByRole("button", { name: "Log ind som demobruger" }).click();
      await page.locator("main table tbody tr a").first().waitFor();
      firstScreen.push(performance.now() - loggingIn);
      await context.close();
    }
  } finally {
    await browser.close();
    await graph.stop();
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const ms = (value: number) => `${Math.round(value)} ms`.padStart(9);
  process.stdout.write(
    [
      `\nfirst screen, small profile (${RUNS} runs, fresh cache each)   median    slowest`,
      `log-in form usable after opening /app/           ${ms(median(loginReady))}  ${ms(Math.max(...loginReady))}`,
      `"Mine virksomheder" listed after logging in      ${ms(median(firstScreen))}  ${ms(Math.max(...firstScreen))}\n`,
    ].join("\n") + "\n",
  );
});
