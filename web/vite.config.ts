import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// dkfds exports only its script; its stylesheet, fonts and icon sprite are files beside it.
const dkfdsDist = join(dirname(createRequire(import.meta.url).resolve("dkfds")), "..");

// Served by the gateway under /app/ (gateway/src/web-app.ts); every asset is bundled, so the page
// loads nothing from any other host.
export default defineConfig({
  base: "/app/",
  plugins: [react()],
  resolve: { alias: { "dkfds-dist": dkfdsDist } },
  build: { outDir: "dist", assetsInlineLimit: 0, sourcemap: false, modulePreload: { polyfill: false } },
});
