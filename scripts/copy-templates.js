// Built-in .njk templates are read at run time, so the compiled library needs them beside it.
import { cpSync } from "node:fs";

cpSync("src/generator/templates", "dist/generator/templates", { recursive: true });
