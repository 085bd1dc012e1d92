// `npm run schema`: writes docs/config.schema.json from the built zod schema (dist/) and the key
// descriptions of docs/configuration.md. test/config-json-schema.test.ts fails while the file is stale.
import { readFileSync, writeFileSync } from "node:fs";
import { configJsonSchema } from "../dist/config-json-schema.js";

const docs = new URL("../docs/configuration.md", import.meta.url);
const out = new URL("../docs/config.schema.json", import.meta.url);
writeFileSync(out, `${JSON.stringify(configJsonSchema(readFileSync(docs, "utf8")), null, 2)}\n`);
process.stdout.write(`wrote ${out.pathname}\n`);
