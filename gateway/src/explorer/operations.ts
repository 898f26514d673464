import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";

/** The golden operations (test/operations/*.graphql), shown as tabs in the development explorer. */
export const DEFAULT_OPERATIONS_DIR = join(__dirname, "..", "..", "..", "test", "operations");

export interface ExampleOperation {
  name: string;
  query: string;
  /** From `<Name>.variables.json` next to the operation, when there is one. */
  variables?: string;
}

/**
 * The integration partners' change feed and webhook management: a partner runs them by trusted id
 * from its own system, never from the explorer, and a registered webhook would send the demo's
 * changes to whatever address was typed in. They stay golden operations, not clickable examples.
 */
const PARTNER_INTEGRATION_OPERATIONS = new Set([
  "PartnerChanges",
  "RegisterWebhook",
  "WebhookSubscriptions",
  "DisableWebhook",
  "EnableWebhook",
  "RotateWebhookSecret",
]);

/** Every example operation in `dir`, by file name; none when the folder is absent (e.g. in a container). */
export function loadExampleOperations(dir = DEFAULT_OPERATIONS_DIR): ExampleOperation[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith(".graphql") && !PARTNER_INTEGRATION_OPERATIONS.has(basename(file, ".graphql")))
    .sort()
    .map((file) => {
      const name = basename(file, ".graphql");
      const variablesFile = join(dir, `${name}.variables.json`);
      return {
        name,
        query: readFileSync(join(dir, file), "utf8"),
        ...(existsSync(variablesFile) ? { variables: readFileSync(variablesFile, "utf8") } : {}),
      };
    });
}
