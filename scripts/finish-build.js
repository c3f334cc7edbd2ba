// Runs after tsc (npm run build, and the test suite's global setup).
import { cpSync } from "node:fs";
import { build } from "esbuild";

// Built-in .njk templates are read at run time, so the compiled library needs them beside it.
cpSync("src/generator/templates", "dist/generator/templates", { recursive: true });

// A render process loads one file instead of ~200 modules (this package's, nunjucks',
// sanitize-html's and postcss's): it starts in ~70 ms rather than ~185 ms, which every build
// waits for before its first page is checked, and it may read nothing but this file.
await build({
  entryPoints: ["dist/generator/render/render-worker.js"],
  outfile: "dist/generator/render/render-process.js",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // Bundled CommonJS (nunjucks, sanitize-html) requires Node's built-in modules.
  banner: {
    js: 'import { createRequire as __swCreateRequire } from "node:module"; const require = __swCreateRequire(import.meta.url);',
  },
  legalComments: "none",
  logLevel: "warning",
});
