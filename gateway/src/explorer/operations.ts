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

/** Every example operation in `dir`, by file name; none when the folder is absent (e.g. in a container). */
export function loadExampleOperations(dir = DEFAULT_OPERATIONS_DIR): ExampleOperation[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith(".graphql"))
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
