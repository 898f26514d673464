import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * The one place that reaches into @prisma/schema-engine-wasm's private wasm-bindgen glue
 * (schema_engine_bg.js): the package's entry `import`s its .wasm file, which Node cannot, so the
 * glue is loaded and instantiated by hand. Everything else uses the engine through the module
 * this returns.
 *
 * At an upgrade of @prisma/schema-engine-wasm (pinned exactly in package.json), check that:
 * - the glue is still `schema_engine_bg.js` beside `schema_engine_bg.wasm`, exported as the
 *   `@prisma/schema-engine-wasm/schema_engine_bg` subpath, and the wasm imports it under
 *   "./schema_engine_bg.js";
 * - `__wbg_set_wasm` still hands the glue the instance's exports, and `__wbindgen_start` (if any)
 *   still starts it;
 * - the engine's timers still come through imports named `__wbg_setTimeout_*` (otherwise its
 *   ~10 s timers keep a process alive after migrating: subgraphs/crm/test shows it as a hang).
 * The migration tests (subgraphs/crm/test) exercise every path through here.
 */

// lib is ES2022 without DOM, where the WebAssembly global is not declared; this is the part used.
declare const WebAssembly: {
  instantiate(
    bytes: Uint8Array,
    imports: Record<string, Record<string, unknown>>,
  ): Promise<{ instance: { exports: Record<string, unknown> } }>;
};

type EngineModule = typeof import("@prisma/schema-engine-wasm/schema_engine_bg");
let engineModule: Promise<EngineModule> | undefined;

/**
 * Instantiates the wasm engine once per process. Node cannot `import` a .wasm file, so the
 * package entry is bypassed: the JS glue is imported and the .wasm bytes are instantiated here.
 * The engine leaves ~10 s timers pending; they are unref'd so they never keep a process alive.
 */
export function loadEngineModule(): Promise<EngineModule> {
  engineModule ??= (async () => {
    const glue = await import("@prisma/schema-engine-wasm/schema_engine_bg");
    const wasmPath = join(dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg")), "schema_engine_bg.wasm");
    const imports: Record<string, unknown> = { ...glue };
    for (const [name, value] of Object.entries(glue)) {
      if (name.startsWith("__wbg_setTimeout_") && typeof value === "function") {
        imports[name] = (...args: unknown[]) => {
          const timer = (value as (...a: unknown[]) => unknown)(...args);
          (timer as NodeJS.Timeout | undefined)?.unref?.();
          return timer;
        };
      }
    }
    const { instance } = await WebAssembly.instantiate(readFileSync(wasmPath), { "./schema_engine_bg.js": imports });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as (() => void) | undefined)?.();
    return glue;
  })();
  return engineModule;
}
